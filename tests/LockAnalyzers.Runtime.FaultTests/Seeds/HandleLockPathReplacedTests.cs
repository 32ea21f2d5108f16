using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Seeds;

/// <summary>
/// Seed 001 with a handle lock the caller keeps (the LCK009 fix): a daemon process holds a FileShare.None FileStream
/// (flock) with a LockPathWatch(ExitProcess); the state directory is removed (rm -rf) and a second daemon locks a new
/// file at the same path. The old daemon stops within one watch interval and leaves the new daemon's files alone.
/// </summary>
public sealed class HandleLockPathReplacedTests(ITestOutputHelper output)
{
    private const int IntervalMs = 200;

    /// <summary>Scheduling and process-exit slack on a loaded 2-core machine, on top of the one interval.</summary>
    private const int SlackMs = 400;

    [FaultTheory(Facility.Linux)]
    [InlineData(true)]
    [InlineData(false)]
    public void Old_daemon_exits_after_rm_rf_and_the_new_daemons_files_survive(bool directoryEvents)
    {
        Facilities.Require(Facility.Linux);
        using var scratch = new Scratch("seed001-handle");
        var state = scratch.Dir("agent-state");
        var lockPath = Path.Combine(state, "daemon.lock");
        var pidPath = Path.Combine(state, "daemon.pid");
        using var fleet = new Fleet();
        var old = fleet.Start("old", "handle-hold", [$"lock={lockPath}", $"pid={pidPath}", $"interval={IntervalMs}", $"events={(directoryEvents ? 1 : 0)}"]);
        old.WaitFor("held", TimeSpan.FromSeconds(30));
        old.WaitFor("tick", TimeSpan.FromSeconds(10));

        var removedAt = Clock.NowMs();
        Directory.Delete(state, recursive: true); // the operator's rm -rf
        Directory.CreateDirectory(state);
        using var successor = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        File.WriteAllText(pidPath, "successor");

        var code = old.WaitExit(TimeSpan.FromSeconds(10));
        var lastTick = old.Events.Where(e => e.Name == "tick").Max(e => e.T);
        var ranOn = lastTick - removedAt;
        output.WriteLine($"events={directoryEvents}: old daemon's last tick {ranOn:F0} ms after the removal, exit {code}, health {old.Events.LastOrDefault(e => e.Name == "health")?.Line}");
        Assert.Equal(LockPathWatch.LostExitCode, code);
        Assert.True(ranOn <= IntervalMs + SlackMs, $"the old daemon ran on {ranOn:F0} ms after the removal (interval {IntervalMs} ms + {SlackMs} ms slack)");
        Assert.DoesNotContain(old.Events, e => e.Name == "released");
        Assert.Equal("successor", File.ReadAllText(pidPath));
        Assert.True(File.Exists(lockPath));
    }
}
