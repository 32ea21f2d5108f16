using System.Globalization;
using System.Text;
using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime;

/// <summary>A held lock file: exclusive create, owner record, heartbeat through the handle, explicit health, owned release.</summary>
/// <remarks>See docs/runtime.md for the protocol. In short: the file is created with O_EXCL under the transition lock
/// and the owner record is written through the creating handle before the transition lock is let go, so no runtime
/// breaker ever sees it empty; the handle is kept open (a shared flock: evidence of a live holder) and its mtime is
/// refreshed with futimens every <see cref="LockOptions.HeartbeatInterval"/>; each beat also checks that the path still
/// names our inode. Any unhealthy beat sets <see cref="Health"/>, raises <see cref="HealthChanged"/> and cancels
/// <see cref="Lost"/>.</remarks>
public sealed class LockFile : IDisposable, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lost = new();
    private SafeFileHandle _handle = null!;
    private FileIdentity _identity;
    private LockOptions _options = null!;
    private Timer? _timer;
    private int _beating;
    private bool _released;

    private LockFile()
    {
    }

    public string Path { get; private init; } = "";

    /// <summary>The result of the latest heartbeat. <see cref="LockHealth.Replaced"/> and <see cref="LockHealth.Unlinked"/>
    /// are final: the path no longer names our file and the heartbeat stops.</summary>
    public LockHealth Health { get; private set; }

    /// <summary>Raised (on a timer thread) whenever <see cref="Health"/> changes. Exceptions from handlers are logged and ignored.</summary>
    public event EventHandler<LockHealth>? HealthChanged;

    /// <summary>Cancelled at the first unhealthy heartbeat and never un-cancelled: stop the protected work. Not
    /// cancelled by a normal <see cref="Release()"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Strictly greater than the token of every earlier holder of this path (kept in the sidecar
    /// <c>&lt;path&gt;.fence</c> and bumped under the transition lock). The protected resource must remember the highest
    /// token it has seen and reject writes carrying a lower one: that, not the lock file, is what stops a holder that
    /// was paused or partitioned past its lease from writing after a successor took over.</summary>
    public long FencingToken { get; private init; }

    public LockOwner Owner { get; private init; } = null!;

    /// <summary>The last heartbeat's error, when it failed.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Waits for the lock: tries to create it, breaks it when stale with dead-owner evidence, and otherwise
    /// sleeps until a FileSystemWatcher reports the lock file gone (or a jittered poll interval passes, as fallback).
    /// The deadline is checked at the top of every iteration: throws <see cref="LockTimeoutException"/> (naming the
    /// holder) after <see cref="LockOptions.Timeout"/>, never hangs. Throws <see cref="LockHealthException"/> when the
    /// lock cannot be created for a reason other than being held (missing directory, no permission, full disk).</summary>
    public static async Task<LockFile> AcquireAsync(string path, LockOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LockOptions();
        string full = System.IO.Path.GetFullPath(path);
        var deadline = LockDeadline.After(options.Timeout);
        var hardLimit = LockSteal.UnreadableRecordHardLimit(options.StaleAfter);
        ReleaseWatcher? watcher = null;
        int attempt = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                deadline.ThrowIfExpired(full);

                var held = TryCreateOrHeld(full, options, Min(deadline.Remaining, TimeSpan.FromSeconds(1)));
                if (held != null)
                {
                    return held;
                }

                var outcome = LockSteal.Break(full, options.StaleAfter, hardLimit, options.Logger, Min(deadline.Remaining, LockSteal.TransitionWait));
                if (outcome is StealOutcome.Stolen or StealOutcome.NoLock)
                {
                    continue;
                }

                if (watcher == null)
                {
                    // Watch before the next attempt so a release between our failed create and the watch is not missed.
                    watcher = ReleaseWatcher.TryCreate(full);
                    continue;
                }

                await watcher.WaitAsync(deadline.NextDelay(options.PollInterval, attempt++), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (watcher != null)
            {
                // Closing an inotify descriptor can take milliseconds in the kernel (it waits for an RCU grace
                // period): do it off the path that hands the lock to the caller.
                ThreadPool.UnsafeQueueUserWorkItem(static w => w.Dispose(), watcher, preferLocal: false);
            }
        }
    }

    /// <summary>One attempt: creates the lock, or, when it is held, breaks it if stale with dead-owner evidence and
    /// tries once more. Null when someone else holds it. Throws <see cref="LockHealthException"/> when the lock cannot
    /// be created for a reason other than being held.</summary>
    public static LockFile? TryAcquire(string path, LockOptions? options = null)
    {
        options ??= new LockOptions();
        string full = System.IO.Path.GetFullPath(path);
        var held = TryCreateOrHeld(full, options, TimeSpan.FromSeconds(1));
        if (held != null)
        {
            return held;
        }

        var outcome = LockSteal.Break(full, options.StaleAfter, LockSteal.UnreadableRecordHardLimit(options.StaleAfter), options.Logger);
        return outcome is StealOutcome.Stolen or StealOutcome.NoLock ? TryCreateOrHeld(full, options, TimeSpan.FromSeconds(1)) : null;
    }

    /// <summary>Removes the lock only when it is still ours (the path names the inode we created and hold); returns
    /// false and leaves the file alone otherwise. Never throws: an I/O failure is logged, reported in
    /// <see cref="Health"/> and returns false (the file then stays until a breaker proves us dead).</summary>
    public bool Release()
    {
        lock (_gate)
        {
            if (_released)
            {
                return false;
            }

            _released = true;
        }

        _timer?.Dispose();
        bool removed = false;
        try
        {
            if (Health is not (LockHealth.Replaced or LockHealth.Unlinked))
            {
                removed = ReleaseOwned();
            }
        }
        catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
        {
            LastError = e;
            var health = LockHealthClassifier.Classify(e);
            _options.Logger?.LogError(e, "Releasing lock {LockPath} failed: {Health}", Path, health);
            Health = health;
        }
        finally
        {
            _handle.Dispose();
        }

        return removed;
    }

    /// <summary>
    /// Removes our own file. On Linux this takes no transition lock: while we hold the file open we hold a flock on it
    /// and our pid is alive, so no runtime breaker can judge it breakable, and no creator can create over it; the
    /// transition lock would only serialize us against parties that cannot act on a live holder's lock anyway. The
    /// open handle pins the inode, so its number cannot be reused: the path naming our device and inode means the
    /// file is ours, and a plain unlink removes it (only a non-runtime writer could replace it in the syscall-wide
    /// gap). Off Linux there is no inode identity, so the release runs under the transition lock and renames to a
    /// tomb, verified by our token.
    /// </summary>
    private bool ReleaseOwned()
    {
        if (Native.IsLinux)
        {
            return Native.TryStat(Path, out var current) == 0 && current.SameFileAs(_identity) && Unlink(Path);
        }

        using var transition = TransitionLock.TryEnter(Path, LockSteal.TransitionWait);
        return Retire.Verified(Path, _identity, text => LockOwner.Parse(text)?.Token == Owner.Token, _options.Logger);
    }

    /// <summary>Owned release for code that does not hold a <see cref="LockFile"/> (the LCK007 fix): removes the lock
    /// only when its content names <paramref name="ownerToken"/> — the runtime record's token, or for legacy content
    /// the pid (when the token is a number) or the token as a whole word — and the removed file is the one that was
    /// read (device, inode and content). Returns false, leaving the file alone, when it is missing or someone else's.
    /// Throws <see cref="LockHealthException"/> when the lock is ours but cannot be removed, like the File.Delete it
    /// replaces, so the failure is not swallowed.</summary>
    public static bool Release(string path, string ownerToken) => Release(path, ownerToken, logger: null);

    public static bool Release(string path, string ownerToken, ILogger? logger)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A lock path is required.", nameof(path));
        }

        if (string.IsNullOrWhiteSpace(ownerToken))
        {
            return false;
        }

        ownerToken = ownerToken.Trim();
        TransitionLock? transition = null;
        try
        {
            try
            {
                transition = TransitionLock.TryEnter(path, LockSteal.TransitionWait);
            }
            catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
            {
                // No sidecar (read-only or immutable directory): the verified rename below still only removes our file.
                logger?.LogWarning(e, "Releasing {LockPath} without the transition lock", path);
            }

            var snap = LockRecordReader.TryRead(path);
            if (snap == null)
            {
                return false;
            }

            if (snap.Error != null)
            {
                throw new LockHealthException(LockHealthClassifier.Classify(snap.Error), path, "read-owner-record", snap.Error);
            }

            if (!RecordNames(snap.Text, snap.Owner, ownerToken))
            {
                return false;
            }

            string judged = snap.Text;
            try
            {
                return Retire.Verified(path, snap.Identity, text => string.Equals(text, judged, StringComparison.Ordinal), logger);
            }
            catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
            {
                var health = LockHealthClassifier.Classify(e);
                logger?.LogError(e, "Releasing lock {LockPath} failed: {Health}", path, health);
                throw new LockHealthException(health, path, "release", e);
            }
        }
        finally
        {
            transition?.Dispose();
        }
    }

    public void Dispose() => Release();

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Does a lock record name this owner token? The runtime token, the pid (legacy pid files), or the token
    /// as a whole word of legacy content.</summary>
    internal static bool RecordNames(string text, LockOwner? owner, string ownerToken)
    {
        if (owner != null)
        {
            if (owner.Token.Length > 0 && string.Equals(owner.Token, ownerToken, StringComparison.Ordinal))
            {
                return true;
            }

            if (int.TryParse(ownerToken, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 && owner.ProcessId == pid)
            {
                return true;
            }

            if (!owner.IsLegacy)
            {
                return false; // a runtime record is matched by its token or pid only
            }
        }

        for (int i = text.IndexOf(ownerToken, StringComparison.Ordinal); i >= 0; i = text.IndexOf(ownerToken, i + 1, StringComparison.Ordinal))
        {
            bool startOk = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            int end = i + ownerToken.Length;
            bool endOk = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (startOk && endOk)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Like <see cref="TryCreate"/>, but a failure while the lock file exists means "held and not breakable
    /// from here" (for example an immutable directory whose sidecar cannot be created: seed 003), not "cannot lock":
    /// it returns null so waiters keep waiting until their deadline instead of failing or hanging.</summary>
    private static LockFile? TryCreateOrHeld(string path, LockOptions options, TimeSpan transitionWait)
    {
        try
        {
            return TryCreate(path, options, transitionWait);
        }
        catch (LockHealthException e) when (Native.TryStat(path, out _) == 0)
        {
            options.Logger?.LogWarning(e, "Lock {LockPath} is held and its transition state is unusable ({Health})", path, e.Health);
            return null;
        }
    }

    private static LockFile? TryCreate(string path, LockOptions options, TimeSpan transitionWait)
    {
        TransitionLock? transition;
        try
        {
            transition = TransitionLock.TryEnter(path, transitionWait);
        }
        catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
        {
            throw new LockHealthException(LockHealthClassifier.Classify(e), path, "open-transition-lock", e);
        }

        if (transition == null)
        {
            return null;
        }

        using (transition)
        {
            TransitionLock.State state;
            bool marked = false;
            try
            {
                state = transition.ReadState();
                if (state.Marker == null)
                {
                    // Until our record is written, the marker names us: if we die in that window, a breaker can prove
                    // the empty file is a crashed create rather than a legacy lock held by existence.
                    transition.MarkCreating();
                    marked = true;
                }
            }
            catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
            {
                throw new LockHealthException(LockHealthClassifier.Classify(e), path, "write-transition-state", e);
            }

            SafeFileHandle? handle;
            try
            {
                handle = TryCreateHandle(path);
            }
            catch (LockHealthException)
            {
                TryClearMarker(transition, marked);
                throw;
            }

            if (handle == null)
            {
                TryClearMarker(transition, marked);
                return null;
            }

            try
            {
                long fence = TransitionLock.NextFence(state);
                var owner = LockOwner.Current.WithFencingToken(fence);
                byte[] record = Encoding.UTF8.GetBytes(owner.ToRecord());
                WriteRecord(handle, record, path);
                transition.CommitFence(fence);
                int err = Native.TryStat(handle, out var identity);
                if (err != 0)
                {
                    throw Native.ToException(err, "statx", path);
                }

                var lockFile = new LockFile
                {
                    Path = path,
                    FencingToken = fence,
                    Owner = owner,
                };
                lockFile._handle = handle;
                lockFile._identity = identity;
                lockFile._options = options;
                lockFile.StartHeartbeat();
                return lockFile;
            }
            catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
            {
                // We created it and still hold the transition lock: nobody else can have replaced it.
                try
                {
                    File.Delete(path);
                }
                catch (Exception)
                {
                }

                handle.Dispose();
                TryClearMarker(transition, marked);
                throw new LockHealthException(LockHealthClassifier.Classify(e), path, "write-owner-record", e);
            }
        }
    }

    private static void TryClearMarker(TransitionLock transition, bool marked)
    {
        if (!marked)
        {
            return;
        }

        try
        {
            transition.ClearMarker();
        }
        catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
        {
            // A marker left behind only matters next to an empty lock file, and none of ours remains.
        }
    }

    /// <summary>O_EXCL create holding a shared flock (evidence of a live holder for breakers). Null when the path
    /// exists; throws <see cref="LockHealthException"/> for any other failure.</summary>
    private static SafeFileHandle? TryCreateHandle(string path)
    {
        if (Native.IsLinux)
        {
            int fd = Native.CreateExclusive(path);
            if (fd == -Native.EEXIST)
            {
                return null;
            }

            if (fd < 0)
            {
                var e = Native.ToException(-fd, "create", path);
                if (-fd == Native.ENOENT)
                {
                    e = new DirectoryNotFoundException(e.Message);
                }

                throw new LockHealthException(LockHealthClassifier.Classify(e), path, "create", e);
            }

            return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        }

        try
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (IOException e) when (IsAlreadyExists(e, path))
        {
            return null;
        }
        catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
        {
            throw new LockHealthException(LockHealthClassifier.Classify(e), path, "create", e);
        }
    }

    private static void WriteRecord(SafeFileHandle handle, byte[] record, string path)
    {
        if (!Native.IsLinux)
        {
            RandomAccess.Write(handle, record, 0);
            return;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int n = Native.Pwrite((int)handle.DangerousGetHandle(), record, 0);
            if (n != record.Length)
            {
                // A short write on a full disk leaves a torn record: report it as the full disk it is.
                throw Native.ToException(n < 0 ? -n : 28, "write", path);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static bool Unlink(string path)
    {
        File.Delete(path);
        return true;
    }

    private static bool IsAlreadyExists(IOException e, string path) =>
        e.HResult is Native.EEXIST or unchecked((int)0x80070050) or unchecked((int)0x800700B7) ||
        (e is not FileNotFoundException && e is not DirectoryNotFoundException && File.Exists(path));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan ? a : a < b ? a : b;

    private void StartHeartbeat()
    {
        var interval = _options.HeartbeatInterval;
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _timer = new Timer(static s => ((LockFile)s!).OnBeat(), this, interval, interval);
    }

    private void OnBeat()
    {
        // A timer callback must never throw: an unhandled exception here would kill the process.
        if (_released || Interlocked.Exchange(ref _beating, 1) == 1)
        {
            return;
        }

        try
        {
            var (health, operation, error) = Beat();
            SetHealth(health, operation, error);
        }
        catch (Exception e)
        {
            try
            {
                SetHealth(LockHeartbeat.IsIoFailure(e) ? LockHealthClassifier.Classify(e) : LockHealth.Unknown, "heartbeat", e);
            }
            catch (Exception)
            {
            }
        }
        finally
        {
            Volatile.Write(ref _beating, 0);
        }
    }

    /// <summary>One heartbeat: futimens through the held handle (no path race; works on a full disk), then check the
    /// path still names our inode and our inode still has a name.</summary>
    internal (LockHealth Health, string Operation, Exception? Error) Beat()
    {
        if (_released)
        {
            return (Health, "heartbeat", null);
        }

        try
        {
            File.SetLastWriteTimeUtc(_handle, DateTime.UtcNow);
        }
        catch (ObjectDisposedException)
        {
            return (Health, "heartbeat", null); // released concurrently
        }
        catch (Exception e) when (LockHeartbeat.IsIoFailure(e))
        {
            return (LockHealthClassifier.Classify(e), "futimens", e);
        }

        int err = Native.TryStat(_handle, out var mine);
        if (err != 0)
        {
            var e = Native.ToException(err, "fstat", Path);
            return (LockHealthClassifier.Classify(e), "fstat", e);
        }

        err = Native.TryStat(Path, out var atPath);
        if (err == Native.ENOENT)
        {
            return (LockHealth.Unlinked, "stat", null);
        }

        if (err != 0)
        {
            var e = Native.ToException(err, "stat", Path);
            return (LockHealthClassifier.Classify(e), "stat", e);
        }

        if (!atPath.SameFileAs(_identity))
        {
            return (LockHealth.Replaced, "stat", null);
        }

        if (mine.Known && mine.LinkCount == 0)
        {
            return (LockHealth.Unlinked, "stat", null);
        }

        return (LockHealth.Healthy, "futimens", null);
    }

    /// <summary>Runs one heartbeat now (tests, and callers that want a check before a critical write).</summary>
    public LockHealth CheckNow()
    {
        var (health, operation, error) = Beat();
        SetHealth(health, operation, error);
        return Health;
    }

    private void SetHealth(LockHealth health, string operation, Exception? error)
    {
        bool changed;
        lock (_gate)
        {
            if (_released || Health is LockHealth.Replaced or LockHealth.Unlinked)
            {
                return;
            }

            changed = Health != health;
            Health = health;
            LastError = error;
        }

        if (health != LockHealth.Healthy)
        {
            LockHeartbeat.Log(_options.Logger, new HeartbeatResult(Path, operation, health, error), Path);
            if (health is LockHealth.Replaced or LockHealth.Unlinked)
            {
                _timer?.Dispose();
            }
        }

        // HealthChanged before Lost, so code woken by Lost already sees the event's effects.
        if (changed)
        {
            try
            {
                OnHealthChanged(health);
            }
            catch (Exception e)
            {
                _options.Logger?.LogError(e, "A HealthChanged handler of lock {LockPath} threw", Path);
            }
        }

        if (health != LockHealth.Healthy)
        {
            try
            {
                _lost.Cancel();
            }
            catch (Exception e)
            {
                _options.Logger?.LogError(e, "A Lost callback of lock {LockPath} threw", Path);
            }
        }
    }

    private void OnHealthChanged(LockHealth health) => HealthChanged?.Invoke(this, health);
}
