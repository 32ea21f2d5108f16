namespace LockAnalyzers.Runtime;

/// <summary>Maps a file-system exception to a <see cref="LockHealth"/>; never Healthy for an exception.</summary>
/// <remarks>
/// On Linux .NET puts the raw errno into <see cref="Exception.HResult"/> (ENOSPC is 28, not 0x80070070), and reports
/// EACCES and EPERM as <see cref="UnauthorizedAccessException"/> (0x80070005) with an inner IOException whose HResult
/// is 13 or 1. Whole HResults are compared: EIO (5) and Windows' access denied (0x80070005) share their low 16 bits.
/// </remarks>
public static class LockHealthClassifier
{
    // Linux errno values, as .NET on Linux reports them in IOException.HResult.
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EIO = 5;
    private const int ENXIO = 6;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;
    private const int ENOSPC = 28;
    private const int EROFS = 30;
    private const int ESTALE = 116;
    private const int EDQUOT = 122;

    // Windows HRESULTs (0x8007xxxx = FACILITY_WIN32).
    private const int ErrorFileNotFound = unchecked((int)0x80070002);
    private const int ErrorPathNotFound = unchecked((int)0x80070003);
    private const int ErrorAccessDenied = unchecked((int)0x80070005);
    private const int ErrorWriteProtect = unchecked((int)0x80070013);
    private const int ErrorCrc = unchecked((int)0x80070017);
    private const int ErrorHandleDiskFull = unchecked((int)0x80070027);
    private const int ErrorDiskFull = unchecked((int)0x80070070);
    private const int ErrorDiskQuotaExceeded = unchecked((int)0x8007050F);
    private const int ErrorIoDevice = unchecked((int)0x8007045D);

    /// <summary>COR_E_IO: an IOException with no errno. .NET throws it when preallocation (File.WriteAllText of a large
    /// text, FileStream with PreallocationSize) hits a full disk, after unlinking the file it was writing.</summary>
    private const int CorEIo = unchecked((int)0x80131620);

    public static LockHealth Classify(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        switch (exception)
        {
            case LockHealthException lhe:
                return lhe.Health == LockHealth.Healthy ? LockHealth.Unknown : lhe.Health;
            case AggregateException { InnerExceptions.Count: 1 } agg:
                return Classify(agg.InnerExceptions[0]);
            case FileNotFoundException:
            case DirectoryNotFoundException:
                return LockHealth.PathMissing;
            case UnauthorizedAccessException uae:
                return ClassifyAccess(uae);
            case IOException io:
                return ClassifyHResult(io.HResult, exactIOException: io.GetType() == typeof(IOException));
            default:
                return LockHealth.Unknown;
        }
    }

    private static LockHealth ClassifyAccess(UnauthorizedAccessException e)
    {
        // .NET on Linux: EPERM and EACCES both become 0x80070005; the errno survives only in the inner exception.
        for (Exception? inner = e.InnerException; inner != null; inner = inner.InnerException)
        {
            switch (inner.HResult)
            {
                case EPERM:
                    return LockHealth.PermissionDenied;
                case EACCES:
                    return LockHealth.AccessDenied;
                case EROFS:
                    return LockHealth.ReadOnlyFileSystem;
            }
        }

        return e.HResult == ErrorWriteProtect ? LockHealth.ReadOnlyFileSystem : LockHealth.AccessDenied;
    }

    private static LockHealth ClassifyHResult(int hr, bool exactIOException) => hr switch
    {
        ENOSPC or ErrorDiskFull or ErrorHandleDiskFull => LockHealth.DiskFull,
        EDQUOT or ErrorDiskQuotaExceeded => LockHealth.QuotaExceeded,
        EIO or ENXIO or ErrorCrc or ErrorIoDevice => LockHealth.IoError,
        EROFS or ErrorWriteProtect => LockHealth.ReadOnlyFileSystem,
        EACCES or ErrorAccessDenied => LockHealth.AccessDenied,
        EPERM => LockHealth.PermissionDenied,
        ENOENT or ENOTDIR or ErrorFileNotFound or ErrorPathNotFound => LockHealth.PathMissing,
        // A stale NFS handle: the file our handle named no longer exists on the server.
        ESTALE => LockHealth.Unlinked,
        CorEIo when exactIOException => LockHealth.DiskFull,
        _ => LockHealth.Unknown,
    };
}
