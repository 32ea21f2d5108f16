namespace LockAnalyzers.SeedTests.Pipeline;

/// <summary>
/// One seed incident: its legacy port in samples/LegacyLocks/Seeds (the code the analyzers and fixes work on), the
/// scenario roles that drive it in child processes (samples/LegacyLocks/Scenarios, never fixed), and the rules the
/// seed's broken shapes must trigger.
/// </summary>
public sealed record SeedDefinition(string Id, string SeedFile, string ScenarioFile, string ScenarioClass, string[] ExpectedRules)
{
    public override string ToString() => Id;
}

public static class SeedCatalog
{
    public static readonly SeedDefinition Seed000 = new(
        "seed000", "Seed000HeartbeatLock.cs", "Seed000Scenario.cs", "Seed000Scenario", new[] { "LCK001", "LCK002" });

    public static readonly SeedDefinition Seed001 = new(
        "seed001", "Seed001DaemonSingleton.cs", "Seed001Scenario.cs", "Seed001Scenario", new[] { "LCK007", "LCK009" });

    public static readonly SeedDefinition Seed002 = new(
        "seed002", "Seed002TeamRunnerLock.cs", "Seed002Scenario.cs", "Seed002Scenario", new[] { "LCK002", "LCK003" });

    public static readonly SeedDefinition Seed003 = new(
        "seed003", "Seed003RetryLoopLock.cs", "Seed003Scenario.cs", "Seed003Scenario", new[] { "LCK002", "LCK004" });

    public static readonly SeedDefinition Seed004 = new(
        "seed004", "Seed004FleetRestartLock.cs", "Seed004Scenario.cs", "Seed004Scenario", new[] { "LCK002", "LCK003", "LCK007" });

    public static IReadOnlyList<SeedDefinition> All { get; } = new[] { Seed000, Seed001, Seed002, Seed003, Seed004 };

    public static SeedDefinition Get(string id) => All.Single(s => s.Id == id);
}
