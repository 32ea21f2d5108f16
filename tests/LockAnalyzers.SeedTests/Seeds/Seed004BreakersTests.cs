using LockAnalyzers.SeedTests.Infrastructure;
using LockAnalyzers.SeedTests.Pipeline;
using LockAnalyzers.SeedTests.Processes;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Seeds;

/// <summary>
/// Seed 004: a stale restart lock whose owner was SIGKILLed; three breaker processes race it every round, and each
/// restart lasts longer than the stale limit, so a release can come after a takeover. Legacy: two owners at once or a
/// deleted foreign lock. Fixed: one owner at a time, and no owner ever finds its lock file deleted or taken over.
/// </summary>
public sealed class Seed004BreakersTests : SeedScenarioTest
{
    private const int Breakers = 3;
    private const int StaleMs = 800;
    private const int HoldMs = 1100;
    private const int MaxWaitMs = 6000;
    private const int PeriodMs = 5000;

    public Seed004BreakersTests(ITestOutputHelper output)
        : base(SeedCatalog.Seed004, output)
    {
    }

    [Fact]
    public Task Rules_fire_and_fixed_code_compiles() => AssertPipelineAsync();

    [Fact]
    public Task Legacy_build_has_two_owners_or_deletes_a_foreign_lock() => AssertLegacyFailsAsync();

    [Fact]
    public Task Fixed_build_has_one_owner_at_a_time_and_foreign_locks_survive() => AssertFixedSurvivesAsync();

    protected override ScenarioOutcome RunScenario(string dll, string buildName)
    {
        var outcome = new ScenarioOutcome(Seed.Id, buildName);
        var rounds = SeedRounds.Pick(ci: 4, longRun: 40);
        var scratch = ScratchDirectory(buildName);
        var dir = Path.Combine(scratch, "fleet-homes");
        var journal = Path.Combine(scratch, "journal");
        var settings = Args("--dir", dir, "--rounds", rounds, "--stale-ms", StaleMs, "--max-wait-ms", MaxWaitMs, "--poll-ms", 50);

        using (var owner = ChildProcess.Start(dll, Args("owner").Concat(settings)))
        {
            Assert.True(owner.WaitForLine("ready", TimeSpan.FromSeconds(30)) != null, "owner never took the locks: " + owner.Describe());
            owner.Kill();
        }

        var staleSince = DateTime.UtcNow;
        var go = Path.Combine(scratch, "go");
        var breakers = Enumerable.Range(0, Breakers)
            .Select(_ => ChildProcess.Start(dll, Args("breaker").Concat(settings).Concat(Args("--journal", journal, "--go", go, "--period-ms", PeriodMs, "--hold-ms", HoldMs))))
            .ToList();
        try
        {
            var untilStale = (int)Math.Max(0, StaleMs + 300 - (DateTime.UtcNow - staleSince).TotalMilliseconds);
            Go(go, breakers, Math.Max(300, untilStale));

            // The fixed code never breaks a live holder, not even after MaxWaitMs (the legacy code did): a breaker waits
            // for every other breaker's restart of the round, so a round lasts at least Breakers × HoldMs, and on a
            // loaded machine each handoff adds to that. The bound is for a breaker that never finishes, not for speed.
            var roundMs = Math.Max(PeriodMs, Breakers * (HoldMs + 1000));
            var bound = TimeSpan.FromMilliseconds((long)rounds * roundMs + MaxWaitMs + 60_000);
            foreach (var breaker in breakers)
            {
                Assert.True(breaker.WaitForExit(bound), "a breaker did not finish: " + breaker.Describe() + "\n--- journal\n" + Timeline(journal));
            }

            var events = Journals.Read(journal);
            var spans = Journals.InsideSpans(events, byRound: true);
            for (var round = 0; round < rounds; round++)
            {
                var key = round.ToString();
                var failures = new List<string>();
                var overlaps = Journals.Overlaps(spans.Where(s => s.Round == key).ToList());
                if (overlaps.Count > 0)
                {
                    failures.Add($"{overlaps.Count} pairs of owners at once");
                }

                var lost = events.Count(e => e.Kind == "ownership" && e.Detail == key + " lost");
                if (lost > 0)
                {
                    failures.Add($"{lost} owner(s) found their lock deleted or taken over before they released");
                }

                failures.AddRange(events.Where(e => e.Kind == "error" && e.Round == key).Select(e => "breaker error " + e.Detail));
                var owners = events.Count(e => e.Kind == "enter" && e.Round == key);
                outcome.Round(round, failures, $"{owners} acquisitions");
            }

            outcome.Note("breaker 0: " + breakers[0].Describe());
        }
        finally
        {
            breakers.ForEach(b => b.Dispose());
        }

        return outcome;
    }

    /// <summary>Who entered and left each round when, in seconds from the first line: where a stuck breaker waited.</summary>
    private static string Timeline(string journal)
    {
        var events = Journals.Read(journal).Where(e => e.Kind is "enter" or "exit" or "ownership" or "error").ToList();
        var first = events.Count > 0 ? events[0].Timestamp : 0;
        return string.Join("\n", events.Select(e => $"{(e.Timestamp - first) / (double)System.Diagnostics.Stopwatch.Frequency:0.000} s  pid {e.Pid}  {e.Kind} {e.Detail}"));
    }
}
