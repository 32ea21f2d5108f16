using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime.Internal;

/// <summary>
/// The short-lived, kernel-held lock that serializes every transition of one lock path (create, steal, release), so
/// "judge, then replace" is atomic and N concurrent breakers give one winner. It is a flock(LOCK_EX|LOCK_NB) on a
/// sidecar file <c>&lt;lock&gt;.fence</c> that is never deleted (deleting a flocked file lets a second process lock a
/// new inode at the same path). The kernel drops it when its holder dies, so a crash never leaves it stuck. The same
/// file stores the fencing counter, read and bumped only while the flock is held.
/// </summary>
internal sealed class TransitionLock : IDisposable
{
    internal const string Suffix = ".fence";
    private const int FenceBytes = 20;

    private readonly SafeFileHandle _handle;

    private TransitionLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    internal static string SidecarOf(string lockPath) => lockPath + Suffix;

    /// <summary>Takes the transition lock, spinning briefly while another process holds it (it is held for a few
    /// syscalls). Returns null when it stays busy past <paramref name="wait"/>; throws a classifiable exception when
    /// the sidecar cannot be opened or created.</summary>
    internal static TransitionLock? TryEnter(string lockPath, TimeSpan wait)
    {
        string path = SidecarOf(lockPath);
        long start = Environment.TickCount64;
        int spins = 0;
        while (true)
        {
            SafeFileHandle? handle = null;
            try
            {
                handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // .NET already took LOCK_EX unless DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set; take it ourselves
                // too (a no-op when already held) so the guard never silently disappears.
                int err = Native.Flock(handle, Native.LockEx | Native.LockNb);
                if (err == 0)
                {
                    return new TransitionLock(handle, path);
                }

                handle.Dispose();
                if (err != Native.EWOULDBLOCK)
                {
                    // ENOLCK / EOPNOTSUPP: no kernel lock on this file system. Refuse rather than pretend.
                    throw Native.ToException(err, "flock", path);
                }
            }
            catch (IOException e) when (e.HResult == Native.EWOULDBLOCK)
            {
                handle?.Dispose();
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

    /// <summary>Returns the next fencing token: greater than every token handed out before for this path, and at
    /// least the current Unix time in milliseconds so a lost sidecar does not restart the sequence at 1.</summary>
    internal long NextFence()
    {
        Span<byte> buffer = stackalloc byte[FenceBytes + 2];
        int n = RandomAccess.Read(_handle, buffer, 0);
        long current = 0;
        if (n > 0)
        {
            long.TryParse(Encoding.ASCII.GetString(buffer.Slice(0, n)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out current);
        }

        long next = Math.Max(current + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        byte[] text = Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture).PadLeft(FenceBytes, '0') + "\n");
        RandomAccess.Write(_handle, text, 0);
        return next;
    }

    /// <summary>The last fencing token handed out (0 when none).</summary>
    internal long CurrentFence()
    {
        Span<byte> buffer = stackalloc byte[FenceBytes + 2];
        int n = RandomAccess.Read(_handle, buffer, 0);
        return n > 0 && long.TryParse(Encoding.ASCII.GetString(buffer.Slice(0, n)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : 0;
    }

    public void Dispose() => _handle.Dispose();
}
