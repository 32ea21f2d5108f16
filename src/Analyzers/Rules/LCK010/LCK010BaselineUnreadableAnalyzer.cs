using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using LockAnalyzers.Baseline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Rules.LCK010
{
    /// <summary>
    /// LCK010: the project's baseline file is not one the tool wrote. A suppressor cannot report, so without this the
    /// build would show every old finding as new and never say why.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK010BaselineUnreadableAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.BaselineUnreadable);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // Once per compilation, so the file is read once whatever the number of trees.
            context.RegisterCompilationAction(compilation =>
            {
                var file = compilation.Options.AdditionalFiles.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), BaselineDocument.FileName, StringComparison.OrdinalIgnoreCase));
                if (file != null)
                {
                    Check(compilation, file);
                }
            });
        }

        private static void Check(CompilationAnalysisContext context, AdditionalText file)
        {
            var text = file.GetText(context.CancellationToken);
            string? reason = null;
            if (text == null)
            {
                reason = "the file could not be read";
            }
            else
            {
                try
                {
                    BaselineDocument.Parse(text.ToString());
                }
                catch (BaselineFormatException e)
                {
                    reason = e.Message;
                }
            }

            if (reason != null)
            {
                var location = Location.Create(file.Path, default(TextSpan), default(LinePositionSpan));
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.BaselineUnreadable, location, file.Path, reason));
            }
        }
    }
}
