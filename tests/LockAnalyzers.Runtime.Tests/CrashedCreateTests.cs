using System.Text;
using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

/// <summary>A creator killed between its O_EXCL create and its record write leaves an empty lock file. The sidecar's
/// create marker (still set, writer dead, file born at the marker's moment) lets a breaker clear it without waiting
/// for the hard limit; a legacy empty lock gets no such shortcut.</summary>
public class CrashedCreateTests
{
    private static void WriteMarker(string lockPath, int pid, DateTimeOffset at)
    {
        var me = LockOwner.Current;
        string fence = "1".PadRight(31) + "\n";
        string marker = $"creating {at.ToUnixTimeMilliseconds()} {pid} 0 {me.BootId} {me.Host}".PadRight(223) + "\n";
        File.WriteAllBytes(lockPath + ".fence", Encoding.ASCII.GetBytes(fence + marker));
    }

    [Fact]
    public void Empty_lock_from_a_dead_creator_is_broken_before_the_hard_limit()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        WriteMarker(p, Sh.DeadPid(), DateTimeOffset.UtcNow);
        File.WriteAllText(p, "");
        Sh.Backdate(p, TimeSpan.FromSeconds(5));
        Assert.Equal(StealOutcome.Stolen, LockSteal.TryBreakStale(p, TimeSpan.FromSeconds(1)));
        // The next create clears the marker and hands out a higher fence.
        using var held = LockFile.TryAcquire(p, new LockOptions { HeartbeatInterval = Timeout.InfiniteTimeSpan })!;
        Assert.True(held.FencingToken > 1);
        Assert.DoesNotContain("creating", File.ReadAllText(p + ".fence"));
    }

    [Fact]
    public void Empty_lock_with_a_live_marker_writer_waits_for_the_hard_limit()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        WriteMarker(p, Environment.ProcessId, DateTimeOffset.UtcNow);
        File.WriteAllText(p, "");
        Sh.Backdate(p, TimeSpan.FromSeconds(5));
        Assert.Equal(StealOutcome.NotStale, LockSteal.TryBreakStale(p, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Legacy_empty_lock_born_after_an_old_marker_waits_for_the_hard_limit()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        WriteMarker(p, Sh.DeadPid(), DateTimeOffset.UtcNow.AddMinutes(-3));
        File.WriteAllText(p, "");
        Sh.Backdate(p, TimeSpan.FromSeconds(5));
        Assert.Equal(StealOutcome.NotStale, LockSteal.TryBreakStale(p, TimeSpan.FromSeconds(1)));
        Assert.False(LockSteal.TryRetire(p));
    }

    [Fact]
    public void Busy_create_leaves_no_marker_behind()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var opts = new LockOptions { HeartbeatInterval = Timeout.InfiniteTimeSpan };
        using var held = LockFile.TryAcquire(p, opts)!;
        Assert.Null(LockFile.TryAcquire(p, opts));
        Assert.DoesNotContain("creating", File.ReadAllText(p + ".fence"));
    }
}
