using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace LockAnalyzers.Tests.Robustness;

/// <summary>
/// Every analyzer and fixer test input, broken the way an editor sees it while someone types, must produce no
/// analyzer or fixer exception. The default run is bounded to stay well under a minute on a 2-core CI machine;
/// set LOCKANALYZERS_FUZZ_FULL=1 to truncate after every token of every input (no time limit), or
/// LOCKANALYZERS_FUZZ_SECONDS=N to give the bounded run more (or less) time.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261125;
    private const int DefaultTruncationsPerInput = 30;
    private const int DefaultDeletionsPerInput = 8;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(45);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Mixes truncations and deletions of one input in a fixed order.</summary>
    private static int StableOrder(FuzzCorpus.Variant variant)
    {
        unchecked
        {
            var hash = 23;
            foreach (var c in variant.Mutation)
            {
                hash = hash * 31 + c;
            }

            return hash;
        }
    }

    [Fact]
    public void Corpus_HarvestsSamplesAndBuiltInShapes()
    {
        var corpus = FuzzCorpus.Load();
        Assert.Contains(corpus, i => i.Origin.StartsWith("built-in:", StringComparison.Ordinal));
        Assert.Contains(corpus, i => i.Origin.StartsWith("samples/", StringComparison.Ordinal));
        _output.WriteLine($"{corpus.Count} inputs: {corpus.Count(i => i.Origin.StartsWith("tests/", StringComparison.Ordinal))} from rule tests, "
            + $"{corpus.Count(i => i.Origin.StartsWith("samples/", StringComparison.Ordinal))} samples, {corpus.Count(i => i.Origin.Contains(':', StringComparison.Ordinal))} built-in/regression");
    }

    [Fact]
    public void Harvest_StripsMarkupFromRawAndVerbatimLiterals()
    {
        var testFile = "class T { string a = \"\"\"\n    using System.IO;\n    class C { void M() { {|#0:File.Delete(\"a.lock\")|}; [|File.Exists(\"b\")|]; {|LCK001:x|}; } }\n    \"\"\"; "
            + "string b = @\"using System; class D { void N() { int x = 1; } }\"; string c = \"not code\"; string d = $$\"\"\"\n    class E { void O() { {{hole}} int y = 2; } }\n    \"\"\"; }";
        var harvested = FuzzCorpus.HarvestCodeLiterals(testFile).ToList();
        Assert.Equal(3, harvested.Count);
        Assert.Equal("using System.IO;\nclass C { void M() { File.Delete(\"a.lock\"); File.Exists(\"b\"); x; } }", harvested[0]);
        Assert.Equal("using System; class D { void N() { int x = 1; } }", harvested[1]);
        Assert.StartsWith("using System;", harvested[2], StringComparison.Ordinal);
        Assert.EndsWith("class E { void O() {  int y = 2; } }", harvested[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedAndDamagedInputs_NoAnalyzerOrFixerException()
    {
        var full = Environment.GetEnvironmentVariable("LOCKANALYZERS_FUZZ_FULL") == "1";
        var corpus = FuzzCorpus.Load();
        // Round-robin over the inputs (each input's own text first, so fixers see its real diagnostics), so that a
        // run cut short by the time budget still covers every input.
        var perInput = corpus
            .Select(input => new[] { new FuzzCorpus.Variant(input.Origin, "unchanged", input.Text) }
                .Concat(FuzzCorpus.Mutate(input, full ? null : DefaultTruncationsPerInput, full ? 40 : DefaultDeletionsPerInput, Seed).OrderBy(v => StableOrder(v)))
                .ToList())
            .ToList();
        var variants = Enumerable.Range(0, perInput.Max(v => v.Count))
            .SelectMany(i => perInput.Where(v => i < v.Count).Select(v => v[i]))
            .ToList();
        var budget = double.TryParse(Environment.GetEnvironmentVariable("LOCKANALYZERS_FUZZ_SECONDS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeBudget;

        var failures = new ConcurrentQueue<string>();
        var kinds = new ConcurrentDictionary<string, int>();
        var watch = Stopwatch.StartNew();
        var ran = 0;
        var diagnostics = 0;
        var stoppedEarly = false;
        await Parallel.ForEachAsync(
            variants,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            async (variant, ct) =>
            {
                if (!full && watch.Elapsed > budget)
                {
                    stoppedEarly = true;
                    return;
                }

                var project = AnalyzerHarness.FuzzProject(variant.Text);
                var outcome = await AnalyzerHarness.RunAsync(project, runFixers: true, ct);
                Interlocked.Increment(ref ran);
                kinds.AddOrUpdate(variant.Mutation.Split(' ')[0], 1, (_, n) => n + 1);
                Interlocked.Add(ref diagnostics, outcome.Diagnostics.Count(d => d.Id.StartsWith("LCK", StringComparison.Ordinal)));
                foreach (var failure in outcome.Failures)
                {
                    failures.Enqueue($"{variant.Origin} [{variant.Mutation}]: {failure}");
                }
            });

        _output.WriteLine($"{ran} of {variants.Count} fuzz cases from {corpus.Count} inputs in {watch.Elapsed.TotalSeconds:F1} s; "
            + $"{AnalyzerHarness.Analyzers.Length} analyzers, {AnalyzerHarness.Fixers.Length} fixers, {diagnostics} LCK diagnostics reported, fixers run on each"
            + (stoppedEarly ? "; stopped at the time budget" : string.Empty)
            + "; by kind: " + string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + " " + k.Value)));
        Assert.True(failures.IsEmpty, $"{failures.Count} failures; first ones:{Environment.NewLine}{string.Join(Environment.NewLine + Environment.NewLine, failures.Take(5))}");
    }
}
