using LockAnalyzers.SeedTests.Infrastructure;
using LockAnalyzers.SeedTests.Pipeline;
using LockAnalyzers.SeedTests.Processes;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Seeds;

/// <summary>
/// Seed 002: a stale lock whose owner was SIGKILLed; 8 contender processes break it at the same instant, every round.
/// A winner keeps the lock until late in the round, longer than anyone waits, so a second winner is (almost always) a
/// second holder at once; a round fails on two holders inside at once, or on no winner at all.
/// Legacy: more than one winner in some rounds. Fixed: exactly one winner every round.
/// </summary>
public sealed class Seed002HerdTests : SeedScenarioTest
{
    private const int Contenders = 8;
    private const int StaleMs = 2000;
    private const int PeriodMs = 3600;
    private const int TimeoutMs = 2500;
    private const int HoldMs = 3300;

    public Seed002HerdTests(ITestOutputHelper output)
        : base(SeedCatalog.Seed002, output)
    {
    }

    [Fact]
    public Task Rules_fire_and_fixed_code_compiles() => AssertPipelineAsync();

    [Fact]
    public Task Legacy_build_lets_several_breakers_win() => AssertLegacyFailsAsync();

    [Fact]
    public Task Fixed_build_has_exactly_one_winner_every_round() => AssertFixedSurvivesAsync();

    protected override ScenarioOutcome RunScenario(string dll, string buildName)
    {
        var outcome = new ScenarioOutcome(Seed.Id, buildName);
        var rounds = SeedRounds.Pick(ci: 8, longRun: 100);
        var scratch = ScratchDirectory(buildName);
        var dir = Path.Combine(scratch, "team");
        var journal = Path.Combine(scratch, "journal");

        using (var owner = ChildProcess.Start(dll, Args("owner", "--dir", dir, "--rounds", rounds, "--stale-ms", StaleMs)))
        {
            Assert.True(owner.WaitForLine("ready", TimeSpan.FromSeconds(30)) != null, "owner never took the locks: " + owner.Describe());
            owner.Kill(); // SIGKILL mid-hold: its locks stay behind with a dead pid in them
        }

        var staleSince = DateTime.UtcNow;
        var go = Path.Combine(scratch, "go");
        var common = Args("--dir", dir, "--rounds", rounds, "--stale-ms", StaleMs, "--journal", journal, "--go", go,
            "--period-ms", PeriodMs, "--timeout-ms", TimeoutMs, "--hold-ms", HoldMs);
        var contenders = Enumerable.Range(0, Contenders).Select(_ => ChildProcess.Start(dll, Args("contender").Concat(common))).ToList();
        try
        {
            // Round 0 starts once every contender is ready and the dead owner's locks are older than StaleMs.
            var untilStale = (int)Math.Max(0, StaleMs + 300 - (DateTime.UtcNow - staleSince).TotalMilliseconds);
            Go(go, contenders, Math.Max(300, untilStale));
            var bound = TimeSpan.FromMilliseconds((long)rounds * PeriodMs + 20_000);
            foreach (var contender in contenders)
            {
                Assert.True(contender.WaitForExit(bound), "a contender did not finish: " + contender.Describe());
            }

            var events = Journals.Read(journal);
            var spans = Journals.InsideSpans(events, byRound: true);
            var winnersPerRound = new List<int>();
            for (var round = 0; round < rounds; round++)
            {
                var key = round.ToString();
                var winners = events.Where(e => e.Kind == "enter" && e.Round == key).Select(e => e.Pid).Distinct().Count();
                var errors = events.Where(e => e.Kind == "error" && e.Round == key).Select(e => e.Detail).ToList();
                winnersPerRound.Add(winners);
                var failures = new List<string>();
                if (winners == 0)
                {
                    failures.Add("no winner: the dead owner's lock was never broken");
                }

                var overlaps = Journals.Overlaps(spans.Where(s => s.Round == key).ToList());
                if (overlaps.Count > 0)
                {
                    failures.Add($"{winners} winners, {overlaps.Count} pairs of them inside at once");
                }

                failures.AddRange(errors.Select(e => "contender error " + e));
                outcome.Round(round, failures, winners > 1 && overlaps.Count == 0 ? $"{winners} winners one after another" : $"{winners} winner(s)");
            }

            outcome.Figures["max-winners-in-a-round"] = winnersPerRound.Max().ToString();
            outcome.Figures["rounds-with-0-winners"] = winnersPerRound.Count(w => w == 0).ToString();
            outcome.Note("contender 0: " + contenders[0].Describe());
        }
        finally
        {
            contenders.ForEach(c => c.Dispose());
        }

        return outcome;
    }
}
