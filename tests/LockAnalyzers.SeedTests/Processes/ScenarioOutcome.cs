using LockAnalyzers.SeedTests.Infrastructure;

namespace LockAnalyzers.SeedTests.Processes;

/// <summary>What one scenario run against one build showed: rounds, failing rounds and what failed in each.</summary>
public sealed class ScenarioOutcome
{
    private readonly List<string> _notes = new();

    public ScenarioOutcome(string seed, string build)
    {
        Seed = seed;
        Build = build;
    }

    public string Seed { get; }

    public string Build { get; }

    public int Rounds { get; private set; }

    public int FailedRounds { get; private set; }

    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Figures worth reporting beside the failure count (latencies, spans), by name.</summary>
    public Dictionary<string, string> Figures { get; } = new(StringComparer.Ordinal);

    public void Round(int round, IReadOnlyList<string> failures, string? info = null)
    {
        Rounds++;
        if (failures.Count > 0)
        {
            FailedRounds++;
            _notes.Add($"round {round}: FAILED: {string.Join("; ", failures)}" + (info == null ? "" : $" ({info})"));
        }
        else
        {
            _notes.Add($"round {round}: ok" + (info == null ? "" : $" ({info})"));
        }
    }

    public void Note(string note) => _notes.Add(note);

    public string Summary =>
        $"{Seed} {Build}: {FailedRounds} of {Rounds} rounds failed" +
        (Figures.Count == 0 ? "" : "; " + string.Join(", ", Figures.Select(f => $"{f.Key}={f.Value}")));

    public override string ToString() => Summary + Environment.NewLine + string.Join(Environment.NewLine, _notes);

    public void Save()
    {
        var directory = Path.Combine(RepositoryRoot.Artifacts, Seed);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"outcome-{Build}{(SeedRounds.Long ? "-long" : "")}.txt"), ToString());
    }
}
