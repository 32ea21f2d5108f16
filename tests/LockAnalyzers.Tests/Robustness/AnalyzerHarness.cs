using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Tests.Robustness;

/// <summary>
/// Runs every LockAnalyzers analyzer and code-fix provider (found by reflection, so new rules are covered without
/// edits here) over arbitrary, possibly broken code, and collects every exception instead of stopping at the first.
/// </summary>
public static class AnalyzerHarness
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        typeof(LockAnalyzerBase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixers { get; } =
        typeof(LockAnalyzers.CodeFixes.Infrastructure.RuntimeReference).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The running framework's assemblies, LockAnalyzers.Runtime and Microsoft.Extensions.Logging.Abstractions.</summary>
    public static ImmutableArray<MetadataReference> FullReferences { get; } = CreateFullReferences();

    public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest);

    public static CSharpCompilationOptions CompilationOptions(OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false)
            .WithSpecificDiagnosticOptions(Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct()
                .ToDictionary(id => id, _ => ReportDiagnostic.Warn));

    private static readonly Lazy<MefHostServices> CSharpOnlyHost = new Lazy<MefHostServices>(() =>
        MefHostServices.Create(MefHostServices.DefaultAssemblies.Where(a => a.GetName().Name?.Contains("VisualBasic", StringComparison.Ordinal) != true)));

    /// <summary>A C#-only workspace project (no Visual Basic services loaded) holding the given files.</summary>
    public static Project CreateProject(
        IEnumerable<(string Path, string Text)> files,
        IEnumerable<MetadataReference>? references = null,
        OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var workspace = new AdhocWorkspace(CSharpOnlyHost.Value);
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Fuzz",
            "Fuzz",
            LanguageNames.CSharp,
            compilationOptions: CompilationOptions(kind),
            parseOptions: ParseOptions,
            metadataReferences: references ?? FullReferences));
        foreach (var (path, text) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    private static readonly Lazy<Document> FuzzBase = new Lazy<Document>(() =>
    {
        var project = CreateProject(new[] { ("/fuzz/Input.cs", "class Warm { }") });
        _ = project.GetCompilationAsync().GetAwaiter().GetResult()!.GetDiagnostics();
        return project.Documents.Single();
    });

    /// <summary>
    /// The one-file project of the fuzz test with the given text. Forked from one warm project, so the workspace
    /// swaps the syntax tree in the compilation it already has instead of binding 170 references again.
    /// </summary>
    public static Project FuzzProject(string text)
    {
        var document = FuzzBase.Value;
        return document.Project.Solution.WithDocumentText(document.Id, SourceText.From(text)).GetProject(document.Project.Id)!;
    }

    /// <summary>Runs every analyzer, then every fixer on every diagnostic it can fix; returns the diagnostics and all failures.</summary>
    public static async Task<HarnessOutcome> RunAsync(Project project, bool runFixers = true, CancellationToken cancellationToken = default)
    {
        var failures = new ConcurrentQueue<string>();
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var diagnostics = await AnalyzeAsync(compilation, Analyzers, failures, cancellationToken).ConfigureAwait(false);

        if (runFixers)
        {
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document == null)
                {
                    continue;
                }

                foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    await RunFixerAsync(fixer, document, diagnostic, failures, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new HarnessOutcome(diagnostics, failures.ToImmutableArray());
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ConcurrentQueue<string> failures,
        CancellationToken cancellationToken)
    {
        if (analyzers.IsEmpty)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (ex, analyzer, diagnostic) => failures.Enqueue("analyzer " + analyzer.GetType().Name + " threw: " + diagnostic.GetMessage() + Environment.NewLine + ex),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var crash in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            failures.Enqueue("analyzer diagnostic " + crash.Id + ": " + crash.GetMessage());
        }

        return diagnostics.Where(d => d.Id is not ("AD0001" or "AD0002")).ToImmutableArray();
    }

    private static async Task RunFixerAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, ConcurrentQueue<string> failures, CancellationToken cancellationToken)
    {
        var what = "fixer " + fixer.GetType().Name + " on " + diagnostic.Id + " at " + diagnostic.Location.GetLineSpan();
        try
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            foreach (var action in actions)
            {
                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                var apply = operations.OfType<ApplyChangesOperation>().FirstOrDefault();
                if (apply == null)
                {
                    continue;
                }

                // Materialize the changed documents: a fixer that builds a bad tree fails here, not in the IDE.
                foreach (var projectChanges in apply.ChangedSolution.GetChanges(document.Project.Solution).GetProjectChanges())
                {
                    foreach (var id in projectChanges.GetChangedDocuments())
                    {
                        var changed = apply.ChangedSolution.GetDocument(id)!;
                        _ = (await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!.ToFullString();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            failures.Enqueue(what + " threw: " + ex);
        }
    }

    private static ImmutableArray<MetadataReference> CreateFullReferences()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
            .Append(typeof(LockAnalyzers.Runtime.LockHeartbeat).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

public sealed record HarnessOutcome(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Failures);
