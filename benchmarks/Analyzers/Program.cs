using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using LockAnalyzers.Benchmarks;
using LockAnalyzers.Cli;
using Microsoft.CodeAnalysis;

// Usage: dotnet run -c Release --project benchmarks/Analyzers -- [folder-of-cs-files] [--lines N] [--seed N] [--runs N]
//        [--rules CA1031,CA1822] [--refs folder-of-dlls] [--netanalyzers folder] [--write-code folder] [--out report.md] [--concurrent]
//        [--warmup PERCENT] [--warmup-runs N] [--list-diagnostics file.tsv] [--implicit-usings]
var options = BenchmarkOptions.Parse(args);
if (options == null)
{
    Console.Error.WriteLine("usage: LockAnalyzers.Benchmarks [folder] [--lines N] [--seed N] [--runs N] [--rules CA1031,CA1822] [--refs dir] [--netanalyzers dir] [--write-code dir] [--out file.md] [--concurrent] [--warmup PERCENT] [--warmup-runs N] [--list-diagnostics file.tsv] [--implicit-usings]");
    return 2;
}

var sources = options.Folder != null
    ? FolderSources.Files(options.Folder)
        .Select(p => (Path: p, Text: File.ReadAllText(p)))
        .ToList()
    : CodeBaseGenerator.Generate(options.Lines, options.Seed).ToList();
if (options.ImplicitUsings)
{
    // What the SDK generates for <ImplicitUsings>enable</ImplicitUsings>: without it, File, Path and Task of such a project bind to nothing.
    sources.Add(("ImplicitUsings.g.cs", "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\nglobal using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\nglobal using global::System.Threading.Tasks;\n"));
}

