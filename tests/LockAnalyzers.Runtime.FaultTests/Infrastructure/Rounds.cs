namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>
/// Round counts: modest by default so the whole project fits CI's 5-minute budget on 2 cores; LOCK_FAULTS_LONG=1
/// runs the full counts of issue 3 (herd 200 rounds, stress 8 x 500).
/// </summary>
public static class Rounds
{
    public static bool Long => Environment.GetEnvironmentVariable("LOCK_FAULTS_LONG") == "1";

    public static int Pick(int ci, int full) => Long ? full : ci;
}
