using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Baseline
{
    /// <summary>
    /// Honours <c>lockanalyzers.baseline.json</c> in the build: when a project lists it as an AdditionalFiles item, the
    /// lock findings it accepts are reported as suppressed, so <c>-warnaserror</c> and the IDE see only new ones. The
    /// keys are those of the CLI (<see cref="FindingKeys"/>), paths relative to the baseline's folder.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BaselineSuppressor : DiagnosticSuppressor
    {
        private static readonly ImmutableDictionary<string, SuppressionDescriptor> Suppressions = DiagnosticCatalogue.All.Where(rule => rule.Id != DiagnosticCatalogue.LCK010).ToImmutableDictionary(
            rule => rule.Id,
            rule => new SuppressionDescriptor(
                "LCKB" + rule.Id.Substring(3),
                rule.Id,
                "Accepted in " + BaselineDocument.FileName + ": a finding of the existing code base, to be fixed later."));

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = Suppressions.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToImmutableArray();

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            var file = context.Options.AdditionalFiles.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), BaselineDocument.FileName, StringComparison.OrdinalIgnoreCase));
            var text = file?.GetText(context.CancellationToken);
            if (file == null || text == null)
            {
                return;
            }

            BaselineDocument baseline;
            try
            {
                baseline = BaselineDocument.Parse(text.ToString());
            }
            catch (BaselineFormatException)
            {
                // A suppressor cannot report; an unreadable baseline accepts nothing, so every finding stays visible
                // and `lockanalyzers audit --baseline` names the fault.
                return;
            }

            var directory = Path.GetDirectoryName(file.Path) ?? string.Empty;
            var models = new Dictionary<SyntaxTree, SemanticModel>();
            var findings = context.ReportedDiagnostics
                .Where(d => Suppressions.ContainsKey(d.Id) && d.Location.IsInSource)
                .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            var match = BaselineMatcher.Match(baseline.Entries, findings, d =>
            {
                var tree = d.Location.SourceTree!;
                if (!models.TryGetValue(tree, out var model))
                {
                    model = context.GetSemanticModel(tree);
                    models[tree] = model;
                }

                return FindingKeys.Create(d, model, directory).Key;
            });
            foreach (var diagnostic in match.Accepted)
            {
                context.ReportSuppression(Suppression.Create(Suppressions[diagnostic.Id], diagnostic));
            }
        }
    }
}
