namespace LockAnalyzers.Runtime;

/// <summary>Breaks stale locks atomically by rename, and only with dead-owner evidence.</summary>
public static class LockSteal
{
    public static StealOutcome TryBreakStale(string lockPath, TimeSpan staleAfter) => throw new NotImplementedException();

    public static bool TryRetire(string lockPath) => throw new NotImplementedException();
}
