using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Seeds;

/// <summary>
/// Seed 001 (issue 3 item 4): another process deletes (and recreates) the lock path under a holder. The holder reports
/// Replaced or Unlinked within one heartbeat interval, Lost fires, and its release leaves the new file alone.
/// </summary>
public sealed class ReplacedUnderHolderTests(ITestOutputHelper output)
{
    private const int HeartbeatMs = 200;

    /// <summary>Scheduling slack on a loaded 2-core machine, on top of the one interval the issue allows.</summary>
    private const int SlackMs = 300;

    [FaultTheory(Facility.Linux)]
    [InlineData("delete+recreate")]
    [InlineData("delete")]
    [InlineData("rename-away+recreate")]
    public void Holder_detects_the_new_inode_and_its_release_leaves_the_new_file(string change)
    {
        Facilities.Require(Facility.Linux);
        using var scratch = new Scratch("seed001");
        var lockPath = Path.Combine(scratch.Dir("state"), "daemon.lock");
        using var fleet = new Fleet();
        var holder = fleet.Start("holder", "hold", [$"lock={lockPath}", $"hb={HeartbeatMs}", "stale=5000"]);
        holder.WaitFor("acquired", TimeSpan.FromSeconds(30));
        Thread.Sleep(HeartbeatMs / 2);

        var changedAt = Clock.NowMs();
        if (change.StartsWith("rename-away", StringComparison.Ordinal))
        {
            File.Move(lockPath, lockPath + ".old");
        }
        else
        {
            File.Delete(lockPath);
        }

        const string newcomer = "a new daemon's lock\n";
        if (change.EndsWith("+recreate", StringComparison.Ordinal))
        {
            File.WriteAllText(lockPath, newcomer);
        }

        var health = holder.WaitFor("health", TimeSpan.FromSeconds(10), e => e["h"] != "Healthy");
        var latency = health.T - changedAt;
        output.WriteLine($"{change}: holder reported {health["h"]} after {latency:F0} ms (heartbeat {HeartbeatMs} ms)");
        Assert.Contains(health["h"], new[] { "Replaced", "Unlinked" });
        Assert.True(latency <= HeartbeatMs + SlackMs, $"{change}: detected after {latency:F0} ms, more than one heartbeat interval ({HeartbeatMs} ms) + {SlackMs} ms slack");
        holder.WaitFor("lost", TimeSpan.FromSeconds(5));

        holder.Send("release");
        var released = holder.WaitFor("released", TimeSpan.FromSeconds(10));
        Assert.False(released.Flag("ok"), "release of a replaced lock claimed success: " + released);
        if (change.EndsWith("+recreate", StringComparison.Ordinal))
        {
            Assert.True(File.Exists(lockPath), "the holder's release deleted the new owner's lock file");
            Assert.Equal(newcomer, File.ReadAllText(lockPath));
        }
        else
        {
            Assert.False(File.Exists(lockPath), "the holder's release recreated the lock path");
        }
    }
}
