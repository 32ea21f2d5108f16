using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

public class LockStealTests
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(1);

    [Fact]
    public void NoLock_when_missing()
    {
        using var dir = new TempDir();
        Assert.Equal(StealOutcome.NoLock, LockSteal.TryBreakStale(dir.File("a.lock"), Stale));
        Assert.Equal(StealOutcome.NoLock, LockSteal.TryBreakStale(Path.Combine(dir.Path, "nodir", "a.lock"), Stale));
    }

    [Fact]
    public void NotStale_when_recent_even_if_owner_dead()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        Sh.WriteDeadRuntimeLock(p, TimeSpan.Zero);
        Assert.Equal(StealOutcome.NotStale, LockSteal.TryBreakStale(p, TimeSpan.FromMinutes(1)));
        Assert.True(File.Exists(p));
    }

    [Fact]
    public void OwnerAlive_when_stale_by_time_but_owner_lives()
    {
        // Seed 000: the heartbeat stopped (full disk), the holder is still inside.
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        File.WriteAllText(p, LockOwner.Current.ToRecord());
        Sh.Backdate(p, TimeSpan.FromHours(1));
        Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, Stale));
        Assert.True(File.Exists(p));
    }

    [Fact]
    public void OwnerAlive_when_a_flock_is_held_even_if_the_record_says_dead()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
        // A legacy holder keeping FileShare.None open (flock LOCK_EX): the kernel says someone is alive.
        using (new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.None))
        {
            Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, Stale));
        }

        using (new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, Stale));
        }

        Assert.Equal(StealOutcome.Stolen, LockSteal.TryBreakStale(p, Stale));
    }

    [Fact]
    public void A_held_LockFile_whose_heartbeat_stopped_is_never_broken()
    {
        // Seed 000: the heartbeat stopped (mtime stale) but the holder is inside: its flock and pid say alive.
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var held = LockFile.TryAcquire(p, new LockOptions { HeartbeatInterval = Timeout.InfiniteTimeSpan })!;
        Sh.Backdate(p, TimeSpan.FromHours(1));
        Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, Stale));
        Assert.False(LockSteal.TryRetire(p));
        Assert.Null(LockFile.TryAcquire(p, new LockOptions { StaleAfter = Stale }));
        Assert.Equal(LockHealth.Healthy, held.CheckNow());
        Assert.True(held.Release());
    }

    [Fact]
    public void Foreign_host_runtime_record_is_never_broken()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var me = LockOwner.Current;
        var foreign = new LockOwner { Host = "other-host", BootId = me.BootId, ProcessId = Sh.DeadPid(), Token = "t1" };
        File.WriteAllText(p, foreign.ToRecord());
        Sh.Backdate(p, TimeSpan.FromDays(2));
        Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, Stale));
        Assert.False(LockSteal.TryRetire(p, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Stolen_when_stale_and_owner_dead_and_no_tomb_left()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
        Assert.Equal(StealOutcome.Stolen, LockSteal.TryBreakStale(p, Stale));
        Assert.False(File.Exists(p));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tomb-*"));
        Assert.Equal(StealOutcome.NoLock, LockSteal.TryBreakStale(p, Stale));
    }

    [Fact]
    public void LostRace_when_the_transition_lock_stays_busy()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
        using (var sidecar = new FileStream(p + ".fence", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal(StealOutcome.LostRace, LockSteal.TryBreakStale(p, Stale));
        }

        Assert.True(File.Exists(p));
    }

    [Fact]
    public void Unhealthy_when_the_stale_lock_cannot_be_renamed()
    {
        // Seed 003: an undeletable stale lock.
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
        File.WriteAllText(p + ".fence", "");
        if (!Sh.TryMakeImmutable(dir.Path))
        {
            return;
        }

        try
        {
            var log = new ListLogger();
            Assert.Equal(StealOutcome.Unhealthy, LockSteal.TryBreakStale(p, Stale, log));
            Assert.Contains(log.Messages, m => m.Contains(p) && m.Contains("PermissionDenied"));
            Assert.False(LockSteal.TryRetire(p));
        }
        finally
        {
            Sh.ClearImmutable(dir.Path);
        }

        Assert.True(File.Exists(p));
    }

    [Fact]
    public void Unhealthy_when_the_sidecar_cannot_be_created()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
        if (!Sh.TryMakeImmutable(dir.Path))
        {
            return;
        }

        try
        {
            Assert.Equal(StealOutcome.Unhealthy, LockSteal.TryBreakStale(p, Stale));
        }
        finally
        {
            Sh.ClearImmutable(dir.Path);
        }
    }

    [Theory]
    [InlineData("{0}\n")]
    [InlineData("{0}\n1732500000000\n")]
    [InlineData("{{\"pid\": {0}, \"started\": 1732500000}}")]
    [InlineData("pid={0}\n")]
    public void Legacy_record_with_dead_pid_is_stolen(string format)
    {
        using var dir = new TempDir();
        string p = dir.File("legacy.lock");
        File.WriteAllText(p, string.Format(format, Sh.DeadPid()));
        Sh.Backdate(p, TimeSpan.FromMinutes(5));
        Assert.Equal(StealOutcome.Stolen, LockSteal.TryBreakStale(p, Stale));
        Assert.False(File.Exists(p));
    }

    [Fact]
    public void Legacy_record_with_live_pid_is_not_stolen()
    {
        using var dir = new TempDir();
        string p = dir.File("legacy.pid");
        File.WriteAllText(p, $"{Environment.ProcessId}\n");
        Sh.Backdate(p, TimeSpan.FromHours(5));
        Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, Stale));
        Assert.False(LockSteal.TryRetire(p));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pid")]
    [InlineData("{\"pid\": ")]
    public void Empty_or_unreadable_record_waits_for_the_hard_limit(string content)
    {
        using var dir = new TempDir();
        string p = dir.File("legacy.lock");
        File.WriteAllText(p, content);
        Assert.Equal(TimeSpan.FromMinutes(10), LockSteal.UnreadableRecordHardLimit(Stale));
        Assert.Equal(TimeSpan.FromMinutes(20), LockSteal.UnreadableRecordHardLimit(TimeSpan.FromMinutes(2)));
        Sh.Backdate(p, TimeSpan.FromMinutes(9));
        Assert.Equal(StealOutcome.NotStale, LockSteal.TryBreakStale(p, Stale));
        Assert.False(LockSteal.TryRetire(p));
        Sh.Backdate(p, TimeSpan.FromMinutes(11));
        Assert.Equal(StealOutcome.Stolen, LockSteal.TryBreakStale(p, Stale));
    }

    [Fact]
    public void TryRetire_retires_a_dead_owner_regardless_of_age_and_only_once()
    {
        using var dir = new TempDir();
        string p = dir.File("legacy.pid");
        File.WriteAllText(p, $"{Sh.DeadPid()}\n");
        Assert.True(LockSteal.TryRetire(p));
        Assert.False(File.Exists(p));
        // The winner's legacy steal code creates its own pid file; a slower caller must not retire it.
        File.WriteAllText(p, $"{Environment.ProcessId}\n");
        Assert.False(LockSteal.TryRetire(p));
        Assert.True(File.Exists(p));
        Assert.False(LockSteal.TryRetire(dir.File("missing")));
    }

    [Fact]
    public void Concurrent_breakers_on_threads_give_exactly_one_winner()
    {
        using var dir = new TempDir();
        string p = dir.File("herd.lock");
        for (int round = 0; round < 40; round++)
        {
            Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
            var outcomes = RunTogether(8, () => LockSteal.TryBreakStale(p, Stale));
            Assert.Equal(1, outcomes.Count(o => o == StealOutcome.Stolen));
            Assert.DoesNotContain(StealOutcome.Unhealthy, outcomes);
        }

        Assert.Empty(Directory.GetFiles(dir.Path, "*.tomb-*"));
    }

    [Fact]
    public void Concurrent_TryRetire_on_threads_gives_exactly_one_winner()
    {
        using var dir = new TempDir();
        string p = dir.File("herd.pid");
        for (int round = 0; round < 40; round++)
        {
            File.WriteAllText(p, $"{Sh.DeadPid()}\n");
            var wins = RunTogether(8, () => LockSteal.TryRetire(p));
            Assert.Equal(1, wins.Count(w => w));
        }
    }

    [Fact]
    public void Concurrent_break_then_acquire_enters_one_at_a_time()
    {
        using var dir = new TempDir();
        string p = dir.File("herd.lock");
        var options = new LockOptions { StaleAfter = Stale, HeartbeatInterval = Timeout.InfiniteTimeSpan };
        for (int round = 0; round < 25; round++)
        {
            Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
            var held = RunTogether(8, () => LockFile.TryAcquire(p, options));
            Assert.Single(held, h => h != null);
            foreach (var h in held)
            {
                h?.Release();
            }
        }
    }

    internal static T[] RunTogether<T>(int n, Func<T> body)
    {
        using var barrier = new Barrier(n);
        var results = new T[n];
        var threads = Enumerable.Range(0, n).Select(i => new Thread(() =>
        {
            barrier.SignalAndWait();
            results[i] = body();
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        return results;
    }
}
