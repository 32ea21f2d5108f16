using System.Diagnostics;
using LockAnalyzers.SeedTests.Infrastructure;
using LockAnalyzers.SeedTests.Pipeline;
using LockAnalyzers.SeedTests.Processes;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Seeds;

/// <summary>
/// Seed 001: daemon A holds its handle lock; the state directory is removed (rm -rf) and daemon B starts on a new
/// inode at the same path. Legacy: two daemons at once, and A's shutdown deletes B's pid file. Fixed: A stops within
/// one heartbeat interval (<see cref="NoticeMs"/>) of the removal, and B's files survive.
/// </summary>
public sealed class Seed001DaemonTests : SeedScenarioTest
{
    /// <summary>How soon the old daemon must notice: one heartbeat interval of the scenario.</summary>
    private const int NoticeMs = 1000;

    public Seed001DaemonTests(ITestOutputHelper output)
        : base(SeedCatalog.Seed001, output)
    {
    }

    [Fact]
    public Task Rules_fire_and_fixed_code_compiles() => AssertPipelineAsync();

    [Fact]
    public Task Legacy_build_runs_two_daemons_and_deletes_the_new_ones_files() => AssertLegacyFailsAsync();

    [Fact]
    public Task Fixed_build_old_daemon_stops_and_leaves_the_new_ones_files() => AssertFixedSurvivesAsync();

    protected override ScenarioOutcome RunScenario(string dll, string buildName)
    {
        var outcome = new ScenarioOutcome(Seed.Id, buildName);
        var rounds = SeedRounds.Pick(ci: 2, longRun: 20);
        var scratch = ScratchDirectory(buildName);
        for (var round = 0; round < rounds; round++)
        {
            var dir = Path.Combine(scratch, "round-" + round);
            var journal = Path.Combine(dir, "journal");
            var state = Path.Combine(dir, "agent-state");
            Directory.CreateDirectory(dir);

            using var first = ChildProcess.Start(dll, Args("daemon", "--state", state, "--journal", journal, "--run-ms", 3000));
            if (WaitForJournal(journal, first.Id, "enter", TimeSpan.FromSeconds(20), first) == null)
            {
                outcome.Round(round, new[] { "first daemon never started: " + first.Describe() });
                continue;
            }

            Thread.Sleep(300);
            Directory.Delete(state, recursive: true); // the operator's rm -rf of the state directory
            var removedAt = Stopwatch.GetTimestamp();
            using var second = ChildProcess.Start(dll, Args("daemon", "--state", state, "--journal", journal, "--run-ms", 4500));
            var secondEntered = WaitForJournal(journal, second.Id, "enter", TimeSpan.FromSeconds(20), second);
            first.WaitForExit(TimeSpan.FromSeconds(20));
            second.WaitForExit(TimeSpan.FromSeconds(20));

            var events = Journals.Read(journal);
            var spans = Journals.InsideSpans(events, byRound: false);
            var firstSpan = spans.FirstOrDefault(s => s.Pid == first.Id);
            var failures = new List<string>();
            if (secondEntered == null)
            {
                failures.Add("the new daemon could not start on the recreated path: " + second.Describe());
            }

            var firstAfterRemoval = firstSpan == null ? 0 : Journals.Milliseconds(firstSpan.To - removedAt);
            if (firstAfterRemoval > NoticeMs)
            {
                failures.Add($"the old daemon kept running {firstAfterRemoval:F0} ms after its lock path was removed");
            }

            if (Journals.Overlaps(spans).Any())
            {
                failures.Add("two daemons ran at once on two inodes");
            }

            if (events.Any(e => e.Pid == second.Id && e.Kind == "advert" && e.Detail == "gone"))
            {
                failures.Add("the old daemon's shutdown deleted the new daemon's pid file");
            }

            outcome.Round(round, failures, $"old daemon ran {firstAfterRemoval:F0} ms after the removal, exit {(first.HasExited ? first.ExitCode : -1)}");
            if (round == 0)
            {
                outcome.Note("old daemon round 0: " + first.Describe());
                outcome.Note("new daemon round 0: " + second.Describe());
            }
        }

        return outcome;
    }
}
