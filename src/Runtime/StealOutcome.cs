namespace LockAnalyzers.Runtime;

/// <summary>What <see cref="LockSteal.TryBreakStale"/> did.</summary>
public enum StealOutcome
{
    Stolen,
    NotStale,
    OwnerAlive,
    LostRace,
    NoLock,
    Unhealthy,
}
