namespace LockAnalyzers.Runtime;

/// <summary>A monotonic deadline for lock waits, checked at the top of every loop iteration.</summary>
public readonly struct LockDeadline
{
    public static LockDeadline After(TimeSpan timeout) => throw new NotImplementedException();

    public bool IsExpired => throw new NotImplementedException();

    public TimeSpan Remaining => throw new NotImplementedException();

    public void ThrowIfExpired(string? lockPath = null) => throw new NotImplementedException();

    public void Delay(TimeSpan poll) => throw new NotImplementedException();

    public Task DelayAsync(TimeSpan poll, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
