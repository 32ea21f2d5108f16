using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime;

/// <summary>
/// Watches a handle lock the caller keeps (a <see cref="FileStream"/> opened with <see cref="FileShare.None"/>, which
/// on Linux takes a flock, or any open handle) for its path being unlinked or replaced. A flock pins the inode, not
/// the path: after an <c>rm -rf</c> of the directory, or an unlink and re-create, the holder still holds its lock on
/// an orphaned inode while a second holder locks a new file at the same path, and both run.
/// </summary>
/// <remarks>Every <see cref="LockPathWatchOptions"/>-interval (and at once when the directory reports the name
/// deleted, renamed or created), compares device and inode of the handle (fstat) with the path (stat), and the
/// handle's link count. <see cref="LockHealth.Replaced"/> and <see cref="LockHealth.Unlinked"/> are final: the watch
/// stops, raises <see cref="HealthChanged"/>, cancels <see cref="Lost"/> and applies the <see cref="LockLossAction"/>.
/// A stat failure that proves nothing (EACCES, EIO) is reported in <see cref="Health"/> and retried, without
/// cancelling <see cref="Lost"/>. The watch never throws from its timer. It stops by itself when the handle is
/// closed. Off Linux there is no inode: the watch reports only a missing path (<see cref="LockHealth.Unlinked"/>).</remarks>
public sealed class LockPathWatch : IDisposable
{
    /// <summary>The exit code of <see cref="LockLossAction.ExitProcess"/>: 0, a clean shutdown, because a supervisor
    /// with Restart=on-failure must not restart a daemon whose successor already runs.</summary>
    public const int LostExitCode = 0;

    private readonly object _gate = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly SafeFileHandle _handle;
    private readonly FileIdentity _identity;
    private readonly LockPathWatchOptions _options;
    private readonly LockLossAction _onLoss;
    private Timer? _timer;
    private FileSystemWatcher? _events;
    private bool _stopped;

    private LockPathWatch(SafeFileHandle handle, string path, FileIdentity identity, LockLossAction onLoss, LockPathWatchOptions options)
    {
        _handle = handle;
        Path = path;
        _identity = identity;
        _onLoss = onLoss;
        _options = options;
    }

    public string Path { get; }

    /// <summary><see cref="LockHealth.Healthy"/> while the path names the held file; <see cref="LockHealth.Replaced"/>
    /// (another file at the path) or <see cref="LockHealth.Unlinked"/> (no file at the path, or ours has no name left)
    /// once lost, final; a classified I/O state while the path cannot be checked.</summary>
    public LockHealth Health { get; private set; }

    /// <summary>True until the path is found replaced or unlinked.</summary>
    public bool IsHeld => Health is not (LockHealth.Replaced or LockHealth.Unlinked);

    /// <summary>Raised (on a timer or watcher thread) whenever <see cref="Health"/> changes. Exceptions from handlers
    /// are logged and ignored.</summary>
    public event EventHandler<LockHealth>? HealthChanged;

    /// <summary>Cancelled once the path is found replaced or unlinked, never un-cancelled: stop the protected work, and
    /// do not delete the lock or its companion files (they now belong to whoever holds the new file). Not cancelled by
    /// <see cref="Dispose"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Starts watching <paramref name="path"/> for the file <paramref name="lockHandle"/> holds open. Captures
    /// the handle's identity now: call it right after the handle is taken. Throws when the handle cannot be
    /// stat'ed (closed or invalid); a path that already names another file starts the watch as lost.</summary>
    public static LockPathWatch Start(FileStream lockHandle, string path, LockLossAction onLoss = LockLossAction.Report, LockPathWatchOptions? options = null)
    {
        if (lockHandle is null)
        {
            throw new ArgumentNullException(nameof(lockHandle));
        }

        return Start(lockHandle.SafeFileHandle, path, onLoss, options);
    }

    /// <inheritdoc cref="Start(FileStream, string, LockLossAction, LockPathWatchOptions?)"/>
    public static LockPathWatch Start(SafeFileHandle lockHandle, string path, LockLossAction onLoss = LockLossAction.Report, LockPathWatchOptions? options = null)
    {
        if (lockHandle is null)
        {
            throw new ArgumentNullException(nameof(lockHandle));
        }

        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A lock path is required.", nameof(path));
        }

        if (lockHandle.IsClosed || lockHandle.IsInvalid)
        {
            throw new ObjectDisposedException(nameof(lockHandle), "The lock handle is closed.");
        }

        options ??= new LockPathWatchOptions();
        string full = System.IO.Path.GetFullPath(path);
        int err = Native.TryStat(lockHandle, out var identity);
        if (err != 0)
        {
            throw Native.ToException(err, "fstat", full);
        }

