using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

/// <summary>Refreshes a heartbeat file's mtime and reports failure as a classified result instead of throwing.</summary>
public static class LockHeartbeat
{
    public static HeartbeatResult Refresh(string heartbeatPath) => Refresh(heartbeatPath, lockPath: null, logger: null);

    public static HeartbeatResult Refresh(string heartbeatPath, string? lockPath, ILogger? logger) => throw new NotImplementedException();
}
