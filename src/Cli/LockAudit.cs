using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Cli;

/// <summary>Runs the LockAnalyzers rules over loaded compilations and collects their findings, one per place even when a file is in several projects.</summary>
internal static class LockAudit
{
    /// <summary>The rule analyzers of the package (not the baseline suppressor: the CLI applies a baseline itself, and only when asked).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers(IReadOnlySet<string>? rules) =>
        typeof(DiagnosticCatalogue).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
                && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => rules == null || a.SupportedDiagnostics.Any(d => rules.Contains(d.Id)))
            .ToImmutableArray();

    /// <summary>The rule IDs some code fix of the package can fix.</summary>
    public static IReadOnlySet<string> FixableRules() =>
        Assembly.Load(new AssemblyName("LockAnalyzers.CodeFixes")).GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet(StringComparer.Ordinal);

    public static async Task<IReadOnlyList<Finding>> RunAsync(
        IReadOnlyList<AnalysisTarget> targets, IReadOnlySet<string>? rules, Action<string> warn, ProgressLine progress, CancellationToken cancellationToken)
    {
        var analyzers = Analyzers(rules);
        var seen = new HashSet<(string, string, int, int)>();
        var findings = new List<Finding>();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            progress.Report($"analysing {target.Name} ({i + 1}/{targets.Count})");
            var crashes = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                target.Options,
                onAnalyzerException: (e, analyzer, _) => { lock (crashes) { crashes.Add($"{analyzer.GetType().Name}: {e.GetType().Name}: {e.Message}"); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var diagnostics = await target.Compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
            foreach (var crash in crashes.Distinct())
            {
                warn($"analyzer failure in {target.Name} (please report it): {crash}");
            }

            foreach (var diagnostic in diagnostics)
            {
                if (!diagnostic.Location.IsInSource || diagnostic.Severity == DiagnosticSeverity.Hidden || (rules != null && !rules.Contains(diagnostic.Id))
                    || !diagnostic.Id.StartsWith("LCK", StringComparison.Ordinal))
                {
                    continue;
                }

                var span = diagnostic.Location.SourceSpan;
                if (seen.Add((diagnostic.Id, diagnostic.Location.SourceTree!.FilePath, span.Start, span.Length)))
                {
                    findings.Add(new Finding(diagnostic, target.Compilation));
                }
            }
        }

        return findings
            .OrderBy(f => f.FullPath, StringComparer.Ordinal)
            .ThenBy(f => f.Diagnostic.Location.SourceSpan.Start)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
    }
}
