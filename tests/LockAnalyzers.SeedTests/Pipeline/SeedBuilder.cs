using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using LockAnalyzers.SeedTests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.SeedTests.Pipeline;

/// <summary>
/// Analyze → fix → emit, once per seed per test run (cached): the legacy build is the seed port as written, the fixed
/// build is the same files after the fix loop. Both get the same scenario harness and a generated entry point, and are
/// emitted to artifacts/seed-tests/&lt;seed&gt;/{legacy,fixed}/ with a runtimeconfig.json so `dotnet X.dll` runs them.
/// </summary>
public static class SeedBuilder
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<SeedBuild>>> Builds = new();

    public static string SamplesDirectory { get; } = Path.Combine(RepositoryRoot.Path, "samples", "LegacyLocks");

    public static Task<SeedBuild> GetAsync(SeedDefinition seed) =>
        Builds.GetOrAdd(seed.Id, _ => new Lazy<Task<SeedBuild>>(() => BuildAsync(seed))).Value;

    private static async Task<SeedBuild> BuildAsync(SeedDefinition seed)
    {
        var outputRoot = Path.Combine(RepositoryRoot.Artifacts, seed.Id);
        if (Directory.Exists(outputRoot))
        {
            Directory.Delete(outputRoot, recursive: true);
        }

        Directory.CreateDirectory(outputRoot);

        using var workspace = new Microsoft.CodeAnalysis.AdhocWorkspace();
        var projectId = ProjectId.CreateNewId(seed.Id);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilationOptions = new CSharpCompilationOptions(
            OutputKind.ConsoleApplication,
            nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release,
            mainTypeName: "SeedRunner.EntryPoint");
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            seed.Id,
            seed.Id,
            LanguageNames.CSharp,
            compilationOptions: compilationOptions,
            parseOptions: parseOptions,
            metadataReferences: SeedReferences.All));

        var seedPath = Path.Combine(SamplesDirectory, "Seeds", seed.SeedFile);
        var legacySource = await File.ReadAllTextAsync(seedPath);
        var seedDocument = DocumentId.CreateNewId(projectId, seed.SeedFile);
        solution = solution.AddDocument(seedDocument, seed.SeedFile, SourceText.From(legacySource), filePath: seedPath);
        foreach (var harness in new[] { "ScenarioKit.cs", seed.ScenarioFile })
        {
            var path = Path.Combine(SamplesDirectory, "Scenarios", harness);
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, harness), harness, SourceText.From(await File.ReadAllTextAsync(path)), filePath: path);
        }

        solution = solution.AddDocument(
            DocumentId.CreateNewId(projectId, "EntryPoint.cs"),
            "EntryPoint.cs",
            SourceText.From($"namespace SeedRunner {{ public static class EntryPoint {{ public static int Main(string[] args) => LegacyLocks.Scenarios.{seed.ScenarioClass}.Run(args); }} }}"),
            filePath: Path.Combine(outputRoot, "EntryPoint.cs"));

        var legacyCompilation = (await solution.GetProject(projectId)!.GetCompilationAsync())!;
        var legacyAll = await LockTooling.AnalyzeAsync(legacyCompilation);
        var legacyTree = await solution.GetDocument(seedDocument)!.GetSyntaxTreeAsync();
        var legacyDll = Emit(legacyCompilation, Path.Combine(outputRoot, "legacy"), seed.Id + ".legacy", out var legacyErrors);
        if (legacyDll == null)
        {
            throw new InvalidOperationException($"{seed.Id}: the legacy port does not compile:\n" + string.Join("\n", legacyErrors.Select(SeedBuild.Format)));
        }

        var loop = new FixLoop();
        var fixedSolution = await loop.RunAsync(solution, seedDocument);
        var fixedDocument = fixedSolution.GetDocument(seedDocument)!;
        var fixedSource = (await fixedDocument.GetTextAsync()).ToString();
        await File.WriteAllTextAsync(Path.Combine(outputRoot, seed.SeedFile.Replace(".cs", ".fixed.cs")), fixedSource);
        await File.WriteAllTextAsync(Path.Combine(outputRoot, seed.SeedFile.Replace(".cs", ".legacy.cs")), legacySource);

        var fixedCompilation = (await fixedSolution.GetProject(projectId)!.GetCompilationAsync())!;
        var fixedAll = await LockTooling.AnalyzeAsync(fixedCompilation);
        var fixedTree = await fixedDocument.GetSyntaxTreeAsync();
        var fixedDll = Emit(fixedCompilation, Path.Combine(outputRoot, "fixed"), seed.Id + ".fixed", out var fixedErrors);

        var build = new SeedBuild
        {
            Seed = seed,
            LegacySource = legacySource,
            FixedSource = fixedSource,
            LegacyDiagnostics = legacyAll.Where(d => d.Location.SourceTree == legacyTree && IsLock(d)).ToImmutableArray(),
            RemainingDiagnostics = fixedAll.Where(d => d.Location.SourceTree == fixedTree && IsLock(d)).ToImmutableArray(),
            HarnessDiagnostics = legacyAll.Where(d => d.Location.SourceTree != legacyTree && IsLock(d)).ToImmutableArray(),
            AnalyzerFailures = legacyAll.Concat(fixedAll).Where(d => !IsLock(d)).ToImmutableArray(),
            Applied = loop.Applied,
            FixProblems = loop.Problems,
            LegacyDll = legacyDll,
            FixedDll = fixedDll,
            FixedCompileErrors = fixedErrors,
        };
        await File.WriteAllTextAsync(Path.Combine(outputRoot, "pipeline.txt"), build.Describe());
        return build;
    }

    private static bool IsLock(Diagnostic d) => d.Id.StartsWith("LCK", StringComparison.Ordinal);

    /// <summary>Emits an exe-like dll plus runtimeconfig.json and the app-local assemblies; null (with errors) when it does not compile.</summary>
    private static string? Emit(Compilation compilation, string directory, string assemblyName, out ImmutableArray<Diagnostic> errors)
    {
        Directory.CreateDirectory(directory);
        compilation = compilation.WithAssemblyName(assemblyName);
        var dll = Path.Combine(directory, assemblyName + ".dll");
        using (var stream = File.Create(dll))
        {
            var result = compilation.Emit(stream);
            errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            if (!result.Success)
            {
                stream.Close();
                File.Delete(dll);
                return null;
            }
        }

        var version = Environment.Version;
        var runtimeConfig = new
        {
            runtimeOptions = new
            {
                tfm = $"net{version.Major}.{version.Minor}",
                framework = new { name = "Microsoft.NETCore.App", version = $"{version.Major}.{version.Minor}.0" },
            },
        };
        File.WriteAllText(Path.Combine(directory, assemblyName + ".runtimeconfig.json"), JsonSerializer.Serialize(runtimeConfig));
        foreach (var assembly in SeedReferences.AppLocalAssemblies)
        {
            File.Copy(assembly, Path.Combine(directory, Path.GetFileName(assembly)), overwrite: true);
        }

        return dll;
    }
}
