using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime.Internal;

internal static class LockRecordReader
{
    /// <summary>Reads a lock file's record (on Linux without taking any flock).</summary>
    internal static LockSnapshot? TryRead(string path) => Read(path, probe: false);

    /// <summary>Reads the record and probes for a live lock holder (/proc/locks, then LOCK_SH|LOCK_NB on our own handle).</summary>
    internal static LockSnapshot? ReadAndProbe(string path) => Read(path, probe: true);

    private static LockSnapshot? Read(string path, bool probe)
    {
        SafeFileHandle handle;
        if (Native.IsLinux)
        {
            // A raw open takes no flock: .NET's File.OpenHandle would take LOCK_SH|LOCK_NB and fail while a
            // FileShare.None holder or another reader's probe holds LOCK_EX, and a failed read is no evidence.
            int fd = Native.OpenReadOnly(path);
            if (fd == -Native.ENOENT || fd == -Native.ENOTDIR)
            {
                return null;
            }

            if (fd < 0)
            {
                Native.TryStat(path, out var id);
                return new LockSnapshot { Exists = true, Identity = id, Error = Native.ToException(-fd, "open", path) };
            }

            handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        }
        else
        {
            try
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
            catch (IOException e) when (e.HResult == Native.EWOULDBLOCK)
            {
                // .NET's own LOCK_SH failed: someone holds LOCK_EX (a FileShare.None holder).
                Native.TryStat(path, out var id);
                return new LockSnapshot { Exists = true, Identity = id, FlockHeld = true };
            }
            catch (Exception e) when (IoFailure.Is(e))
            {
                Native.TryStat(path, out var id);
                return new LockSnapshot { Exists = true, Identity = id, Error = e };
            }
        }

        using (handle)
        {
            int err = Native.TryStat(handle, out var identity);
            if (err != 0)
            {
                return new LockSnapshot { Exists = true, Error = Native.ToException(err, "statx", path) };
            }

            bool held = false;
            if (probe && Native.IsLinux)
            {
                // /proc/locks sees every holder in our pid namespace, shared ones included, without taking a lock.
                // LOCK_SH|LOCK_NB on our own handle adds exclusive holders /proc/locks cannot show (another pid
                // namespace on a shared volume) and, being shared, never makes another reader's LOCK_SH fail.
                held = ProcLocks.AnyHeld(identity) == true ||
                       Native.Flock(handle, Native.LockSh | Native.LockNb) == Native.EWOULDBLOCK;
            }

            string text;
            try
            {
                byte[] buffer = new byte[LockOwner.MaxBytes];
                int total = 0;
                while (total < buffer.Length)
                {
                    int n = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                    if (n <= 0)
                    {
                        break;
                    }

                    total += n;
                }

                text = Encoding.UTF8.GetString(buffer, 0, total);
            }
            catch (Exception e) when (IoFailure.Is(e))
            {
                return new LockSnapshot { Exists = true, Identity = identity, Error = e, FlockHeld = held };
            }

            return new LockSnapshot
            {
                Exists = true,
                Identity = identity,
                Text = text,
                Owner = LockOwner.Parse(text, identity.Known ? identity.ChangeUtc : null),
                FlockHeld = held,
            };
        }
    }
}
