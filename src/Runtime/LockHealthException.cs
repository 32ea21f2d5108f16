namespace LockAnalyzers.Runtime;

/// <summary>A lock operation failed in a way that leaves the lock unhealthy.</summary>
public class LockHealthException : IOException
{
    public LockHealthException(LockHealth health, string path, string operation, Exception? inner = null)
        : base($"Lock {operation} on '{path}' failed: {health}" + (inner == null ? "" : $" ({inner.Message})"), inner)
    {
        Health = health;
        Path = path;
        Operation = operation;
    }

    public LockHealth Health { get; }

    public string Path { get; }

    public string Operation { get; }
}