if (options.WriteCode != null)
{
    foreach (var (path, text) in sources)
    {
        var target = Path.Combine(options.WriteCode, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
    }
}

var lineCount = sources.Sum(s => CodeBaseGenerator.CountLines(s.Text));
var references = FolderSources.FrameworkReferences(options.ReferenceFolder);
var analyzers = AnalyzerSet.Load(options.NetAnalyzers, options.ReferenceRules);
Console.WriteLine($"code base: {(options.Folder ?? "generated, seed " + options.Seed)}: {sources.Count} files, {lineCount:N0} lines");
Console.WriteLine($"analyzers: {analyzers.LockAnalyzers.Length} LockAnalyzers ({string.Join(", ", analyzers.LockAnalyzers.Select(analyzers.NameOf))}), reference: {string.Join(", ", analyzers.ReferenceAnalyzers.Select(analyzers.NameOf))}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");

if (options.ListDiagnostics != null)
{
    // Accuracy, not timing (benchmarks/Corpus): one run, no warm-up, every LCK diagnostic with its place.
    var listed = BenchmarkRun.Execute(sources, references, analyzers, analyzers.NameOf, options.Concurrent);
    DiagnosticList.Write(options.ListDiagnostics, options.Folder, listed);
    Console.WriteLine($"{listed.Diagnostics.Count(d => d.Id.StartsWith("LCK", StringComparison.Ordinal))} LCK diagnostics written to {options.ListDiagnostics}; compiler errors {listed.CompilerErrors}, analyzer exceptions {listed.AnalyzerExceptions.Count}");
    foreach (var exception in listed.AnalyzerExceptions.Distinct().Take(20))
    {
        Console.WriteLine("ANALYZER EXCEPTION: " + exception);
    }

    return listed.AnalyzerExceptions.Count > 0 ? 1 : 0;
}

// Untimed warm-up runs, so the figures are those of a warm compiler process (the compiler server, an IDE) and every
// analyzer's code has been through the JIT's tiers. One run is not enough: a rule's callbacks run once per tree, and
// tiered compilation still had the rules' hottest methods unoptimized during the first run and instrumented during
// the second, while the reference rules' (called per catch clause) were already optimized. The cold figures (the first
// warm-up run, JIT included) are printed for comparison.
var warmUpFiles = Math.Max(1, (int)Math.Round(sources.Count * options.WarmUpPercent / 100.0));
for (var w = 0; w < options.WarmUpRuns; w++)
{
    var warmUp = BenchmarkRun.Execute(sources.Take(warmUpFiles).ToList(), references, analyzers, analyzers.NameOf, options.Concurrent);
    var warmUpLock = analyzers.LockAnalyzers.Sum(a => warmUp.AnalyzerMs[analyzers.NameOf(a)]);
    var warmUpCa = warmUp.AnalyzerMs.Where(kv => kv.Key.StartsWith("CA1031", StringComparison.Ordinal)).Sum(kv => kv.Value);
    Console.WriteLine($"warm-up run {w + 1}/{options.WarmUpRuns}{(w == 0 ? " (cold)" : string.Empty)} on {warmUpFiles} files: compile {warmUp.CompileMs:F0} ms, LockAnalyzers total {warmUpLock:F1} ms, CA1031 {warmUpCa:F1} ms");
}

var runs = new List<RunResult>();
for (var i = 0; i < options.Runs; i++)
{
    var run = BenchmarkRun.Execute(sources, references, analyzers, analyzers.NameOf, options.Concurrent);
    runs.Add(run);
    var lockTotal = analyzers.LockAnalyzers.Sum(a => run.AnalyzerMs[analyzers.NameOf(a)]);
    Console.WriteLine($"run {i + 1}/{options.Runs}: parse {run.ParseMs:F0} ms, bind+emit {run.EmitMs:F0} ms, analyzer driver {run.AnalyzerDriverMs:F0} ms ({run.AnalyzerAllocatedBytes / 1e6:F0} MB allocated, {run.AnalyzerGcCount} garbage collections, {run.AnalyzerGcPauseMs:F0} ms paused), LockAnalyzers total {lockTotal:F1} ms ({string.Join(" ", analyzers.LockAnalyzers.Select(a => run.AnalyzerMs[analyzers.NameOf(a)].ToString("F0", CultureInfo.InvariantCulture)))}), compiler errors {run.CompilerErrors}; CPU: compile {run.CompileCpuMs:F0} ms, analyzer driver {run.AnalyzerDriverCpuMs:F0} ms");
    foreach (var exception in run.AnalyzerExceptions.Distinct().Take(20))
    {
        Console.WriteLine("ANALYZER EXCEPTION: " + exception);
    }
}

var report = Report.Build(options, sources.Count, lineCount, analyzers, runs);
Console.WriteLine();
Console.WriteLine(report);
if (options.Out != null)
{
    File.WriteAllText(options.Out, report);
}

return runs.Any(r => r.AnalyzerExceptions.Count > 0) ? 1 : 0;

internal sealed class BenchmarkOptions
{
    public string? Folder { get; private set; }
    public int Lines { get; private set; } = 300_000;
    public int Seed { get; private set; } = 20261125;
    public int Runs { get; private set; } = 3;
    public double WarmUpPercent { get; private set; } = 100;
    public int WarmUpRuns { get; private set; } = 3;
    public bool Concurrent { get; private set; }
    public IReadOnlyList<string> ReferenceRules { get; private set; } = new[] { "CA1031", "CA1822" };
    public string? ReferenceFolder { get; private set; }
    public string NetAnalyzers { get; private set; } = Path.Combine(AppContext.BaseDirectory, "netanalyzers");
    public string? WriteCode { get; private set; }
    public string? Out { get; private set; }
    public string? ListDiagnostics { get; private set; }
    public bool ImplicitUsings { get; private set; }

    public static BenchmarkOptions? Parse(string[] args)
    {
        var o = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            switch (args[i])
            {
                case "--lines": o.Lines = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--runs": o.Runs = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--rules": o.ReferenceRules = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--refs": o.ReferenceFolder = Next(); break;
                case "--netanalyzers": o.NetAnalyzers = Next(); break;
                case "--write-code": o.WriteCode = Next(); break;
                case "--out": o.Out = Next(); break;
                case "--list-diagnostics": o.ListDiagnostics = Next(); break;
                case "--implicit-usings": o.ImplicitUsings = true; break;
                case "--concurrent": o.Concurrent = true; break;
                case "--warmup-runs": o.WarmUpRuns = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--warmup": o.WarmUpPercent = Math.Clamp(double.Parse(Next(), CultureInfo.InvariantCulture), 1, 100); break;
                case "-h" or "--help": return null;
                default:
                    if (args[i].StartsWith('-') || o.Folder != null || !Directory.Exists(args[i]))
                    {
                        Console.Error.WriteLine("unknown argument or missing folder: " + args[i]);
                        return null;
                    }

                    o.Folder = args[i];
                    break;
            }
        }

        return o;
    }
}

internal static class Report
{
    public static string Build(BenchmarkOptions options, int files, int lines, AnalyzerSet analyzers, IReadOnlyList<RunResult> runs)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var sb = new StringBuilder();
        var parse = Median(runs.Select(r => r.ParseMs));
        var emit = Median(runs.Select(r => r.EmitMs));
        var compile = Median(runs.Select(r => r.CompileMs));
        var driver = Median(runs.Select(r => r.AnalyzerDriverMs));
        var lockTotal = Median(runs.Select(r => analyzers.LockAnalyzers.Sum(a => r.AnalyzerMs[analyzers.NameOf(a)])));
        var last = runs[^1];

