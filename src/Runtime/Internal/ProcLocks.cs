using System.Globalization;

namespace LockAnalyzers.Runtime.Internal;

/// <summary>
/// Whether any process holds a lock (flock, POSIX or OFD) on a file, read from /proc/locks. Probing by taking
/// LOCK_EX|LOCK_NB ourselves would answer too, but for its moment every other reader that opens the lock with .NET
/// (File.ReadAllText takes LOCK_SH|LOCK_NB) fails with a sharing violation: an owner checking its own token, or a
/// contender's staleness test, would read "gone" or "unreadable" because a breaker was looking. /proc/locks is read-only.
/// </summary>
internal static class ProcLocks
{
    /// <summary>True or false when /proc/locks answered; null when it could not be read (not Linux, no /proc).</summary>
    internal static bool? AnyHeld(FileIdentity file)
    {
        if (!Native.IsLinux || !file.Known)
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/locks");
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
            return null;
        }

        foreach (string line in lines)
        {
            if (Holds(line, file))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One /proc/locks line, e.g. <c>3: FLOCK  ADVISORY  WRITE 1234 00:2a:56789 0 EOF</c>. Waiters are printed with
    /// <c>-&gt;</c> after the index and hold nothing. The file is <c>MAJOR:MINOR:INODE</c>, major and minor in hex.
    /// </summary>
    internal static bool Holds(string line, FileIdentity file)
    {
        string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[1] == "->")
        {
            return false;
        }

        string id = fields[5];
        int first = id.IndexOf(':');
        int second = first < 0 ? -1 : id.IndexOf(':', first + 1);
        if (second < 0 ||
            !uint.TryParse(id.AsSpan(0, first), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint major) ||
            !uint.TryParse(id.AsSpan(first + 1, second - first - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint minor) ||
            !ulong.TryParse(id.AsSpan(second + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
        {
            return false;
        }

        return inode == file.Inode && (((ulong)major << 32) | minor) == file.Device;
    }
}
