namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

internal static class Clock
{
    /// <summary>Wall-clock ms since the Unix epoch, the same clock the children stamp their events with.</summary>
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
