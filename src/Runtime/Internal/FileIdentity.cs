namespace LockAnalyzers.Runtime.Internal;

/// <summary>What statx says about one file: device, inode, link count and times. Known is false off Linux.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, uint LinkCount, DateTime LastWriteUtc, DateTime ChangeUtc, bool Known)
{
    /// <summary>statx birth time, when the file system reports one (ext4, xfs, btrfs, recent tmpfs). Unlike mtime and
    /// ctime nothing can set it after creation.</summary>
    public DateTime? BirthUtc { get; init; }

    /// <summary>Same device and inode. Off Linux there is no inode, so identity cannot tell files apart and the owner token decides alone.</summary>
    public bool SameFileAs(FileIdentity other) => !Known || !other.Known || (Device == other.Device && Inode == other.Inode);
}
