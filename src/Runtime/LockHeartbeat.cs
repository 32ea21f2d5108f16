using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

/// <summary>Refreshes a heartbeat file's mtime and reports failure as a classified result instead of throwing.</summary>
public static class LockHeartbeat
{
    /// <summary>The operation name reported in <see cref="HeartbeatResult.Operation"/>: an mtime update (utimensat).</summary>
    public const string RefreshOperation = "set-mtime";

    public static HeartbeatResult Refresh(string heartbeatPath) => Refresh(heartbeatPath, lockPath: null, logger: null);

    /// <summary>Sets <paramref name="heartbeatPath"/>'s mtime to now. Never throws for an I/O failure: the failure is
    /// classified into the result and, with a logger, logged with the lock path, heartbeat path, operation and error.
    /// A missing heartbeat file is <see cref="LockHealth.PathMissing"/>; it is not recreated.</summary>
    public static HeartbeatResult Refresh(string heartbeatPath, string? lockPath, ILogger? logger)
    {
        if (string.IsNullOrEmpty(heartbeatPath))
        {
            throw new ArgumentException("A heartbeat path is required.", nameof(heartbeatPath));
        }

        try
        {
            File.SetLastWriteTimeUtc(heartbeatPath, DateTime.UtcNow);
            return new HeartbeatResult(heartbeatPath, RefreshOperation, LockHealth.Healthy, null);
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
            var result = new HeartbeatResult(heartbeatPath, RefreshOperation, LockHealthClassifier.Classify(e), e);
            Log(logger, result, lockPath);
            return result;
        }
    }

    internal static void Log(ILogger? logger, HeartbeatResult result, string? lockPath)
    {
        if (logger is null || result.IsHealthy)
        {
            return;
        }

        try
        {
            logger.LogWarning(
                result.Error,
                "Lock heartbeat failed: {Health} during {Operation} of heartbeat {HeartbeatPath} for lock {LockPath}: {Error}",
                result.Health,
                result.Operation,
                result.Path,
                lockPath ?? result.Path,
                result.Error?.Message);
        }
        catch (Exception)
        {
            // A throwing logger must not turn a classified heartbeat failure into an exception.
        }
    }
}