        var watch = new LockPathWatch(lockHandle, full, identity, onLoss, options);
        watch.Check();
        watch.Begin();
        return watch;
    }

    /// <summary>Checks now (for a caller about to do a critical write) and returns the resulting <see cref="Health"/>.</summary>
    public LockHealth CheckNow()
    {
        Check();
        return Health;
    }

    /// <summary>Stops watching. Call it before releasing the lock (closing the handle, deleting the path), so the
    /// release itself is not taken for a loss.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        StopSources();
    }

    /// <summary>One comparison of the handle with the path.</summary>
    internal (LockHealth Health, string Operation, Exception? Error) Probe()
    {
        int err = Native.TryStat(_handle, out var mine);
        if (err != 0)
        {
            var e = Native.ToException(err, "fstat", Path);
            return (LockHealthClassifier.Classify(e), "fstat", e);
        }

        err = Native.TryStat(Path, out var atPath);
        if (err is Native.ENOENT or Native.ENOTDIR)
        {
            return (LockHealth.Unlinked, "stat", null);
        }

        if (err != 0)
        {
            var e = Native.ToException(err, "stat", Path);
            return (LockHealthClassifier.Classify(e), "stat", e);
        }

        if (!atPath.SameFileAs(mine) || !atPath.SameFileAs(_identity))
        {
            return (LockHealth.Replaced, "stat", null);
        }

        if (mine.Known && mine.LinkCount == 0)
        {
            return (LockHealth.Unlinked, "fstat", null);
        }

        return (LockHealth.Healthy, "stat", null);
    }

    private void Begin()
    {
        if (!IsHeld)
        {
            return;
        }

        var interval = _options.Interval;
        if (interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            _timer = new Timer(static s => ((LockPathWatch)s!).Check(), this, interval, interval);
        }

        if (_options.WatchDirectoryEvents)
        {
            _events = TryWatchDirectory();
        }

        lock (_gate)
        {
            if (!_stopped)
            {
                return;
            }
        }

        StopSources(); // stopped (or lost) while starting
    }

    /// <summary>inotify on the directory: an rm -rf or a rename over the path is noticed in milliseconds instead of
    /// at the next poll. The poll stays: the watcher can fail to start or overflow.</summary>
    private FileSystemWatcher? TryWatchDirectory()
    {
        try
        {
            string name = System.IO.Path.GetFileName(Path);
            var w = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path) ?? ".")
            {
                NotifyFilter = NotifyFilters.FileName,
                IncludeSubdirectories = false,
            };
            FileSystemEventHandler onName = (_, e) =>
            {
                if (string.Equals(e.Name, name, StringComparison.Ordinal))
                {
                    Check();
                }
            };
            w.Deleted += onName;
            w.Created += onName;
            w.Renamed += (_, e) =>
            {
                if (string.Equals(e.Name, name, StringComparison.Ordinal) || string.Equals(e.OldName, name, StringComparison.Ordinal))
                {
                    Check();
                }
            };
            w.Error += (_, _) => Check();
            w.EnableRaisingEvents = true;
            return w;
        }
        catch (Exception e)
        {
            _options.Logger?.LogDebug(e, "Watching the directory of lock {LockPath} failed; polling only", Path);
            return null;
        }
    }

    private void Check()
    {
        // Runs on timer and watcher threads: it must never throw, or the process dies.
        try
        {
            LockHealth previous;
            LockHealth health;
            bool lost;
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                if (_handle.IsClosed)
                {
                    _stopped = true; // the holder released its lock without disposing the watch
                    health = previous = Health;
                    lost = false;
                }
                else
                {
                    (health, string operation, Exception? error) = Probe();
                    previous = Health;
                    Health = health;
                    lost = health is LockHealth.Replaced or LockHealth.Unlinked;
                    if (lost)
                    {
                        _stopped = true;
                    }

                    if (health != LockHealth.Healthy)
                    {
                        LockHeartbeat.Log(_options.Logger, new HeartbeatResult(Path, operation, health, error), Path);
                    }
                }
            }

            if (_stopped)
            {
                StopSources();
            }

            if (health != previous)
            {
                try
                {
                    HealthChanged?.Invoke(this, health);
                }
                catch (Exception e)
                {
                    _options.Logger?.LogError(e, "A HealthChanged handler of lock {LockPath} threw", Path);
                }
            }

            if (lost)
            {
                OnLost(health);
            }
        }
        catch (Exception e)
        {
            try
            {
                _options.Logger?.LogError(e, "Checking lock path {LockPath} failed", Path);
            }
            catch (Exception)
            {
            }
        }
    }

    private void OnLost(LockHealth health)
    {
        try
        {
            _options.Logger?.LogError("Lock path {LockPath} no longer names the held lock file ({Health}): another holder may run", Path, health);
        }
        catch (Exception)
        {
        }

        try
        {
            _lost.Cancel();
        }
        catch (Exception e)
        {
            _options.Logger?.LogError(e, "A Lost callback of lock {LockPath} threw", Path);
        }

        if (_onLoss == LockLossAction.ExitProcess)
        {
            // Not under _gate: ProcessExit handlers may dispose this watch.
            Environment.Exit(LostExitCode);
        }
    }

    private void StopSources()
    {
        Interlocked.Exchange(ref _timer, null)?.Dispose();
        var events = Interlocked.Exchange(ref _events, null);
        if (events != null)
        {
            // Off the caller's thread: this may run inside one of the watcher's own event handlers, and closing an
            // inotify descriptor can wait for an RCU grace period.
            ThreadPool.UnsafeQueueUserWorkItem(
                static w =>
                {
                    try
                    {
                        w.Dispose();
                    }
                    catch (Exception)
                    {
                    }
                },
                events,
                preferLocal: false);
        }
    }
}
