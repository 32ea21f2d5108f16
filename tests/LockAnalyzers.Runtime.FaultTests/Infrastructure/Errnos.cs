namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>The injected errnos of issue 3 and the LockHealth each must be classified as.</summary>
public static class Errnos
{
    public static readonly IReadOnlyDictionary<string, (int Number, LockHealth Health)> All = new Dictionary<string, (int, LockHealth)>
    {
        ["ENOSPC"] = (28, LockHealth.DiskFull),
        ["EDQUOT"] = (122, LockHealth.QuotaExceeded),
        ["EIO"] = (5, LockHealth.IoError),
        ["EROFS"] = (30, LockHealth.ReadOnlyFileSystem),
        ["EACCES"] = (13, LockHealth.AccessDenied),
        ["EPERM"] = (1, LockHealth.PermissionDenied),
        ["ENOENT"] = (2, LockHealth.PathMissing),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>Which shim functions fail for each probe op (one child probes them all, one file per op).</summary>
    public static readonly IReadOnlyDictionary<string, string> ProbeOps = new Dictionary<string, string>
    {
        ["touch"] = "utimensat",
        ["touch-handle"] = "futimens",
        ["create"] = "open+open64+openat+openat64",
        ["write-small"] = "write+pwrite+pwrite64",
        ["write-large"] = "write+pwrite+pwrite64",
        ["fsync"] = "fsync",
        ["rename"] = "rename+renameat",
        ["delete"] = "unlink+unlinkat",
        ["read"] = "open+open64+openat+openat64",
    };

    public static string ShimPathSpec(IEnumerable<string> ops) => string.Join(":", ops.Select(op => $"/{op}.t@{ProbeOps[op]}"));
}
