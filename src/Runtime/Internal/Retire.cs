using System.Text;
using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime.Internal;

/// <summary>Removes a lock file only if it is exactly the file that was judged: rename it to a unique tomb in the same
/// directory (rename(2) is atomic: of N movers one wins, the others get ENOENT), then check the tomb is the judged
/// inode with the judged record; if not, put it back with link(2), which refuses to overwrite a newer lock.</summary>
internal static class Retire
{
    internal const string TombMarker = ".tomb-";

    /// <summary>True when the judged file was removed; false when it was already gone or was not the judged file
    /// (then it is restored). Throws a classifiable exception when the rename itself fails (EPERM, EROFS, EXDEV...).</summary>
    internal static bool Verified(string lockPath, FileIdentity judged, Func<string, bool>? recordMatches, ILogger? logger)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(lockPath)) ?? ".";
        if (judged.Known && Native.TryStat(dir, out var dirId) == 0 && dirId.Known && dirId.Device != judged.Device)
        {
            // A bind-mounted lock file: rename would fail with EXDEV (and File.Move would copy + delete, letting two
            // movers both win). Refuse.
            throw new IOException($"Lock '{lockPath}' is on another device than its directory; refusing a rename-based retire.", Native.EXDEV);
        }

        string tomb = lockPath + TombMarker + Guid.NewGuid().ToString("N");
        int err = Native.Rename(lockPath, tomb);
        if (err == Native.ENOENT)
        {
            return false;
        }

        if (err != 0)
        {
            throw Native.ToException(err, "rename", lockPath);
        }

        bool same = Native.TryStat(tomb, out var moved) == 0 && moved.SameFileAs(judged) && moved.LinkCount > 0;
        if (same && recordMatches != null)
        {
            same = recordMatches(ReadText(tomb));
        }

        if (same)
        {
            try
            {
                File.Delete(tomb);
            }
            catch (Exception e) when (IoFailure.Is(e))
            {
                logger?.LogWarning(e, "Retired lock {LockPath} but could not delete its tomb {Tomb}", lockPath, tomb);
            }

            return true;
        }

        // Not the file we judged: someone outside the transition lock replaced it. Put it back without overwriting.
        int restore = Native.Link(tomb, lockPath);
        if (restore == 0)
        {
            TryDelete(tomb);
        }
        else
        {
            logger?.LogWarning("Moved lock {LockPath} was not the judged file and could not be restored (errno {Errno}); left as {Tomb}", lockPath, restore, tomb);
        }

        return false;
    }

    internal static string ReadText(string path)
    {
        try
        {
            using var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            byte[] buffer = new byte[LockOwner.MaxBytes];
            int total = 0;
            while (total < buffer.Length)
            {
                int n = RandomAccess.Read(h, buffer.AsSpan(total), total);
                if (n <= 0)
                {
                    break;
                }

                total += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
            return "\0unreadable";
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
        }
    }
}
