using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Tests.Robustness;

/// <summary>Analyzers and fixers on the compilations an IDE hands them that plain rule tests rarely build.</summary>
public sealed class EdgeCaseTests
{
    private static string Shape(string name) => BuiltInShapes.All.Single(s => s.Name == name).Text;

    private static async Task<HarnessOutcome> AssertNoCrashAsync(Project project)
    {
        var outcome = await AnalyzerHarness.RunAsync(project);
        Assert.True(outcome.Failures.IsEmpty, string.Join(Environment.NewLine + Environment.NewLine, outcome.Failures));
        return outcome;
    }

    [Fact]
    public async Task ErrorTypes_NoCrash()
    {
        const string source = """
            using System.IO;

            class C
            {
                private Missing _missing;

                void M(UnknownType t, string other)
                {
                    var lockPath = t.LockPath;
                    if (!File.Exists(lockPath)) File.Create(lockPath);
                    while (File.Exists(_missing.Path)) Thread.Sleep(10);
                    File.Delete(Undefined());
                    var stream = new FileStream(lockPath, FileMode.Bogus);
                    File.NoSuchMethod(lockPath);
                    File.Delete(lockPath, extra: 1);
                    File.WriteAllText(other.Lock, Unknown.Now - File.GetLastWriteTimeUtc(lockPath));
                    try { File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow); } catch (BogusException) { }
                    foreach (var x in t.Locks) { if (File.Exists(x)) continue; }
                    Process.GetProcessById(int.Parse(File.ReadAllText(lockPath)));
                }
            }
            """;
        await AssertNoCrashAsync(AnalyzerHarness.CreateProject(new[] { ("/src/ErrorTypes.cs", source) }));
    }

