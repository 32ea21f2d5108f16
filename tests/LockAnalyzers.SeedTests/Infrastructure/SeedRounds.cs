namespace LockAnalyzers.SeedTests.Infrastructure;

/// <summary>
/// How many rounds a scenario runs: modest by default so all seed tests fit in a few minutes on 2 cores; set
/// <c>LOCK_SEEDS_LONG=1</c> for the long run whose numbers go into docs/seeds.md.
/// </summary>
public static class SeedRounds
{
    public static bool Long { get; } = Environment.GetEnvironmentVariable("LOCK_SEEDS_LONG") is "1" or "true";

    public static int Pick(int ci, int longRun) => Long ? longRun : ci;
}
