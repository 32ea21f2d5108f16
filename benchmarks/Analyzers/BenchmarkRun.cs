using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Benchmarks;

/// <summary>What one repetition measured. All times in milliseconds, single-threaded (see docs/performance.md).</summary>
public sealed record RunResult(
    double ParseMs,
    double EmitMs,
    double AnalyzerDriverMs,
    IReadOnlyDictionary<string, double> AnalyzerMs,
    IReadOnlyDictionary<string, int> DiagnosticCounts,
    int CompilerErrors,
    IReadOnlyList<string> AnalyzerExceptions,
    double CompileCpuMs,
    double AnalyzerDriverCpuMs,
    IReadOnlyList<Diagnostic> Diagnostics,
    int AnalyzerGcCount,
    double AnalyzerGcPauseMs,
    long AnalyzerAllocatedBytes)
{
    /// <summary>The compiler's own time: parse, bind (with its diagnostics) and emit.</summary>
    public double CompileMs => ParseMs + EmitMs;

    /// <summary>
    /// Wall time over CPU time while the analyzers ran: above 1 when other processes competed for the cores.
    /// Analyzer times are wall times (Roslyn's telemetry); dividing by this estimates their CPU time.
    /// </summary>
    public double AnalyzerContention => AnalyzerDriverCpuMs > 0 ? Math.Max(1, AnalyzerDriverMs / AnalyzerDriverCpuMs) : 1;
}

/// <summary>
/// One repetition: parse the sources, compile them (Emit reports the compiler's diagnostics, so it binds every
/// method body), then run all analyzers on a fresh compilation of the same trees with execution times logged.
/// By default everything runs on one thread so that analyzer times (sums of callback times) and compile time are
/// comparable; <c>concurrent</c> runs the build and the analyzers concurrently, as csc does.
/// </summary>
public static class BenchmarkRun
{
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);

    public static RunResult Execute(
        IReadOnlyList<(string Path, string Text)> sources,
        IReadOnlyList<MetadataReference> references,
        AnalyzerSet analyzers,
        Func<DiagnosticAnalyzer, string> nameOf,
        bool concurrent = false)
    {
        var texts = sources.Select(s => (s.Path, Text: SourceText.From(s.Text))).ToList();

        // Each phase starts with no garbage left by the previous one, so a collection that the compile phase owes is not
        // charged to whichever analyzer callback happens to allocate first.
        CollectGarbage();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var trees = new List<SyntaxTree>(texts.Count);
        foreach (var (path, text) in texts)
        {
            trees.Add(CSharpSyntaxTree.ParseText(text, ParseOptions, path));
        }

        var parseMs = watch.Elapsed.TotalMilliseconds;

        var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: concurrent)
            .WithSpecificDiagnosticOptions(analyzers.Severities());

        watch.Restart();
        var compilation = CSharpCompilation.Create("Benchmark", trees, references, options);
        using (var peStream = new MemoryStream())
        {
            var emit = compilation.Emit(peStream);
            var emitMs = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            var compileCpuMs = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
            var errors = emit.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            if (errors > 0)
            {
                foreach (var error in emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5))
                {
                    Console.Error.WriteLine("compiler error: " + error);
                }
            }

            var exceptions = new ConcurrentQueue<string>();
            var analyzed = CSharpCompilation.Create("Benchmark", trees, references, options);
            var withAnalyzers = analyzed.WithAnalyzers(
                analyzers.All,
                new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    onAnalyzerException: (ex, analyzer, diagnostic) => exceptions.Enqueue(nameOf(analyzer) + ": " + diagnostic.GetMessage() + Environment.NewLine + ex),
                    concurrentAnalysis: concurrent,
                    logAnalyzerExecutionTime: true,
                    reportSuppressedDiagnostics: false));

            CollectGarbage();
            process.Refresh();
            cpuStart = process.TotalProcessorTime;
            var gcCount = GC.CollectionCount(0);
            var gcPause = GC.GetTotalPauseDuration();
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            watch.Restart();
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var driverMs = watch.Elapsed.TotalMilliseconds;
            gcCount = GC.CollectionCount(0) - gcCount;
            var gcPauseMs = (GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds;
            allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
            process.Refresh();
            var driverCpuMs = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;

            var perAnalyzer = new Dictionary<string, double>();
            foreach (var analyzer in analyzers.All)
            {
                var telemetry = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                perAnalyzer[nameOf(analyzer)] = telemetry.ExecutionTime.TotalMilliseconds;
            }

            var counts = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            return new RunResult(parseMs, emitMs, driverMs, perAnalyzer, counts, errors, exceptions.ToList(), compileCpuMs, driverCpuMs, diagnostics, gcCount, gcPauseMs, allocated);
        }
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
