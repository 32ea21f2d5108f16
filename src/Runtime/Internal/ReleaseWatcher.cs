namespace LockAnalyzers.Runtime.Internal;

/// <summary>Wakes a waiter as soon as the lock file is removed or renamed away (inotify through FileSystemWatcher), so
/// a contended handoff costs a wake-up, not a poll interval. Polling stays as the fallback: the watcher can fail to
/// start (inotify limits, network file systems) or miss events on overflow.</summary>
internal sealed class ReleaseWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly string _name;

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

    internal async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _signal.Dispose();
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
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (Exception)
        {
            // SemaphoreFullException on a race, ObjectDisposedException after Dispose: nothing to wake.
        }
    }
}
