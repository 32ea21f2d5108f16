using System.Collections.Immutable;
using System.Text;
using LockAnalyzers.Rules;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;
using LockAnalyzers.Rules.LCK004;
using LockAnalyzers.Rules.LCK005;

namespace LockAnalyzers.Tests.Rules.LCK004;

/// <summary>
/// LCK004 and LCK005 on a large file: mostly ordinary loops (which the syntactic filters must drop cheaply) and some
/// retry loops. Prints the analyzers' own execution time; the bound is loose because the machine is shared.
/// </summary>
public class LoopRulesPerformanceTests
{
    private readonly ITestOutputHelper _output;

    public LoopRulesPerformanceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Large_file_reports_only_its_retry_loops()
    {
        const int Methods = 400;
        var source = new StringBuilder(LoopSource.Usings).AppendLine("class Big {");
        for (var i = 0; i < Methods; i++)
        {
            source.AppendLine($$"""
                int Sum{{i}}(int[] xs) { var s = 0; for (var k = 0; k < xs.Length; k++) { if (xs[k] < 0) continue; s += xs[k]; } foreach (var x in xs) s += x; while (s > 100) s /= 2; return s; }
                """);
            if (i % 10 == 0)
            {
                source.AppendLine($$"""
                    void Acquire{{i}}(string lockPath, Stopwatch sw, TimeSpan t) { while (true) { try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; } catch (IOException) { continue; } Thread.Sleep(10); if (sw.Elapsed > t) throw new TimeoutException(); } }
                    void Wait{{i}}(string lockPath) { while (File.Exists(lockPath)) Thread.Sleep(10); }
                    """);
            }
        }

        source.AppendLine("}");
        var compilation = SnippetCompilation.Create(source.ToString());
        // The baseline runs first and absorbs the compiler's cost of building operation trees, which is shared.
        var baseline = new EveryLoopAnalyzer();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(baseline, new LCK004ContinueSkipsDeadlineAnalyzer(), new LCK005LockWaitWithoutDeadlineAnalyzer());
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        var total = TimeSpan.Zero;
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            if (analyzer != baseline)
            {
                total += telemetry.ExecutionTime;
            }

            _output.WriteLine($"{analyzer.GetType().Name}: {telemetry.ExecutionTime.TotalMilliseconds:F0} ms over {Methods} + {Methods / 10 * 2} methods");
        }

        Assert.Equal(Methods / 10, diagnostics.Count(d => d.Id == "LCK004"));
        Assert.Equal(Methods / 10, diagnostics.Count(d => d.Id == "LCK005"));
        // Speed is proven by benchmarks/Analyzers (docs/performance.md), not by a timed test; the time is only logged.
        _output.WriteLine($"LCK004+LCK005: {total.TotalMilliseconds:F0} ms");
    }

    /// <summary>Registers for every loop and does nothing: the cost any loop rule pays before its own work.</summary>
#pragma warning disable RS1036, RS1001
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EveryLoopAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticCatalogue.ContinueSkipsDeadline);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, OperationKind.Loop);
        }
    }
#pragma warning restore RS1036, RS1001
}
