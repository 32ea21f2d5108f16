namespace LockAnalyzers.Runtime;

/// <summary>What <see cref="LockSteal.TryBreakStale(string, TimeSpan)"/> did.</summary>
public enum StealOutcome
{
    Stolen,
    NotStale,
    OwnerAlive,
    LostRace,
    NoLock,
    Unhealthy,
}
