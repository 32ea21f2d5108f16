using System.Text;
using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime;

public sealed partial class LockFile
{
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

    /// <summary>Like <see cref="TryCreate"/>, but a failure while the lock file exists means "held and not breakable
    /// from here" (for example an immutable directory whose sidecar cannot be created), not "cannot lock":
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
        catch (Exception e) when (IoFailure.Is(e))
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
            catch (Exception e) when (IoFailure.Is(e))
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
            catch (Exception e) when (IoFailure.Is(e))
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
        catch (Exception e) when (IoFailure.Is(e))
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
        catch (Exception e) when (IoFailure.Is(e))
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

    private static bool IsAlreadyExists(IOException e, string path) =>
        e.HResult is Native.EEXIST or unchecked((int)0x80070050) or unchecked((int)0x800700B7) ||
        (e is not FileNotFoundException && e is not DirectoryNotFoundException && File.Exists(path));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan ? a : a < b ? a : b;
}
