using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime.Internal;

/// <summary>
/// The short-lived, kernel-held lock that serializes every transition of one lock path (create, steal, release), so
/// "judge, then replace" is atomic and N concurrent breakers give one winner. It is a flock(LOCK_EX|LOCK_NB) on a
/// sidecar file <c>&lt;lock&gt;.fence</c> that is never deleted (deleting a flocked file lets a second process lock a
/// new inode at the same path). The kernel drops it when its holder dies, so a crash never leaves it stuck.
/// On Linux it is taken with raw open/flock/close calls (three syscalls, independent of
/// DOTNET_SYSTEM_IO_DISABLEFILELOCKING); elsewhere with FileShare.None.
/// <para>The sidecar holds two fixed fields, read and written only under the flock: the fencing counter (bytes 0-31)
/// and the create marker (bytes 32-255), set by a creator just before its O_EXCL create and cleared once its owner
/// record is written. A marker still set when someone else holds the flock means its writer died mid-create, which is
/// what lets a breaker tell a crashed runtime create (an empty lock file) from a legacy empty lock held by existence.</para>
/// </summary>
internal sealed class TransitionLock : IDisposable
{
    internal const string Suffix = ".fence";
    private const int FenceBytes = 32;
    private const int StateBytes = 256;

    private readonly int _fd = -1;
    private readonly SafeFileHandle? _handle;

    private TransitionLock(int fd, SafeFileHandle? handle, string path)
    {
        _fd = fd;
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    internal static string SidecarOf(string lockPath) => lockPath + Suffix;

    /// <summary>Takes the transition lock, spinning briefly while another process holds it (it is held for a few
    /// syscalls). Returns null when it stays busy past <paramref name="wait"/>; throws a classifiable exception when
    /// the sidecar cannot be opened or created, or the file system has no flock (ENOLCK, EOPNOTSUPP).</summary>
    internal static TransitionLock? TryEnter(string lockPath, TimeSpan wait)
    {
        string path = SidecarOf(lockPath);
        long start = Environment.TickCount64;
        int spins = 0;
        while (true)
        {
            var taken = Native.IsLinux ? TryTakeLinux(path) : TryTakePortable(path);
            if (taken != null)
            {
                return taken;
            }

            if (Environment.TickCount64 - start >= wait.TotalMilliseconds)
            {
                return null;
            }

            // Held for microseconds: yield first, then sleep 1 ms so 8 breakers on 2 cores don't starve the holder.
            if (spins++ < 4)
            {
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    private static TransitionLock? TryTakeLinux(string path)
    {
        int fd = Native.OpenOrCreate(path);
        if (fd == -13)
        {
            // Another user's sidecar (0644): flock needs no write access, so a read-only descriptor still serializes
            // breaks; only writing the fence then fails, as an explicit AccessDenied.
            fd = Native.OpenReadOnly(path);
        }

        if (fd < 0)
        {
            throw Native.ToException(-fd, "open", path);
        }

        int err = Native.FlockFd(fd, Native.LockEx | Native.LockNb);
        if (err == 0)
        {
            return new TransitionLock(fd, null, path);
        }

        Native.Close(fd);
        if (err != Native.EWOULDBLOCK)
        {
            throw Native.ToException(err, "flock", path);
        }

        return null;
    }

    private static TransitionLock? TryTakePortable(string path)
    {
        try
        {
            return new TransitionLock(-1, File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && e.HResult is 11 or unchecked((int)0x80070020) or unchecked((int)0x80070021))
        {
            return null;
        }
    }

    /// <summary>The sidecar's fields: the last fencing token handed out and the pending create marker, if any.</summary>
    internal readonly record struct State(long Fence, CreateMarker? Marker);

    /// <summary>Who was creating the lock file, and when (Unix ms).</summary>
    internal sealed record CreateMarker(long UnixMs, LockOwner Writer);

    internal State ReadState()
    {
        Span<byte> buffer = stackalloc byte[StateBytes];
        int n = Read(buffer);
        if (n <= 0)
        {
            return new State(0, null);
        }

        string text = Encoding.ASCII.GetString(buffer.Slice(0, n));
        string fenceText = text.Substring(0, Math.Min(FenceBytes, text.Length)).Trim('\0', ' ', '\n');
        long fence = long.TryParse(fenceText, NumberStyles.None, CultureInfo.InvariantCulture, out long f) ? f : 0;
        return new State(fence, n > FenceBytes ? ParseMarker(text.Substring(FenceBytes)) : null);
    }

    /// <summary>Sets the create marker to this process (one pwrite), leaving the fence alone.</summary>
    internal void MarkCreating()
    {
        var me = LockOwner.Current;
        string marker = string.Join(' ', "creating", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            me.ProcessId.ToString(CultureInfo.InvariantCulture), me.ProcessStartTicks.ToString(CultureInfo.InvariantCulture), me.BootId, me.Host);
        Write(Pad(marker, StateBytes - FenceBytes), FenceBytes);
    }

    /// <summary>Clears the create marker (one pwrite).</summary>
    internal void ClearMarker() => Write(Pad("", StateBytes - FenceBytes), FenceBytes);

    /// <summary>Hands out the next fencing token and clears the create marker in one pwrite. The token is greater than
    /// every token handed out before for this path, and at least the Unix time in milliseconds, so a lost sidecar
    /// does not restart the sequence at 1.</summary>
    internal static long NextFence(State state) => Math.Max(state.Fence + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    internal void CommitFence(long fence) =>
        Write(Pad(fence.ToString(CultureInfo.InvariantCulture), FenceBytes) + Pad("", StateBytes - FenceBytes), 0);

    public void Dispose()
    {
        if (_handle != null)
        {
            _handle.Dispose();
        }
        else if (_fd >= 0)
        {
            Native.Close(_fd); // closing the last descriptor drops the flock
        }
    }

    private static CreateMarker? ParseMarker(string text)
    {
        string[] parts = text.Trim('\0', ' ', '\n').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5 || parts[0] != "creating" ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long ms) ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ||
            !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long start))
        {
            return null;
        }

        return new CreateMarker(ms, new LockOwner
        {
            ProcessId = pid,
            ProcessStartTicks = start,
            BootId = parts[4],
            Host = parts.Length > 5 ? parts[5] : "",
        });
    }

    private static string Pad(string s, int width) => (s.Length >= width - 1 ? s.Substring(0, width - 1) : s.PadRight(width - 1)) + "\n";

    private int Read(Span<byte> buffer)
    {
        int n = _handle != null ? RandomAccess.Read(_handle, buffer, 0) : Native.Pread(_fd, buffer, 0);
        if (n < 0)
        {
            throw Native.ToException(-n, "pread", Path);
        }

        return n;
    }

    private void Write(string text, long offset)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        if (_handle != null)
        {
            RandomAccess.Write(_handle, bytes, offset);
            return;
        }

        int n = Native.Pwrite(_fd, bytes, offset);
        if (n != bytes.Length)
        {
            throw Native.ToException(n < 0 ? -n : 28, "pwrite", Path);
        }
    }
}
