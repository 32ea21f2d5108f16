namespace LockAnalyzers.Runtime;

/// <summary>The owner record written into a lock file: enough to prove an owner dead, never to guess it.</summary>
public sealed class LockOwner
{
    public string Host { get; init; } = "";

    public string BootId { get; init; } = "";

    public int ProcessId { get; init; }

    public long ProcessStartTicks { get; init; }

    public string Token { get; init; } = "";

    public DateTimeOffset AcquiredAt { get; init; }

    public static LockOwner Current => throw new NotImplementedException();

    public static LockOwner? TryRead(string lockPath) => throw new NotImplementedException();

    public bool IsDefinitelyDead() => throw new NotImplementedException();
}