    [Fact]
    public async Task MissingReferences_MinimalCorlib_AnalyzersBailOut()
    {
        var project = AnalyzerHarness.CreateProject(
            BuiltInShapes.All.Select((s, i) => ($"/src/Shape{i}.cs", s.Text)),
            new[] { MinimalCorlib.Reference });
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Null(compilation.GetTypeByMetadataName("System.IO.File"));
        Assert.Null(KnownSymbols.TryCreate(compilation));

        var outcome = await AssertNoCrashAsync(project);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id.StartsWith("LCK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingReferences_NoReferencesAtAll_NoCrash()
    {
        var project = AnalyzerHarness.CreateProject(
            BuiltInShapes.All.Select((s, i) => ($"/src/Shape{i}.cs", s.Text)),
            Array.Empty<MetadataReference>());
        var outcome = await AssertNoCrashAsync(project);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id.StartsWith("LCK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutRuntimeReference_NoCrash()
    {
        var frameworkOnly = AnalyzerHarness.FullReferences
            .Where(r => !(r.Display ?? string.Empty).Contains("LockAnalyzers.Runtime", StringComparison.Ordinal))
            .ToList();
        var shapes = BuiltInShapes.All.Where(s => !s.Text.Contains("LockAnalyzers.Runtime", StringComparison.Ordinal));
        await AssertNoCrashAsync(AnalyzerHarness.CreateProject(shapes.Select((s, i) => ($"/src/Shape{i}.cs", s.Text)), frameworkOnly));
    }

    [Fact]
    public async Task TopLevelStatements_NoCrash()
    {
        var project = AnalyzerHarness.CreateProject(new[] { ("/src/Program.cs", Shape("top-level-wait-and-steal")) }, kind: OutputKind.ConsoleApplication);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        await AssertNoCrashAsync(project);
    }

    [Fact]
    public async Task PartialClassesAcrossFiles_NoCrash()
    {
        const string first = """
            using System.IO;

            namespace Shapes
            {
                public partial class Store
                {
                    private readonly string _lockPath = Path.Combine(Path.GetTempPath(), "store.lock");

                    partial void OnReleased();

                    public bool TryAcquire()
                    {
                        if (File.Exists(_lockPath)) return false;
                        File.WriteAllText(_lockPath, "me");
                        return true;
                    }
                }
            }
            """;
        const string second = """
            using System.IO;
            using System.Threading;

            namespace Shapes
            {
                public partial class Store
                {
                    public void Release()
                    {
                        File.Delete(_lockPath);
                        OnReleased();
                    }

                    partial void OnReleased()
                    {
                        while (File.Exists(_lockPath)) Thread.Sleep(10);
                    }
                }
            }
            """;
        var project = AnalyzerHarness.CreateProject(new[] { ("/src/Store.cs", first), ("/src/Store.Release.cs", second) });
        Assert.DoesNotContain((await project.GetCompilationAsync())!.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        await AssertNoCrashAsync(project);
    }

    [Fact]
    public async Task FileScopedNamespaces_NoCrash()
    {
        var project = AnalyzerHarness.CreateProject(new[] { ("/src/Heartbeat.cs", Shape("file-scoped-heartbeat-local-function")) });
        Assert.DoesNotContain((await project.GetCompilationAsync())!.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        await AssertNoCrashAsync(project);
    }

    [Fact]
    public async Task GeneratedCode_NoDiagnostics()
    {
        var shapes = BuiltInShapes.All.Where(s => s.Name != "top-level-wait-and-steal").ToList();
        string In(string ns, int i) => shapes[i].Text.Replace("namespace Shapes", "namespace " + ns + i, StringComparison.Ordinal);
        var files = Enumerable.Range(0, shapes.Count).SelectMany(i => new[]
        {
            ($"/src/Header{i}.cs", "// <auto-generated/>" + Environment.NewLine + In("Header", i)),
            ($"/src/Named{i}.g.cs", In("Named", i)),
            ($"/src/Designer{i}.designer.cs", In("Designer", i)),
        }).ToList();
        var project = AnalyzerHarness.CreateProject(files);
        var outcome = await AssertNoCrashAsync(project);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id.StartsWith("LCK", StringComparison.Ordinal));

        // The same code in a hand-written file is seen: the probe (a LockAnalyzerBase analyzer reporting every File.* call) proves the skip is the base's doing.
        var probeProject = AnalyzerHarness.CreateProject(files.Concat(Enumerable.Range(0, shapes.Count).Select(i => ($"/src/Visible{i}.cs", In("Visible", i)))));
        var compilation = (await probeProject.GetCompilationAsync())!;
        var failures = new ConcurrentQueue<string>();
        var probe = await AnalyzerHarness.AnalyzeAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new FileCallProbe()), failures, CancellationToken.None);
        Assert.Empty(failures);
        Assert.NotEmpty(probe);
        Assert.All(probe, d => Assert.StartsWith("/src/Visible", d.Location.SourceTree!.FilePath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GeneratedCodeAttribute_on_a_type_in_a_hand_written_file_NoDiagnostics()
    {
        // The rules run from one callback per tree; the driver must still drop what they find inside a [GeneratedCode] type.
        var shapes = BuiltInShapes.All.Where(s => s.Name != "top-level-wait-and-steal").ToList();
        var typeStart = new System.Text.RegularExpressions.Regex(@"^(\s*)((?:(?:public|internal|private|static|sealed|partial|abstract)\s+)*(?:class|record|struct)\s)", System.Text.RegularExpressions.RegexOptions.Multiline);
        var files = shapes.Select((s, i) => (
            $"/src/Attributed{i}.cs",
            typeStart.Replace(
                s.Text.Replace("namespace Shapes", "namespace Attributed" + i, StringComparison.Ordinal),
                "$1[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")]\n$1$2"))).ToList();
        var plain = shapes.Select((s, i) => ($"/src/Plain{i}.cs", s.Text.Replace("namespace Shapes", "namespace Plain" + i, StringComparison.Ordinal))).ToList();

        var attributed = await AssertNoCrashAsync(AnalyzerHarness.CreateProject(files));
        var visible = await AssertNoCrashAsync(AnalyzerHarness.CreateProject(plain));
        Assert.Contains(visible.Diagnostics, d => d.Id.StartsWith("LCK", StringComparison.Ordinal));
        Assert.Empty(attributed.Diagnostics.Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal)).Select(d => d.ToString()));
    }

    [Fact]
    public async Task VisualBasicFreeSolution_NoCrash()
    {
        foreach (var assembly in new[] { typeof(LockAnalyzerBase).Assembly, typeof(LockAnalyzers.CodeFixes.Infrastructure.RuntimeReference).Assembly })
        {
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name!.Contains("VisualBasic", StringComparison.Ordinal));
        }

        var project = AnalyzerHarness.CreateProject(BuiltInShapes.All.Where(s => s.Name != "top-level-wait-and-steal").Select((s, i) => ($"/src/Shape{i}.cs", s.Text)));
        Assert.DoesNotContain(LanguageNames.VisualBasic, project.Solution.Workspace.Services.SupportedLanguages);
        await AssertNoCrashAsync(project);
    }

    [Fact]
    public void Discovery_FindsEveryAnalyzerAndFixerByReflection()
    {
        var analyzerTypes = typeof(LockAnalyzerBase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .ToList();
        Assert.Equal(analyzerTypes.Count, AnalyzerHarness.Analyzers.Length);
        Assert.All(analyzerTypes, t => Assert.NotNull(t.GetCustomAttribute<DiagnosticAnalyzerAttribute>()));
        Assert.All(AnalyzerHarness.Fixers, f => Assert.NotNull(f.GetFixAllProvider()));
    }

#pragma warning disable RS1036, RS2008 // A test analyzer: not shipped, no release tracking.
    /// <summary>Reports every call to a System.IO.File method: a rule that would see all the lock code above.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class FileCallProbe : LockAnalyzerBase
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "LCKPROBE", "File call", "File call", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        internal override void OnCompilationStart(LockCompilationContext context) =>
            context.RegisterOperationAction(
                c =>
                {
                    if (SymbolEqualityComparer.Default.Equals(((IInvocationOperation)c.Operation).TargetMethod.ContainingType, context.Symbols.File))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, c.Operation.Syntax.GetLocation()));
                    }
                },
                OperationKind.Invocation);
    }
}
