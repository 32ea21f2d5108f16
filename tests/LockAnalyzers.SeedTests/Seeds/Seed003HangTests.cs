using System.Diagnostics;
using LockAnalyzers.SeedTests.Infrastructure;
using LockAnalyzers.SeedTests.Pipeline;
using LockAnalyzers.SeedTests.Processes;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Seeds;

/// <summary>
/// Seed 003: a stale lock that cannot be deleted (its directory is made immutable with chattr +i; EPERM even for root).
/// Legacy: acquisition never returns — the test stops it after <see cref="HangBoundMs"/> and records the hang. Fixed:
/// a timeout exception within the configured wait plus one poll interval.
/// </summary>
public sealed class Seed003HangTests : SeedScenarioTest
{
    private const int MaxWaitMs = 1000;
    private const int RetryMs = 100;

    /// <summary>Scheduling slack on a loaded 2-core machine, on top of wait + one poll.</summary>
    private const int SlackMs = 150;
    private const int HangBoundMs = 6000;

    public Seed003HangTests(ITestOutputHelper output)
        : base(SeedCatalog.Seed003, output)
    {
    }

    [Fact]
    public Task Rules_fire_and_fixed_code_compiles() => AssertPipelineAsync();

    [Fact]
    public Task Legacy_build_hangs_on_an_undeletable_stale_lock() => AssertLegacyFailsAsync();

    [Fact]
    public Task Fixed_build_times_out_within_the_wait_plus_one_poll() => AssertFixedSurvivesAsync();

    protected override string? SkipReason() =>
        Facilities.Missing(Output, (Facilities.IsRoot, "root (for chattr +i)"), (Facilities.HasChattr, "chattr (e2fsprogs)"));

    protected override ScenarioOutcome RunScenario(string dll, string buildName)
    {
        var outcome = new ScenarioOutcome(Seed.Id, buildName);
        var rounds = SeedRounds.Pick(ci: 2, longRun: 10);
        var scratch = ScratchDirectory(buildName);
        var elapsed = new List<long>();
        for (var round = 0; round < rounds; round++)
        {
            var datastore = Path.Combine(scratch, "round-" + round, "datastore");
            Directory.CreateDirectory(datastore);
            var target = Path.Combine(datastore, "datastore.lock");
            var acquiredAt = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();
            File.WriteAllText(target, $"{{\"Holder\":\"ci-runner-7\",\"Pid\":999999,\"AcquiredAtMs\":{acquiredAt},\"TtlMs\":30000}}");
            Chattr("+i", datastore);
            try
            {
                using var child = ChildProcess.Start(dll, Args("acquire", "--target", target, "--max-wait-ms", MaxWaitMs, "--retry-ms", RetryMs));
                child.WaitForLine("started", TimeSpan.FromSeconds(20));
                var result = child.WaitForLine("result", TimeSpan.FromMilliseconds(HangBoundMs));
                var failures = new List<string>();
                string info;
                if (result == null)
                {
                    var cpu = CpuSeconds(child.Id);
                    child.Kill();
                    failures.Add($"hang: no result after {HangBoundMs} ms (stopped; {cpu:F1} s of CPU burnt spinning)");
                    info = "hang";
                }
                else
                {
                    // result <acquired|timeout|error> <type> <elapsed ms>
                    var parts = result.Split(' ');
                    var ms = long.Parse(parts[3]);
                    elapsed.Add(ms);
                    info = $"{parts[1]} {parts[2]} after {ms} ms";
                    if (parts[1] != "timeout")
                    {
                        failures.Add($"expected a timeout, got {parts[1]} {parts[2]}");
                    }
                    else if (ms > MaxWaitMs + RetryMs + SlackMs)
                    {
                        failures.Add($"timed out after {ms} ms, later than wait {MaxWaitMs} + poll {RetryMs} (+{SlackMs} slack)");
                    }
                }

                outcome.Round(round, failures, info);
                if (round == 0)
                {
                    outcome.Note("round 0: " + child.Describe());
                }
            }
            finally
            {
                Chattr("-i", datastore);
            }
        }

        if (elapsed.Count > 0)
        {
            outcome.Figures["timeout-after-ms(max)"] = elapsed.Max().ToString();
        }

        return outcome;
    }

    private static void Chattr(string flag, string path)
    {
        var start = new ProcessStartInfo("chattr") { RedirectStandardError = true };
        start.ArgumentList.Add(flag);
        start.ArgumentList.Add(path);
        using var chattr = Process.Start(start)!;
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        Assert.True(chattr.ExitCode == 0, $"chattr {flag} {path} failed: {error}");
    }

    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // utime + stime in clock ticks
        }
        catch (Exception)
        {
            return double.NaN;
        }
    }
}
