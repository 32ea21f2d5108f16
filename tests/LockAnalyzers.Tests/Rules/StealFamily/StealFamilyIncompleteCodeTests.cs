using System.Collections.Immutable;
using LockAnalyzers.Rules;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using LockAnalyzers.Rules.LCK002;
using LockAnalyzers.Rules.LCK003;
using LockAnalyzers.Rules.LCK008;

namespace LockAnalyzers.Tests.Rules.StealFamily;

/// <summary>
/// LCK002, LCK003 and LCK008 over code as it is typed in an editor: missing tokens, unknown names, error types,
/// half-written lambdas. No analyzer may throw (an exception surfaces as AD0001).
/// </summary>
public class StealFamilyIncompleteCodeTests
{
    public static TheoryData<string> Snippets() => new()
    {
        """
        using System; using System.IO;
        class C { void M(string lockPath) { File.Delete(lockPath); File.WriteAllText(lockPath, ) } }
        """,
        """
        using System; using System.IO;
        class C { void M(string lockPath) { if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > ) File.Delete( } }
        """,
        """
        using System; using System.IO;
        class C { void M(string lockPath) { while (true) { if (Unknown(lockPath)) { File.Delete(lockPath); continue; } new FileStream(lockPath, Mode.X); } } }
        """,
        """
        using System; using System.IO; using System.Diagnostics;
        class C { bool M(string pidFile) { var pid = int.Parse(File.ReadAllText(pidFile)); return Process.GetProcessById( } }
        """,
        """
        using System; using System.IO; using System.Diagnostics;
        class C { bool M(string pidFile) { int.TryParse(File.ReadAllText(pidFile), out var pid); Process.GetProcesses().Any(p => p.Id == ) } }
        """,
        """
        using System; using System.IO;
        class C { void M(string lockPath) { var fi = new FileInfo(lockPath); if (fi.LastWriteTimeUtc < DateTime.UtcNow.Add) fi.Delete(); fi.Create( } }
        """,
        """
        using System; using System.IO; using System.Threading.Tasks;
        class C { Task M(string lockPath) => Task.Run(async () => { if (IsStale(lockPath)) File.Delete(lockPath); await File.WriteAllTextAsync(lockPath, }); bool IsStale(string p) => File.GetLastWriteTimeUtc(p) < }
        """,
        """
        using System.IO;
        class C { string P => "a.lock"; C() { File.Delete(P); File.Create(P); } ~C() { File.Delete(P) } int this[int i] { get { File.Delete(P); return File.Create(P).ReadByte(); } } }
        """,
        """
        class C { void M() { File.Delete(lockPath); } }
        """,
        """
        using System; using System.IO;
        class C { void M(string lockPath) { local(); void local() { if (File.GetLastWriteTime(lockPath) < DateTime.Now.AddHours(-1)) { File.Delete(lockPath); } File.Create(lockPath) } } }
        """,
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task No_analyzer_exception(string source)
    {
        var compilation = SnippetCompilation.Create(source);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new LCK002StaleByTimestampAloneAnalyzer(),
            new LCK003DeleteThenCreateAnalyzer(),
            new LCK008PidOnlyLivenessAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
