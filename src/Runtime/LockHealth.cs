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

    /// <summary>A lease's store could not be reached: the connection dropped, the server shut down or restarted, or
    /// no connection could be opened. A file lock has no such state: its store is the local kernel.</summary>
    ConnectionLost,

    /// <summary>A lease's expiry passed (judged by the holder's monotonic clock from the moment its last successful
    /// renewal was sent, or by the server) before a renewal could confirm it. A file lock has no expiry of its own.</summary>
    Expired,
}
