using System.Diagnostics;
using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

public class LockDeadlineTests
{
    [Fact]
    public void Zero_and_negative_are_expired_default_too()
    {
        Assert.True(LockDeadline.After(TimeSpan.Zero).IsExpired);
        Assert.True(LockDeadline.After(TimeSpan.FromSeconds(-1)).IsExpired);
        Assert.True(default(LockDeadline).IsExpired);
        Assert.Equal(TimeSpan.Zero, LockDeadline.After(TimeSpan.Zero).Remaining);
    }

    [Fact]
    public void Remaining_counts_down_monotonically()
    {
        var d = LockDeadline.After(TimeSpan.FromHours(1));
        Assert.False(d.IsExpired);
        var r1 = d.Remaining;
        Thread.Sleep(20);
        var r2 = d.Remaining;
        Assert.True(r1 <= TimeSpan.FromHours(1) && r1 > TimeSpan.FromMinutes(59));
        Assert.True(r2 < r1);
    }

    [Fact]
    public void Infinite_never_expires()
    {
        var d = LockDeadline.After(Timeout.InfiniteTimeSpan);
        Assert.False(d.IsExpired);
        Assert.True(d.IsInfinite);
        Assert.Equal(Timeout.InfiniteTimeSpan, d.Remaining);
        d.ThrowIfExpired("x");
        Assert.False(LockDeadline.After(TimeSpan.MaxValue).IsExpired);
    }

    [Theory]
    [InlineData(0, 0.0, 50)]
    [InlineData(0, 1.0, 100)]
    [InlineData(1, 0.0, 100)]
    [InlineData(1, 1.0, 200)]
    [InlineData(3, 1.0, 800)]
    [InlineData(30, 1.0, 800)]
    [InlineData(-5, 0.5, 75)]
    public void Backoff_doubles_with_equal_jitter_and_caps_at_8x(int attempt, double unit, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), LockDeadline.Backoff(TimeSpan.FromMilliseconds(100), attempt, unit));
    }

    [Fact]
    public void NextDelay_never_exceeds_remaining()
    {
        var d = LockDeadline.After(TimeSpan.FromMilliseconds(30));
        for (int i = 0; i < 50; i++)
        {
            Assert.True(d.NextDelay(TimeSpan.FromSeconds(10), i) <= TimeSpan.FromMilliseconds(30));
        }

        Assert.Equal(TimeSpan.Zero, LockDeadline.After(TimeSpan.Zero).NextDelay(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Delay_does_not_sleep_past_the_deadline()
    {
        var d = LockDeadline.After(TimeSpan.FromMilliseconds(100));
        var sw = Stopwatch.StartNew();
        d.Delay(TimeSpan.FromSeconds(30));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), sw.Elapsed.ToString());
        Assert.True(d.IsExpired || d.Remaining < TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task DelayAsync_does_not_sleep_past_the_deadline_and_honours_cancellation()
    {
        var d = LockDeadline.After(TimeSpan.FromMilliseconds(100));
        var sw = Stopwatch.StartNew();
        await d.DelayAsync(TimeSpan.FromSeconds(30));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2));

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LockDeadline.After(TimeSpan.FromMinutes(1)).DelayAsync(TimeSpan.FromSeconds(30), cts.Token));
    }

    [Fact]
    public void ThrowIfExpired_names_path_and_holder()
    {
        using var dir = new TempDir();
        string lockPath = dir.File("app.lock");
        var owner = LockOwner.Current;
        File.WriteAllText(lockPath, owner.ToRecord());
        var ex = Assert.Throws<LockTimeoutException>(() => LockDeadline.After(TimeSpan.Zero).ThrowIfExpired(lockPath));
        Assert.IsAssignableFrom<TimeoutException>(ex);
        Assert.Equal(lockPath, ex.LockPath);
        Assert.NotNull(ex.Holder);
        Assert.Contains($"pid {Environment.ProcessId}", ex.Holder);
        Assert.Contains(lockPath, ex.Message);
        Assert.Contains($"pid {Environment.ProcessId}", ex.Message);
    }

    [Fact]
    public void ThrowIfExpired_with_legacy_pid_and_without_path()
    {
        using var dir = new TempDir();
        string lockPath = dir.File("app.pid");
        File.WriteAllText(lockPath, "4242\n");
        var ex = Assert.Throws<LockTimeoutException>(() => LockDeadline.After(TimeSpan.Zero).ThrowIfExpired(lockPath));
        Assert.Contains("pid 4242", ex.Message);
        var bare = Assert.Throws<LockTimeoutException>(() => LockDeadline.After(TimeSpan.Zero).ThrowIfExpired());
        Assert.Null(bare.LockPath);
        var missing = Assert.Throws<LockTimeoutException>(() => LockDeadline.After(TimeSpan.Zero).ThrowIfExpired(dir.File("none")));
        Assert.Null(missing.Holder);
    }
}
