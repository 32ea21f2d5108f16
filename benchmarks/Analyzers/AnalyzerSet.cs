using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Benchmarks;

/// <summary>The analyzers under measurement: every LockAnalyzers analyzer (found by reflection) and the reference NetAnalyzers rules.</summary>
public sealed class AnalyzerSet
{
    private AnalyzerSet(ImmutableArray<DiagnosticAnalyzer> lockAnalyzers, ImmutableArray<DiagnosticAnalyzer> referenceAnalyzers, ImmutableArray<string> referenceRuleIds)
    {
        LockAnalyzers = lockAnalyzers;
        ReferenceAnalyzers = referenceAnalyzers;
        ReferenceRuleIds = referenceRuleIds;
    }

    public ImmutableArray<DiagnosticAnalyzer> LockAnalyzers { get; }

    public ImmutableArray<DiagnosticAnalyzer> ReferenceAnalyzers { get; }

    public ImmutableArray<string> ReferenceRuleIds { get; }

    public ImmutableArray<DiagnosticAnalyzer> All => LockAnalyzers.AddRange(ReferenceAnalyzers);

    public static AnalyzerSet Load(string netAnalyzersDirectory, IReadOnlyCollection<string> referenceRuleIds)
    {
        var lockAnalyzers = typeof(global::LockAnalyzers.Infrastructure.LockAnalyzerBase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            // The rules are measured; the baseline suppressor does nothing without a baseline file.
            .Where(t => !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var references = ImmutableArray<DiagnosticAnalyzer>.Empty;
        if (referenceRuleIds.Count > 0)
        {
            var loader = new DefaultLoader();
            var wanted = new HashSet<string>(referenceRuleIds, StringComparer.OrdinalIgnoreCase);
            var found = new List<DiagnosticAnalyzer>();
            foreach (var dll in Directory.EnumerateFiles(netAnalyzersDirectory, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
            {
                var reference = new AnalyzerFileReference(dll, loader);
                foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
                {
                    if (analyzer.SupportedDiagnostics.Any(d => wanted.Contains(d.Id)))
                    {
                        found.Add(analyzer);
                    }
                }
            }

            references = found.ToImmutableArray();
            var missing = wanted.Where(id => !references.Any(a => a.SupportedDiagnostics.Any(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase)))).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException("Reference rules not found in " + netAnalyzersDirectory + ": " + string.Join(", ", missing));
            }
        }

        return new AnalyzerSet(lockAnalyzers, references, referenceRuleIds.ToImmutableArray());
    }

    /// <summary>A name for the report: the rule IDs an analyzer reports (only the selected ones for a reference analyzer) and its class.</summary>
    public string NameOf(DiagnosticAnalyzer analyzer)
    {
        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().ToList();
        if (ReferenceAnalyzers.Contains(analyzer))
        {
            ids = ids.Where(id => ReferenceRuleIds.Contains(id, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        return string.Join("/", ids) + " (" + analyzer.GetType().Name + ")";
    }

    /// <summary>Rules that are off by default (CA1031, CA1822) must be switched on explicitly.</summary>
    public ImmutableDictionary<string, ReportDiagnostic> Severities()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
        foreach (var id in ReferenceRuleIds)
        {
            builder[id] = ReportDiagnostic.Warn;
        }

        foreach (var analyzer in LockAnalyzers)
        {
            foreach (var d in analyzer.SupportedDiagnostics)
            {
                builder[d.Id] = ReportDiagnostic.Warn;
            }
        }

        return builder.ToImmutable();
    }

    private sealed class DefaultLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
