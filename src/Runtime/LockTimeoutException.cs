namespace LockAnalyzers.Runtime;

/// <summary>A lock could not be acquired before its deadline. Names the lock path and, when readable, its holder.</summary>
public class LockTimeoutException : TimeoutException
{
    public LockTimeoutException(string message, string? lockPath, string? holder)
        : base(message)
    {
        LockPath = lockPath;
        Holder = holder;
    }

    public string? LockPath { get; }

    public string? Holder { get; }
}
