namespace LockAnalyzers.Runtime;

/// <summary>The health of a held lock or of one heartbeat, as explicit state rather than a swallowed exception.</summary>
public enum LockHealth
{
    Healthy,
    DiskFull,
    QuotaExceeded,
    IoError,
    AccessDenied,
    PermissionDenied,
    ReadOnlyFileSystem,
    PathMissing,
    Replaced,
    Unlinked,
    Unknown,
}
