using System.Diagnostics;
using LockAnalyzers.SeedTests.Infrastructure;
using LockAnalyzers.SeedTests.Pipeline;
using LockAnalyzers.SeedTests.Processes;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Seeds;

/// <summary>
/// Seed 000: two contenders; the holder's heartbeat starts failing with ENOSPC, EIO or EACCES (injected into the
/// holder only, by the fault shim, on utimensat/futimens of the lock path, from the moment the test creates the trigger
/// file, once the contender is already polling). The contender judges staleness quickly (600 ms). Legacy: both inside
/// at once. Fixed: never both inside, and the holder stops its protected work (does not reach the end of it).
/// </summary>
public sealed class Seed000HeartbeatTests : SeedScenarioTest
{
    private const int StaleMs = 600;
    private const int BeatMs = 100;
    private const int WorkMs = 5000;
    private static readonly string[] Errnos = { "ENOSPC", "EIO", "EACCES" };

    public Seed000HeartbeatTests(ITestOutputHelper output)
        : base(SeedCatalog.Seed000, output)
    {
    }

    [Fact]
    public Task Rules_fire_and_fixed_code_compiles() => AssertPipelineAsync();

    [Fact]
    public Task Legacy_build_lets_both_contenders_in() => AssertLegacyFailsAsync();

    [Fact]
    public Task Fixed_build_never_lets_both_in_and_the_holder_stops() => AssertFixedSurvivesAsync();

    protected override string? SkipReason()
    {
        var missing = Facilities.Missing(Output, (Facilities.HasGcc, "gcc"), (FaultShim.SourcePresent, "the fault shim source (" + FaultShim.SourcePath + ")"));
        if (missing == null && FaultShim.LibraryPath == null)
        {
            Assert.Fail("fault shim did not build: " + FaultShim.BuildError);
        }

        return missing;
    }

    protected override ScenarioOutcome RunScenario(string dll, string buildName)
    {
        var outcome = new ScenarioOutcome(Seed.Id, buildName);
        var rounds = SeedRounds.Pick(ci: 3, longRun: 30);
        var scratch = ScratchDirectory(buildName);
        var holderWorkAfterFault = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var errno = Errnos[round % Errnos.Length];
            var dir = Path.Combine(scratch, "round-" + round);
            var journal = Path.Combine(dir, "journal");
            Directory.CreateDirectory(dir);
            var target = Path.Combine(dir, "nightly-export.lock");
            var trigger = Path.Combine(dir, "faults.on");
            var common = Args("--journal", journal, "--target", target, "--stale-ms", StaleMs, "--beat-ms", BeatMs, "--work-ms", WorkMs);

            using var holder = ChildProcess.Start(
                dll,
                Args("holder").Concat(common).Concat(Args("--give-up-ms", 5000)),
                FaultShim.Environment("nightly-export.lock", errno, "utimensat,futimens", trigger));
            var entered = WaitForJournal(journal, holder.Id, "enter", TimeSpan.FromSeconds(20), holder);
            if (entered == null)
            {
                outcome.Round(round, new[] { "holder never entered: " + holder.Describe() });
                continue;
            }

            // The contender is already polling (it found the lock taken) before the heartbeat starts failing.
            using var contender = ChildProcess.Start(dll, Args("contender").Concat(common).Concat(Args("--give-up-ms", WorkMs + 3000)));
            if (WaitForJournal(journal, contender.Id, "waiting", TimeSpan.FromSeconds(20), contender) == null)
            {
                outcome.Round(round, new[] { "contender never started polling: " + contender.Describe() });
                continue;
            }

            // Then the disk fills up (or the device errors, or permissions change) under the holder.
            File.WriteAllText(trigger, errno);
            var faultAt = Stopwatch.GetTimestamp();

            var bound = TimeSpan.FromMilliseconds(WorkMs + 15_000);
            var holderDone = holder.WaitForExit(bound);
            var contenderDone = contender.WaitForExit(bound);

            var spans = Journals.InsideSpans(Journals.Read(journal), byRound: false);
            var overlaps = Journals.Overlaps(spans);
            var holderSpan = spans.FirstOrDefault(s => s.Pid == holder.Id);
            var contenderSpan = spans.FirstOrDefault(s => s.Pid == contender.Id);
            var failures = new List<string>();
            foreach (var (a, b) in overlaps)
            {
                var both = Journals.Milliseconds(Math.Min(a.To, b.To) - Math.Max(a.From, b.From));
                failures.Add($"holder and contender inside at once for {both:F0} ms ({errno})");
            }

            if (holderSpan is { Exited: true })
            {
                failures.Add($"the holder finished all its protected work ({WorkMs} ms) although its heartbeat had failed");
            }

            if (!holderDone || !contenderDone)
            {
                failures.Add("a contender did not finish within " + bound.TotalSeconds + " s");
            }

            double? afterFault = holderSpan == null ? null : Journals.Milliseconds(holderSpan.To - faultAt);
            if (afterFault is { } ms)
            {
                holderWorkAfterFault.Add(ms);
            }

            var info = $"{errno}; holder worked {afterFault?.ToString("F0") ?? "?"} ms after its heartbeat failed, exit {(holder.HasExited ? holder.ExitCode : -1)}"
                + $"; contender {(contenderSpan == null ? "did not get the lock" : "got the lock")}";
            outcome.Round(round, failures, info);
            if (round == 0)
            {
                outcome.Note("holder round 0: " + holder.Describe());
                outcome.Note("contender round 0: " + contender.Describe());
            }
        }

        if (holderWorkAfterFault.Count > 0)
        {
            outcome.Figures["holder-work-after-fault-ms(max)"] = holderWorkAfterFault.Max().ToString("F0");
        }

        return outcome;
    }
}
