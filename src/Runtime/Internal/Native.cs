using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime.Internal;

/// <summary>The few libc calls .NET has no API for: statx (device and inode), rename without copy fallback, link.</summary>
internal static unsafe class Native
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxBtime = 0x800;

    internal const int ENOENT = 2;
    internal const int EEXIST = 17;
    internal const int EXDEV = 18;
    internal const int ENOTDIR = 20;
    internal const int EWOULDBLOCK = 11;
    internal const int LockSh = 1;
    internal const int LockEx = 2;
    internal const int LockNb = 4;
    internal const int LockUn = 8;

    internal static bool IsLinux { get; } = OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxNative(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative(byte* oldPath, byte* newPath);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkNative(byte* oldPath, byte* newPath);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int FlockNative(int fd, int operation);

    // The *64 names are what .NET's own native layer (built with _FILE_OFFSET_BITS=64) calls, so an LD_PRELOAD fault
    // shim that wraps them fails our calls exactly like .NET's. musl 1.2.4+ dropped them: fall back to the plain names.
    [DllImport("libc", EntryPoint = "open64", SetLastError = true)]
    private static extern int Open64Native(byte* path, int flags, int mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenPlainNative(byte* path, int flags, int mode);

    [DllImport("libc", EntryPoint = "pread64", SetLastError = true)]
    private static extern nint Pread64Native(int fd, byte* buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "pwrite64", SetLastError = true)]
    private static extern nint Pwrite64Native(int fd, byte* buffer, nint count, long offset);

    private static bool s_no64;

    private static int OpenNative(byte* path, int flags, int mode)
    {
        if (!s_no64)
        {
            try
            {
                return Open64Native(path, flags, mode);
            }
            catch (EntryPointNotFoundException)
            {
                s_no64 = true;
            }
        }

        return OpenPlainNative(path, flags, mode);
    }

    private static nint PreadNative(int fd, byte* buffer, nint count, long offset)
    {
        if (!s_no64)
        {
            try
            {
                return Pread64Native(fd, buffer, count, offset);
            }
            catch (EntryPointNotFoundException)
            {
                s_no64 = true;
            }
        }

        return PreadPlainNative(fd, buffer, count, offset);
    }

    private static nint PwriteNative(int fd, byte* buffer, nint count, long offset)
    {
        if (!s_no64)
        {
            try
            {
                return Pwrite64Native(fd, buffer, count, offset);
            }
            catch (EntryPointNotFoundException)
            {
                s_no64 = true;
            }
        }

        return PwritePlainNative(fd, buffer, count, offset);
    }

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static extern nint PreadPlainNative(int fd, byte* buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static extern nint PwritePlainNative(int fd, byte* buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int signal);

    /// <summary>kill(pid, 0): 0 when the pid exists (and we may signal it), else errno (ESRCH: no such process,
    /// EPERM: it exists but belongs to someone else).</summary>
    internal static int ProbePid(int pid)
    {
        if (!IsLinux || pid <= 0)
        {
            return 0;
        }

        return KillNative(pid, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [DllImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    private static extern long SysconfNative(int name);

    /// <summary>statx of a path (not following a final symlink). Returns errno (0 on success).</summary>
    internal static int TryStat(string path, out FileIdentity identity)
    {
        identity = default;
        if (!IsLinux)
        {
            return TryStatPortable(path, out identity);
        }

        byte[] p = Utf8(path);
        byte* buffer = stackalloc byte[256];
        fixed (byte* pp = p)
        {
            if (StatxNative(AtFdCwd, pp, AtSymlinkNoFollow, StatxBasicStats | StatxBtime, buffer) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }
        }

        identity = Read(buffer);
        return 0;
    }

    /// <summary>statx of an open handle (fstat). Returns errno (0 on success).</summary>
    internal static int TryStat(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;
        if (!IsLinux)
        {
            return TryStatPortable(handle, out identity);
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            byte* buffer = stackalloc byte[256];
            byte empty = 0;
            if (StatxNative(fd, &empty, AtEmptyPath, StatxBasicStats | StatxBtime, buffer) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            identity = Read(buffer);
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>rename(2): atomic, replaces the target, never copies. Returns errno (0 on success).</summary>
    internal static int Rename(string from, string to)
    {
        if (!IsLinux)
        {
            try
            {
                File.Move(from, to, overwrite: false);
                return 0;
            }
            catch (FileNotFoundException)
            {
                return ENOENT;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return e.HResult == 0 ? 5 : e.HResult;
            }
        }

        byte[] a = Utf8(from);
        byte[] b = Utf8(to);
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            return RenameNative(pa, pb) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>link(2): gives an inode a second name; fails with EEXIST instead of replacing. Returns errno.</summary>
    internal static int Link(string existing, string newPath)
    {
        if (!IsLinux)
        {
            return 95; // EOPNOTSUPP: no portable non-replacing hard link
        }

        byte[] a = Utf8(existing);
        byte[] b = Utf8(newPath);
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            return LinkNative(pa, pb) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>flock(2) on a handle, independent of whether .NET's own FileShare locking is enabled
    /// (DOTNET_SYSTEM_IO_DISABLEFILELOCKING). Returns errno (0 on success; always 0 off Linux).</summary>
    internal static int Flock(SafeFileHandle handle, int operation)
    {
        if (!IsLinux)
        {
            return 0;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return FlockNative((int)handle.DangerousGetHandle(), operation) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Whether .NET takes flocks for FileShare on this process (off with DOTNET_SYSTEM_IO_DISABLEFILELOCKING or
    /// the System.IO.DisableFileLocking switch). When it does, our own flock calls would be redundant syscalls.</summary>
    internal static bool DotNetFileLockingDisabled { get; } =
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool off) && off) ||
        Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "TRUE" or "True";

    /// <summary>open(O_RDWR|O_CREAT|O_CLOEXEC, 0666 &amp; ~umask): a raw descriptor without .NET's fstat and flock.
    /// Returns the fd, or -errno.</summary>
    internal static int OpenOrCreate(string path)
    {
        byte[] p = Utf8(path);
        fixed (byte* pp = p)
        {
            int fd = OpenNative(pp, 2 | 0x40 | 0x80000, 438);
            return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>open(O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0644 &amp; ~umask) followed by flock(LOCK_SH|LOCK_NB): the lock
    /// create with two syscalls where FileStream needs four (no fstat, no unlock before close). Returns the fd or -errno;
    /// the flock result is ignored (it is evidence only, and may be unsupported).</summary>
    internal static int CreateExclusive(string path)
    {
        byte[] p = Utf8(path);
        fixed (byte* pp = p)
        {
            int fd = OpenNative(pp, 2 | 0x40 | 0x80 | 0x80000, 420);
            if (fd < 0)
            {
                return -Marshal.GetLastPInvokeError();
            }

            FlockNative(fd, LockSh | LockNb);
            return fd;
        }
    }

    internal static int OpenReadOnly(string path)
    {
        byte[] p = Utf8(path);
        fixed (byte* pp = p)
        {
            int fd = OpenNative(pp, 0x80000, 0);
            return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
        }
    }

    internal static int FlockFd(int fd, int operation) => FlockNative(fd, operation) == 0 ? 0 : Marshal.GetLastPInvokeError();

    internal static int Pread(int fd, Span<byte> buffer, long offset)
    {
        fixed (byte* b = buffer)
        {
            nint n = PreadNative(fd, b, buffer.Length, offset);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    internal static int Pwrite(int fd, ReadOnlySpan<byte> buffer, long offset)
    {
        fixed (byte* b = buffer)
        {
            nint n = PwriteNative(fd, b, buffer.Length, offset);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    internal static long ClockTicksPerSecond()
    {
        if (!IsLinux)
        {
            return 100;
        }

        try
        {
            long v = SysconfNative(2); // _SC_CLK_TCK
            return v > 0 ? v : 100;
        }
        catch (Exception)
        {
            return 100;
        }
    }

    /// <summary>An exception shaped like the one .NET itself throws for this errno, so the classifier treats both alike.</summary>
    internal static Exception ToException(int errno, string operation, string path)
    {
        string message = $"{operation} '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno switch
        {
            ENOENT => new FileNotFoundException(message, path),
            1 or 13 => new UnauthorizedAccessException(message, new IOException(message, errno)),
            _ => new IOException(message, errno),
        };
    }

    private static FileIdentity Read(byte* b)
    {
        uint nlink = *(uint*)(b + 16);
        ulong ino = *(ulong*)(b + 32);
        long mtimeSec = *(long*)(b + 112);
        uint mtimeNsec = *(uint*)(b + 120);
        long ctimeSec = *(long*)(b + 96);
        uint devMajor = *(uint*)(b + 136);
        uint devMinor = *(uint*)(b + 140);
        ulong dev = ((ulong)devMajor << 32) | devMinor;
        DateTime mtime = DateTime.UnixEpoch.AddTicks(mtimeSec * TimeSpan.TicksPerSecond + mtimeNsec / 100);
        DateTime ctime = DateTime.UnixEpoch.AddTicks(ctimeSec * TimeSpan.TicksPerSecond);
        uint mask = *(uint*)b;
        DateTime? btime = (mask & StatxBtime) != 0
            ? DateTime.UnixEpoch.AddTicks(*(long*)(b + 80) * TimeSpan.TicksPerSecond + *(uint*)(b + 88) / 100)
            : null;
        return new FileIdentity(dev, ino, nlink, mtime, ctime, true) { BirthUtc = btime };
    }

    private static int TryStatPortable(string path, out FileIdentity identity)
    {
        identity = default;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Directory.Exists(path) ? 0 : ENOENT;
            }

            identity = new FileIdentity(0, 0, 1, info.LastWriteTimeUtc, info.CreationTimeUtc, false);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 13;
        }
    }

    private static int TryStatPortable(SafeFileHandle handle, out FileIdentity identity)
    {
        try
        {
            identity = new FileIdentity(0, 0, 1, File.GetLastWriteTimeUtc(handle), File.GetCreationTimeUtc(handle), false);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            identity = default;
            return 5;
        }
    }

    private static byte[] Utf8(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte[] bytes = new byte[n + 1];
        Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
        return bytes;
    }
}
