namespace LockAnalyzers.Runtime;

/// <summary>The outcome of one heartbeat: healthy, or the classified failure with its error.</summary>
public sealed class HeartbeatResult
{
    public HeartbeatResult(string path, string operation, LockHealth health, Exception? error)
    {
        Path = path;
        Operation = operation;
        Health = health;
        Error = error;
    }

    public string Path { get; }

    public string Operation { get; }

    public LockHealth Health { get; }

    public Exception? Error { get; }

    public bool IsHealthy => Health == LockHealth.Healthy;

    public void ThrowIfUnhealthy()
    {
        if (!IsHealthy)
        {
            throw new LockHealthException(Health, Path, Operation, Error);
        }
    }
}
