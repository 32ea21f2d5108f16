using System.Collections.Generic;
using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules
{
    /// <summary>
    /// LCK002: a lock path deleted, moved away or overwritten under a condition derived from its age, in a member that
    /// looks for no evidence that the owner is dead (seeds 000, 002, 004: an old mtime only proves the heartbeat stopped).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK002StaleByTimestampAloneAnalyzer : LockAnalyzerBase
    {
        private static readonly string[] StealNames =
        {
            "Delete", "Move", "MoveTo", "Replace", "WriteAllText", "WriteAllBytes", "WriteAllLines", "WriteAllTextAsync",
            "WriteAllBytesAsync", "WriteAllLinesAsync", "Create", "Truncate",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.StaleByTimestampAlone);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            context.RegisterOperationBlockAction(c =>
            {
                foreach (var block in c.OperationBlocks)
                {
                    if ((MemberBodies.IsBody(block)) && StealFileCalls.MentionsAny(block.Syntax, StealNames))
                    {
                        AnalyzeBody(c, MemberBodies.Root(block), symbols, options);
                    }
                }
            });
        }

        private static void AnalyzeBody(OperationBlockAnalysisContext context, IOperation body, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            var recognizer = options.GetRecognizer(body.Syntax.SyntaxTree);
            var staleness = new StaleTimestampConditions(symbols, recognizer, context.OwningSymbol);
            bool? hasEvidence = null;
            ContendedPaths? contends = null;
            foreach (var operation in body.Descendants())
            {
                var path = StolenPath(operation, symbols);
                if (path == null || !recognizer.IsLockPath(path))
                {
                    continue;
                }

                // An overwrite under an age test is also how an owner refreshes its own heartbeat; it is a steal only
                // in a member that contends for the lock (tries to create it exclusively or asks whether it exists).
                if (StealFileCalls.CreatedPath(operation, symbols, out _, out _) != null && !(contends ??= new ContendedPaths(body, symbols)).Contains(path))
                {
                    continue;
                }

                var condition = FirstTimestampCondition(operation, path, staleness);
                if (condition == null)
                {
                    continue;
                }

                hasEvidence ??= OwnerEvidence.InMember(body, symbols, recognizer, context.OwningSymbol);
                if (hasEvidence.Value)
                {
                    return;
                }

                var shown = StealFileCalls.ResolveFileInfo(path, symbols) ?? path;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.StaleByTimestampAlone, operation.Syntax.GetLocation(), shown.Syntax.ToString()));
            }
        }

        /// <summary>The lock path a steal acts on: deleted, moved away, replaced, or overwritten by a create.</summary>
        internal static IOperation? StolenPath(IOperation operation, KnownSymbols symbols)
        {
            if (operation is IInvocationOperation invocation)
            {
                var path = StealFileCalls.DeletedPath(invocation, symbols) ?? StealFileCalls.MovedAwayPath(invocation, symbols);
                if (path != null)
                {
                    return path;
                }
            }

            if (operation is IInvocationOperation || operation is IObjectCreationOperation)
            {
                var created = StealFileCalls.CreatedPath(operation, symbols, out _, out var overwriting);
                return created != null && overwriting ? created : null;
            }

            return null;
        }

        /// <summary>The first condition the steal is control-dependent on that is derived from the path's age.</summary>
        internal static IOperation? FirstTimestampCondition(IOperation steal, IOperation path, StaleTimestampConditions staleness)
        {
            foreach (var condition in ControllingConditions.Of(steal))
            {
                if (staleness.IsDerivedFromAge(condition, path))
                {
                    return condition;
                }
            }

            return null;
        }
    }
}
