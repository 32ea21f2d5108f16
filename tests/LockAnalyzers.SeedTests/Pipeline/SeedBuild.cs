using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.SeedTests.Pipeline;

/// <summary>Everything the pipeline produced for one seed: diagnostics before and after, the fixes, both builds.</summary>
public sealed class SeedBuild
{
    public required SeedDefinition Seed { get; init; }

    public required string LegacySource { get; init; }

    public required string FixedSource { get; init; }

    /// <summary>LCK diagnostics on the legacy seed port.</summary>
    public required ImmutableArray<Diagnostic> LegacyDiagnostics { get; init; }

    /// <summary>LCK diagnostics left on the fixed seed port.</summary>
    public required ImmutableArray<Diagnostic> RemainingDiagnostics { get; init; }

    /// <summary>LCK diagnostics on the scenario harness (should be none: the harness is not lock code).</summary>
    public required ImmutableArray<Diagnostic> HarnessDiagnostics { get; init; }

    /// <summary>Analyzer crashes (AD0001) and other non-LCK analyzer diagnostics on either build.</summary>
    public required ImmutableArray<Diagnostic> AnalyzerFailures { get; init; }

    public required IReadOnlyList<AppliedFix> Applied { get; init; }

    public required IReadOnlyList<string> FixProblems { get; init; }

    public required string LegacyDll { get; init; }

    /// <summary>Null when the fixed code did not compile; see <see cref="FixedCompileErrors"/>.</summary>
    public string? FixedDll { get; init; }

    public ImmutableArray<Diagnostic> FixedCompileErrors { get; init; } = ImmutableArray<Diagnostic>.Empty;

    public IEnumerable<string> RulesFired => LegacyDiagnostics.Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal);

    public string Describe()
    {
        var lines = new List<string>
        {
            $"{Seed.Id}: rules fired on the legacy port: {string.Join(", ", RulesFired.DefaultIfEmpty("none"))}",
        };
        lines.AddRange(LegacyDiagnostics.Select(d => "  before: " + Format(d)));
        lines.AddRange(Applied.Select(f => "  applied: " + f));
        lines.AddRange(FixProblems.Select(p => "  fix problem: " + p));
        lines.AddRange(RemainingDiagnostics.Select(d => "  left after fixes: " + Format(d)));
        lines.AddRange(HarnessDiagnostics.Select(d => "  harness: " + Format(d)));
        lines.AddRange(AnalyzerFailures.Select(d => "  analyzer failure: " + Format(d)));
        lines.AddRange(FixedCompileErrors.Select(d => "  fixed code does not compile: " + Format(d)));
        return string.Join(Environment.NewLine, lines);
    }

    public static string Format(Diagnostic d)
    {
        var line = d.Location.GetLineSpan();
        return $"{d.Id} {Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1} {d.GetMessage()}";
    }
}