        sb.AppendLine(CultureInfo.InvariantCulture, $"Code base: {(options.Folder ?? "generated (seed " + options.Seed + ")")}, {files:N0} files, {lines:N0} lines; {options.WarmUpRuns} warm-up runs, then {runs.Count} runs, medians; compiler errors: {last.CompilerErrors}; {(options.Concurrent ? "concurrent build and analysis (as csc runs)" : "one thread")}.");
        sb.AppendLine();
        sb.AppendLine("| what | median ms | % of compile | diagnostics |");
        sb.AppendLine("|---|---:|---:|---:|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| compiler: parse | {parse:F0} | {100 * parse / compile:F1} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| compiler: bind + diagnostics + emit | {emit:F0} | {100 * emit / compile:F1} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **compiler total** | **{compile:F0}** | 100 | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| analyzer driver wall time (all analyzers below, incl. its own binding) | {driver:F0} | {100 * driver / compile:F1} | |");
        foreach (var analyzer in analyzers.ReferenceAnalyzers.Concat(analyzers.LockAnalyzers))
        {
            var name = analyzers.NameOf(analyzer);
            var ms = Median(runs.Select(r => r.AnalyzerMs[name]));
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct();
            var count = ids.Sum(id => last.DiagnosticCounts.TryGetValue(id, out var c) ? c : 0);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {ms:F1} | {100 * ms / compile:F3} | {count} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| **all LockAnalyzers rules** | **{lockTotal:F1}** | **{100 * lockTotal / compile:F3}** | {analyzers.LockAnalyzers.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).Distinct().Sum(id => last.DiagnosticCounts.TryGetValue(id, out var c) ? c : 0)} |");
        sb.AppendLine();

        var ca1031 = analyzers.ReferenceAnalyzers.FirstOrDefault(a => a.SupportedDiagnostics.Any(d => d.Id == "CA1031"));
        if (ca1031 != null)
        {
            var caMs = Median(runs.Select(r => r.AnalyzerMs[analyzers.NameOf(ca1031)]));
            var ratio = lockTotal / caMs;
            sb.AppendLine(CultureInfo.InvariantCulture, $"- All LockAnalyzers rules / CA1031: {ratio:F2} (target <= 0.50: {(ratio <= 0.5 ? "met" : "NOT met")})");
            // The ratio within one analyzer pass is less sensitive to the machine's load than absolute times; per run and median.
            var perRun = runs.Select(r => analyzers.LockAnalyzers.Sum(a => r.AnalyzerMs[analyzers.NameOf(a)]) / r.AnalyzerMs[analyzers.NameOf(ca1031)]).ToList();
            sb.AppendLine(CultureInfo.InvariantCulture, $"- Same ratio per run: {string.Join(", ", perRun.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} (median {Median(perRun):F2})");
        }

        var share = lockTotal / compile;
        sb.AppendLine(CultureInfo.InvariantCulture, $"- All LockAnalyzers rules / compile time (wall / wall): {100 * share:F3} % (target <= 1 %: {(share <= 0.01 ? "met" : "NOT met")})");
        var compileCpu = Median(runs.Select(r => r.CompileCpuMs));
        var lockCpu = Median(runs.Select(r => analyzers.LockAnalyzers.Sum(a => r.AnalyzerMs[analyzers.NameOf(a)]) / r.AnalyzerContention));
        var cpuShare = lockCpu / compileCpu;
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Same on CPU time (compile CPU {compileCpu:F0} ms; analyzer wall times divided by the driver's wall/CPU ratio, median {Median(runs.Select(r => r.AnalyzerContention)):F2}): LockAnalyzers {lockCpu:F1} ms = {100 * cpuShare:F3} % of compile (target <= 1 %: {(cpuShare <= 0.01 ? "met" : "NOT met")})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Per run (ms, LockAnalyzers total): {string.Join(", ", runs.Select(r => analyzers.LockAnalyzers.Sum(a => r.AnalyzerMs[analyzers.NameOf(a)]).ToString("F1", CultureInfo.InvariantCulture)))}; compile: {string.Join(", ", runs.Select(r => r.CompileMs.ToString("F0", CultureInfo.InvariantCulture)))}");
        var exceptions = runs.Sum(r => r.AnalyzerExceptions.Count);
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Analyzer exceptions: {exceptions}");
        return sb.ToString();
    }
}
