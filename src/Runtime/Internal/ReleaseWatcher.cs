namespace LockAnalyzers.Runtime.Internal;

/// <summary>Wakes a waiter as soon as the lock file is removed or renamed away (inotify through FileSystemWatcher), so
/// a contended handoff costs a wake-up, not a poll interval. Polling stays as the fallback: the watcher can fail to
/// start (inotify limits, network file systems) or miss events on overflow.</summary>
/// <remarks>The wake-up completes a TaskCompletionSource without RunContinuationsAsynchronously, so the waiter's
/// retry runs straight on the watcher's event thread instead of waiting for a thread-pool thread: on a loaded machine
/// that hop is most of the handoff latency.</remarks>
internal sealed class ReleaseWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly string _name;
    private TaskCompletionSource _signal = new();

    private ReleaseWatcher(string lockPath)
    {
        _name = Path.GetFileName(lockPath);
        string dir = Path.GetDirectoryName(lockPath) ?? ".";
        try
        {
            var w = new FileSystemWatcher(dir)
            {
                NotifyFilter = NotifyFilters.FileName,
                IncludeSubdirectories = false,
            };
            w.Deleted += (_, e) => OnEvent(e.Name);
            w.Renamed += (_, e) => OnEvent(e.OldName);
            w.Error += (_, _) => Signal();
            w.EnableRaisingEvents = true;
            _watcher = w;
        }
        catch (Exception)
        {
            _watcher = null; // poll only
        }
    }

    internal static ReleaseWatcher TryCreate(string lockPath) => new(lockPath);

    /// <summary>Returns when the lock file went away since the last wait, the timeout passed, or (throwing) the token
    /// was cancelled.</summary>
    internal async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal);
        if (signal.Task.IsCompleted)
        {
            // A release already happened: consume it and retry at once.
            Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(), signal);
            return;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var delay = Task.Delay(Timeout.Infinite, timer.Token);
        var first = await Task.WhenAny(signal.Task, delay).ConfigureAwait(false);
        if (first == signal.Task)
        {
            Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(), signal);
            timer.Cancel(); // release the delay's timer registration
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
    }

    private void OnEvent(string? name)
    {
        if (string.Equals(name, _name, StringComparison.Ordinal))
        {
            Signal();
        }
    }

    private void Signal()
    {
        try
        {
            Volatile.Read(ref _signal).TrySetResult();
        }
        catch (Exception)
        {
            // Nothing a watcher event thread could do about it; the poll fallback still runs.
        }
    }
}
