using System.Globalization;
using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

public sealed partial class LockFile
{
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
        catch (Exception e) when (IoFailure.Is(e))
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
            catch (Exception e) when (IoFailure.Is(e))
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
            catch (Exception e) when (IoFailure.Is(e))
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

    private static bool Unlink(string path)
    {
        File.Delete(path);
        return true;
    }
}
