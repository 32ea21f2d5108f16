using System.Diagnostics;
using LockAnalyzers.SeedTests.Infrastructure;
using LockAnalyzers.SeedTests.Pipeline;
using LockAnalyzers.SeedTests.Processes;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Seeds;

/// <summary>
/// Shared shape of a seed's tests: (1)+(2) the pipeline — the seed's rules fire on the port, every offered fix applies
/// through FixAll, and (3) the fixed code compiles with the runtime — and (4) the scenario in real processes, legacy
/// build showing the failure, fixed build not.
/// </summary>
[Collection(SeedCollection.Name)]
public abstract class SeedScenarioTest
{
    protected SeedScenarioTest(SeedDefinition seed, ITestOutputHelper output)
    {
        Seed = seed;
        Output = output;
    }

    protected SeedDefinition Seed { get; }

    protected ITestOutputHelper Output { get; }

    protected async Task<SeedBuild> BuildAsync()
    {
        var build = await SeedBuilder.GetAsync(Seed);
        Output.WriteLine(build.Describe());
        return build;
    }

    protected async Task AssertPipelineAsync()
    {
        var build = await BuildAsync();
        Assert.True(build.AnalyzerFailures.IsEmpty, "analyzer failures:\n" + string.Join("\n", build.AnalyzerFailures.Select(SeedBuild.Format)));
        Assert.True(build.HarnessDiagnostics.IsEmpty, "the scenario harness is not lock code but got:\n" + string.Join("\n", build.HarnessDiagnostics.Select(SeedBuild.Format)));
        var missing = Seed.ExpectedRules.Except(build.RulesFired).ToArray();
        Assert.True(missing.Length == 0, $"{Seed.Id}: expected rules that did not fire on the port: {string.Join(", ", missing)}\n{build.Describe()}");
        Assert.True(build.FixedCompileErrors.IsEmpty, $"{Seed.Id}: the fixed code does not compile:\n{build.Describe()}\n{build.FixedSource}");
        Assert.True(build.Applied.Count > 0, $"{Seed.Id}: no fix was applied\n{build.Describe()}");
    }

    /// <summary>Runs the scenario against the legacy build and asserts the seed's failure shows in at least one round.</summary>
    protected async Task AssertLegacyFailsAsync()
    {
        var build = await BuildAsync();
        if (SkipReason() is { } skip)
        {
            Output.WriteLine(skip);
            return;
        }

        var outcome = RunScenario(build.LegacyDll, "legacy");
        Report(outcome);
        Assert.True(outcome.FailedRounds > 0, $"the legacy build of {Seed.Id} did not show the seed's failure in {outcome.Rounds} rounds\n{outcome}");
    }

    /// <summary>Runs the scenario against the fixed build and asserts no round fails.</summary>
    protected async Task AssertFixedSurvivesAsync()
    {
        var build = await BuildAsync();
        Assert.True(build.FixedDll != null, $"{Seed.Id}: the fixed code does not compile:\n{build.Describe()}");
        if (SkipReason() is { } skip)
        {
            Output.WriteLine(skip);
            return;
        }

        var outcome = RunScenario(build.FixedDll!, "fixed");
        Report(outcome);
        Assert.True(outcome.FailedRounds == 0, $"the fixed build of {Seed.Id} failed {outcome.FailedRounds} of {outcome.Rounds} rounds\n{outcome}\n{build.Describe()}");
    }

    /// <summary>A reason to skip the scenario on this machine (see <see cref="Facilities"/>), or null.</summary>
    protected virtual string? SkipReason() => null;

    protected abstract ScenarioOutcome RunScenario(string dll, string buildName);

    protected string ScratchDirectory(string buildName)
    {
        var directory = Path.Combine(RepositoryRoot.Artifacts, Seed.Id, "run-" + buildName);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    protected static string[] Args(params object[] args) => args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)!).ToArray();

    protected static long UnixMsFromNow(int milliseconds) => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + milliseconds;

    /// <summary>
    /// The start line: once every child said "ready" (they are started, JIT-warm and waiting), write the common start
    /// instant into the go file. Process start-up on a loaded machine takes seconds; a start time chosen before the
    /// children run would let late ones run their rounds back to back.
    /// </summary>
    protected static long Go(string goFile, IReadOnlyList<ChildProcess> children, int leadMs)
    {
        foreach (var child in children)
        {
            Assert.True(child.WaitForLine("ready", TimeSpan.FromSeconds(60)) != null, "a child never got ready: " + child.Describe());
        }

        var start = UnixMsFromNow(leadMs);
        var temporary = goFile + ".tmp";
        File.WriteAllText(temporary, start.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temporary, goFile, overwrite: true);
        return start;
    }

    /// <summary>Waits until a journal in <paramref name="journal"/> has a line of <paramref name="kind"/> from <paramref name="pid"/>.</summary>
    protected static JournalEvent? WaitForJournal(string journal, int pid, string kind, TimeSpan bound, ChildProcess? child = null)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < bound)
        {
            var hit = Journals.Read(journal).FirstOrDefault(e => e.Pid == pid && e.Kind == kind);
            if (hit != null)
            {
                return hit;
            }

            if (child is { HasExited: true })
            {
                return Journals.Read(journal).FirstOrDefault(e => e.Pid == pid && e.Kind == kind);
            }

            Thread.Sleep(20);
        }

        return null;
    }

    private void Report(ScenarioOutcome outcome)
    {
        outcome.Save();
        Output.WriteLine(outcome.ToString());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeedCollection
{
    public const string Name = "seed scenarios (real processes, timing-sensitive: never in parallel)";
}
