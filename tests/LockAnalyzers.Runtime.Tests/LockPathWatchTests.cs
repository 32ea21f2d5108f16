using System.Diagnostics;
using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

/// <summary>Seed 001 with real files: a FileStream handle lock (FileShare.None, a flock on Linux) whose path is removed
/// or replaced while the handle stays open.</summary>
public class LockPathWatchTests
{
    private static readonly LockPathWatchOptions PollOnly = new() { Interval = TimeSpan.FromMilliseconds(50), WatchDirectoryEvents = false };
    private static readonly LockPathWatchOptions Manual = new() { Interval = Timeout.InfiniteTimeSpan, WatchDirectoryEvents = false };

    private static FileStream Hold(string path) => new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    [Fact]
    public void Healthy_while_the_path_names_the_held_file()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: Manual);
        Assert.Equal(LockHealth.Healthy, watch.Health);
        Assert.Equal(LockHealth.Healthy, watch.CheckNow());
        Assert.True(watch.IsHeld);
        Assert.False(watch.Lost.IsCancellationRequested);
        Assert.Equal(Path.GetFullPath(p), watch.Path);
    }

    [Fact]
    public void Rm_rf_of_the_directory_is_noticed_at_once_through_directory_events()
    {
        using var dir = new TempDir();
        string state = Path.Combine(dir.Path, "agent-state");
        Directory.CreateDirectory(state);
        string p = Path.Combine(state, "daemon.lock");
        using var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: new LockPathWatchOptions { Interval = TimeSpan.FromSeconds(30) });
        var removed = Stopwatch.StartNew();
        Directory.Delete(state, recursive: true);
        Assert.True(watch.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)), "the removal was not noticed without a poll");
        Assert.True(removed.ElapsedMilliseconds < 5000);
        Assert.Equal(LockHealth.Unlinked, watch.Health);
        Assert.False(watch.IsHeld);
    }

    [Fact]
    public void Unlink_and_recreate_by_a_second_holder_is_Replaced_and_the_new_file_is_left_alone()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        var log = new ListLogger();
        using var first = Hold(p);
        using var watch = LockPathWatch.Start(first, p, options: new LockPathWatchOptions { Interval = TimeSpan.FromMilliseconds(50), WatchDirectoryEvents = false, Logger = log });
        var changes = new List<LockHealth>();
        watch.HealthChanged += (_, h) => { lock (changes) { changes.Add(h); } };
        File.Delete(p);
        using var second = Hold(p); // the flock of the second holder succeeds: it is a new inode
        Assert.True(watch.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        // Replaced, or Unlinked when a poll fell between the unlink and the re-create: both are final.
        Assert.True(watch.Health is LockHealth.Replaced or LockHealth.Unlinked);
        lock (changes)
        {
            Assert.Single(changes);
        }

        Assert.Contains(log.Messages, m => m.Contains(p));
        Assert.True(File.Exists(p));
    }

    [Fact]
    public void Another_file_renamed_over_the_path_is_Replaced()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: Manual);
        File.WriteAllText(dir.File("other"), "x");
        File.Move(dir.File("other"), p, overwrite: true);
        Assert.Equal(LockHealth.Replaced, watch.CheckNow());
        Assert.True(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void Plain_unlink_is_Unlinked_and_final()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: Manual);
        File.Delete(p);
        Assert.Equal(LockHealth.Unlinked, watch.CheckNow());
        File.WriteAllText(p, "x");
        Assert.Equal(LockHealth.Unlinked, watch.CheckNow());
        Assert.True(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void Polling_alone_notices_within_a_few_intervals()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: PollOnly);
        File.Delete(p);
        Assert.True(watch.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.Equal(LockHealth.Unlinked, watch.Health);
    }

    [Fact]
    public void A_disposed_watch_reports_nothing_when_the_holder_releases()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        var handle = Hold(p);
        var watch = LockPathWatch.Start(handle, p, options: PollOnly);
        watch.Dispose();
        File.Delete(p);
        handle.Dispose();
        Thread.Sleep(200);
        Assert.Equal(LockHealth.Healthy, watch.Health);
        Assert.False(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void A_closed_handle_stops_the_watch_without_a_loss()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: PollOnly);
        handle.Dispose();
        Thread.Sleep(150);
        File.Delete(p);
        Thread.Sleep(200);
        Assert.Equal(LockHealth.Healthy, watch.CheckNow());
        Assert.False(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void A_throwing_handler_does_not_stop_Lost()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = Hold(p);
        using var watch = LockPathWatch.Start(handle, p, options: PollOnly);
        watch.HealthChanged += (_, _) => throw new InvalidOperationException("handler bug");
        File.Delete(p);
        Assert.True(watch.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Start_on_a_path_that_already_names_another_file_starts_lost()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = Hold(p);
        File.Delete(p);
        File.WriteAllText(p, "new owner");
        using var watch = LockPathWatch.Start(handle, p, options: Manual);
        Assert.Equal(LockHealth.Replaced, watch.Health);
        Assert.True(watch.Lost.IsCancellationRequested);
    }

    [Fact]
    public void Start_rejects_a_closed_handle_and_a_missing_path()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        var handle = Hold(p);
        Assert.Throws<ArgumentException>(() => LockPathWatch.Start(handle, ""));
        handle.Dispose();
        Assert.ThrowsAny<ObjectDisposedException>(() => LockPathWatch.Start(handle.SafeFileHandle, p));
    }

    [Fact]
    public void A_SafeFileHandle_from_File_OpenHandle_is_watched_too()
    {
        using var dir = new TempDir();
        string p = dir.File("daemon.lock");
        using var handle = File.OpenHandle(p, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        using var watch = LockPathWatch.Start(handle, p, options: Manual);
        Assert.Equal(LockHealth.Healthy, watch.CheckNow());
        File.Delete(p);
        Assert.Equal(LockHealth.Unlinked, watch.CheckNow());
    }
}
