using System.Diagnostics;
using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

public class LockFileTests
{
    private static readonly LockOptions NoBeat = new() { HeartbeatInterval = Timeout.InfiniteTimeSpan };

    [Fact]
    public void TryAcquire_writes_the_owner_record_before_returning_and_excludes_others()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var held = LockFile.TryAcquire(p, NoBeat);
        Assert.NotNull(held);
        Assert.Equal(p, held!.Path);
        Assert.Equal(LockHealth.Healthy, held.Health);
        var record = LockOwner.TryRead(p);
        Assert.NotNull(record);
        Assert.Equal(held.Owner.Token, record!.Token);
        Assert.Equal(Environment.ProcessId, record.ProcessId);
        Assert.Equal(held.FencingToken, record.FencingToken);
        Assert.False(record.IsLegacy);
        Assert.Null(LockFile.TryAcquire(p, NoBeat));
        Assert.False(held.Lost.IsCancellationRequested);
    }

    [Fact]
    public void Release_removes_only_our_file_and_keeps_the_sidecar()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var held = LockFile.TryAcquire(p, NoBeat)!;
        Assert.True(held.Release());
        Assert.False(File.Exists(p));
        Assert.True(File.Exists(p + ".fence"));
        Assert.False(held.Release());
        held.Dispose();
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tomb-*"));
        using var again = LockFile.TryAcquire(p, NoBeat);
        Assert.NotNull(again);
    }

    [Fact]
    public void Release_after_takeover_leaves_the_new_owners_file()
    {
        // Seed 004: the old holder's release must not drop a lock someone else took over.
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var old = LockFile.TryAcquire(p, NoBeat)!;
        File.Move(p, dir.File("elsewhere"));
        var successor = LockFile.TryAcquire(p, NoBeat)!;
        Assert.NotNull(successor);
        Assert.False(old.Release());
        Assert.True(File.Exists(p));
        Assert.Equal(successor.Owner.Token, LockOwner.TryRead(p)!.Token);
        Assert.False(LockFile.Release(p, old.Owner.Token));
        Assert.True(File.Exists(p));
        Assert.True(successor.Release());
    }

    [Fact]
    public void Fencing_tokens_strictly_increase_across_holders_and_steals()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        long last = 0;
        for (int i = 0; i < 30; i++)
        {
            using var held = LockFile.TryAcquire(p, NoBeat)!;
            Assert.True(held.FencingToken > last, $"{held.FencingToken} <= {last}");
            last = held.FencingToken;
        }

        Sh.WriteDeadRuntimeLock(p, TimeSpan.FromHours(1));
        using var afterSteal = LockFile.TryAcquire(p, new LockOptions { StaleAfter = TimeSpan.FromSeconds(1), HeartbeatInterval = Timeout.InfiniteTimeSpan })!;
        Assert.NotNull(afterSteal);
        Assert.True(afterSteal.FencingToken > last);
    }

    [Fact]
    public void Fencing_tokens_strictly_increase_under_thread_contention()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var tokens = new List<long>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            int got = 0;
            while (got < 25)
            {
                var held = LockFile.TryAcquire(p, NoBeat);
                if (held == null)
                {
                    Thread.Yield();
                    continue;
                }

                lock (tokens)
                {
                    tokens.Add(held.FencingToken);
                }

                held.Release();
                got++;
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.Equal(100, tokens.Count);
        for (int i = 1; i < tokens.Count; i++)
        {
            Assert.True(tokens[i] > tokens[i - 1]);
        }
    }

    [Fact]
    public void Heartbeat_refreshes_mtime_through_the_handle()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var held = LockFile.TryAcquire(p, new LockOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50) })!;
        Sh.Backdate(p, TimeSpan.FromHours(1));
        var sw = Stopwatch.StartNew();
        while (DateTime.UtcNow - File.GetLastWriteTimeUtc(p) > TimeSpan.FromMinutes(1) && sw.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
        }

        Assert.True(DateTime.UtcNow - File.GetLastWriteTimeUtc(p) < TimeSpan.FromMinutes(1));
        Assert.Equal(LockHealth.Healthy, held.Health);
    }

    [Fact]
    public void Replaced_path_is_detected_Lost_fires_and_release_leaves_the_new_file()
    {
        // Seed 001: someone deletes and recreates the lock path under the holder.
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var log = new ListLogger();
        var held = LockFile.TryAcquire(p, new LockOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50), Logger = log })!;
        var changes = new List<LockHealth>();
        held.HealthChanged += (_, h) => { lock (changes) { changes.Add(h); } };
        File.Delete(p);
        File.WriteAllText(p, "someone else");
        Assert.True(held.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.Equal(LockHealth.Replaced, held.Health);
        lock (changes)
        {
            Assert.Contains(LockHealth.Replaced, changes);
        }

        Assert.Contains(log.Messages, m => m.Contains("Replaced") && m.Contains(p));
        Assert.False(held.Release());
        Assert.Equal("someone else", File.ReadAllText(p));
    }

    [Fact]
    public void Unlinked_path_is_detected()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var held = LockFile.TryAcquire(p, NoBeat)!;
        File.Delete(p);
        Assert.Equal(LockHealth.Unlinked, held.CheckNow());
        Assert.True(held.Lost.IsCancellationRequested);
        // Final: a later healthy-looking path does not resurrect the lock.
        File.WriteAllText(p, "x");
        Assert.Equal(LockHealth.Unlinked, held.CheckNow());
        Assert.False(held.Release());
        Assert.True(File.Exists(p));
    }

    [Fact]
    public void Immutable_lock_file_makes_heartbeat_unhealthy_and_fires_Lost()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var held = LockFile.TryAcquire(p, NoBeat)!;
        if (!Sh.TryMakeImmutable(p))
        {
            return;
        }

        try
        {
            Assert.Equal(LockHealth.PermissionDenied, held.CheckNow());
            Assert.True(held.Lost.IsCancellationRequested);
            Assert.IsType<UnauthorizedAccessException>(held.LastError);
        }
        finally
        {
            Sh.ClearImmutable(p);
        }

        Assert.Equal(LockHealth.Healthy, held.CheckNow());
        Assert.True(held.Lost.IsCancellationRequested); // Lost never un-cancels
    }

    [Fact]
    public void Throwing_HealthChanged_handler_does_not_escape()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var held = LockFile.TryAcquire(p, NoBeat)!;
        held.HealthChanged += (_, _) => throw new InvalidOperationException("handler bug");
        held.Lost.Register(() => throw new InvalidOperationException("callback bug"));
        File.Delete(p);
        Assert.Equal(LockHealth.Unlinked, held.CheckNow());
    }

    [Fact]
    public void Missing_directory_throws_PathMissing()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<LockHealthException>(() => LockFile.TryAcquire(Path.Combine(dir.Path, "nodir", "a.lock"), NoBeat));
        Assert.Equal(LockHealth.PathMissing, ex.Health);
    }

    [Fact]
    public void Static_release_matches_runtime_token_and_legacy_pid()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var held = LockFile.TryAcquire(p, NoBeat)!;
        Assert.False(LockFile.Release(p, "not-the-token"));
        Assert.False(LockFile.Release(p, ""));
        Assert.True(File.Exists(p));
        Assert.True(LockFile.Release(p, held.Owner.Token));
        Assert.False(File.Exists(p));
        held.Dispose();

        File.WriteAllText(p, "12345\n");
        Assert.False(LockFile.Release(p, "1234"));
        Assert.False(LockFile.Release(p, "123456"));
        Assert.True(File.Exists(p));
        Assert.True(LockFile.Release(p, "12345"));
        Assert.False(File.Exists(p));

        File.WriteAllText(p, "{\"pid\": 777, \"owner\": \"job-42\"}");
        Assert.False(LockFile.Release(p, "job-4"));
        Assert.True(LockFile.Release(p, "job-42"));
        Assert.False(LockFile.Release(p, "job-42"));
    }

    [Fact]
    public async Task AcquireAsync_times_out_naming_the_holder_and_never_hangs()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var holder = LockFile.TryAcquire(p, NoBeat)!;
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<LockTimeoutException>(() =>
            LockFile.AcquireAsync(p, new LockOptions { Timeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(50), StaleAfter = TimeSpan.FromMilliseconds(1) }));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), sw.Elapsed.ToString());
        Assert.Equal(p, ex.LockPath);
        Assert.Contains($"pid {Environment.ProcessId}", ex.Message);
        Assert.Contains(holder.Owner.Token.Substring(0, 8), ex.Message);
    }

    [Fact]
    public async Task AcquireAsync_times_out_on_an_undeletable_stale_lock()
    {
        // Seed 003: stale-lock cleanup fails; the timeout must still fire (Timeout + one poll interval).
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
            var sw = Stopwatch.StartNew();
            await Assert.ThrowsAsync<LockTimeoutException>(() =>
                LockFile.AcquireAsync(p, new LockOptions { Timeout = TimeSpan.FromMilliseconds(500), PollInterval = TimeSpan.FromMilliseconds(100), StaleAfter = TimeSpan.FromSeconds(1) }));
            // Timeout + one poll interval, plus scheduling slack for a loaded 2-core CI machine.
            Assert.True(sw.Elapsed < TimeSpan.FromMilliseconds(500 + 100 + 1000), sw.Elapsed.ToString());
        }
        finally
        {
            Sh.ClearImmutable(dir.Path);
        }
    }

    [Fact]
    public async Task AcquireAsync_times_out_on_a_legacy_stale_lock_in_an_immutable_directory_without_sidecar()
    {
        // Seed 003 as legacy code leaves it: no sidecar was ever created, and none can be now.
        using var dir = new TempDir();
        string p = dir.File("a.pid");
        File.WriteAllText(p, $"{Sh.DeadPid()}\n");
        Sh.Backdate(p, TimeSpan.FromHours(1));
        if (!Sh.TryMakeImmutable(dir.Path))
        {
            return;
        }

        try
        {
            var options = new LockOptions { Timeout = TimeSpan.FromMilliseconds(400), PollInterval = TimeSpan.FromMilliseconds(100), StaleAfter = TimeSpan.FromSeconds(1) };
            Assert.Null(LockFile.TryAcquire(p, options));
            var sw = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<LockTimeoutException>(() => LockFile.AcquireAsync(p, options));
            Assert.Contains("legacy record", ex.Message);
            Assert.True(sw.Elapsed < TimeSpan.FromMilliseconds(400 + 100 + 1000), sw.Elapsed.ToString());
        }
        finally
        {
            Sh.ClearImmutable(dir.Path);
        }
    }

    [Fact]
    public async Task AcquireAsync_breaks_a_stale_lock_with_a_dead_owner()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        File.WriteAllText(p, $"{Sh.DeadPid()}\n");
        Sh.Backdate(p, TimeSpan.FromMinutes(1));
        await using var held = await LockFile.AcquireAsync(p, new LockOptions { StaleAfter = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(5) });
        Assert.Equal(held.Owner.Token, LockOwner.TryRead(p)!.Token);
    }

    [Fact]
    public async Task AcquireAsync_wakes_promptly_on_release()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        var holder = LockFile.TryAcquire(p, NoBeat)!;
        // A long poll interval: only the release watcher can make the handoff fast.
        var waiter = LockFile.AcquireAsync(p, new LockOptions { PollInterval = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(20), HeartbeatInterval = Timeout.InfiniteTimeSpan });
        await Task.Delay(300);
        Assert.False(waiter.IsCompleted);
        var sw = Stopwatch.StartNew();
        Assert.True(holder.Release());
        await using var next = await waiter;
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), sw.Elapsed.ToString());
    }

    [Fact]
    public async Task AcquireAsync_honours_cancellation()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        using var holder = LockFile.TryAcquire(p, NoBeat)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LockFile.AcquireAsync(p, new LockOptions { Timeout = TimeSpan.FromMinutes(1) }, cts.Token));
    }
}
