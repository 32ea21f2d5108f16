namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>
/// A per-test directory (world-readable, so a setpriv'd child can reach it) that remembers every mount it made and
/// every chattr +i it set, and undoes them in Dispose, even after a failed assertion: a leaked immutable file or mount
/// would break the next run and the machine's /tmp cleanup.
/// </summary>
public sealed class Scratch : IDisposable
{
    private readonly List<string> mounts = new();
    private readonly List<string> immutable = new();

    public Scratch(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), "lockfaults", $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 13, 60)]);
        Directory.CreateDirectory(Root);
        if (!OperatingSystem.IsWindows())
        {
            var world = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            System.IO.File.SetUnixFileMode(Path.GetDirectoryName(Root)!, world);
            System.IO.File.SetUnixFileMode(Root, world);
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Dir(string relative)
    {
        var dir = Path.Combine(Root, relative);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string File(string relative, string? content = null)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content ?? "");
        return path;
    }

    public bool TryMountTmpfs(string dir, string options, out string error)
    {
        var (code, output) = Shell.Run("mount", "-t", "tmpfs", "-o", options, "lockfaults-tmpfs", dir);
        error = output.Trim();
        if (code != 0)
        {
            return false;
        }

        mounts.Add(dir);
        return true;
    }

    public void MountTmpfs(string dir, string options)
    {
        if (!TryMountTmpfs(dir, options, out var error))
        {
            throw new InvalidOperationException($"mount -t tmpfs -o {options} {dir}: {error}");
        }
    }

    /// <summary>mount --bind D D, then remount it read-only (a plain remount fails while files are open for writing).</summary>
    public bool TryBindReadOnly(string dir, out string error)
    {
        var (code, output) = Shell.Run("mount", "--bind", dir, dir);
        if (code != 0)
        {
            error = output.Trim();
            return false;
        }

        mounts.Add(dir);
        (code, output) = Shell.Run("mount", "-o", "remount,bind,ro", dir);
        error = output.Trim();
        return code == 0;
    }

    public void BindReadOnly(string dir)
    {
        if (!TryBindReadOnly(dir, out var error))
        {
            throw new InvalidOperationException($"read-only bind mount of {dir}: {error}");
        }
    }

    public void Unmount(string dir)
    {
        if (mounts.Remove(dir) && Shell.Run("umount", dir).Code != 0)
        {
            Shell.Run("umount", "-l", dir);
        }
    }

    public bool TryChattrImmutable(string path, out string error)
    {
        immutable.Add(path);
        var (code, output) = Shell.Run("chattr", "+i", path);
        error = output.Trim();
        return code == 0;
    }

    public void ChattrImmutable(string path)
    {
        if (!TryChattrImmutable(path, out var error))
        {
            throw new InvalidOperationException($"chattr +i {path}: {error}");
        }
    }

    public void ClearImmutable(string path)
    {
        Shell.Run("chattr", "-i", path);
        immutable.Remove(path);
    }

    public void Dispose()
    {
        foreach (var path in immutable.AsEnumerable().Reverse())
        {
            Shell.Run("chattr", "-i", path);
        }

        foreach (var dir in mounts.AsEnumerable().Reverse())
        {
            if (Shell.Run("umount", dir).Code != 0)
            {
                Shell.Run("umount", "-l", dir);
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // left for the OS's tmp cleanup; the mounts and flags are already gone
        }
    }
}
