namespace LockAnalyzers.Runtime.Internal;

/// <summary>One look at a lock file: its identity, its record and whether a live process holds a flock on it, all
/// taken through one open handle so they describe the same inode.</summary>
internal sealed class LockSnapshot
{
    public bool Exists { get; init; }

    /// <summary>Set when the file exists but could not be read (a classified I/O failure).</summary>
    public Exception? Error { get; init; }

    public FileIdentity Identity { get; init; }

    public string Text { get; init; } = "";

    public LockOwner? Owner { get; init; }

    /// <summary>Some open file description holds a flock on the lock file. The kernel drops flocks when their holder
    /// dies, so this is evidence of a live holder (never proof of a dead one: locking can be off or unsupported).</summary>
    public bool FlockHeld { get; init; }
}
