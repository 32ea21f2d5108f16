using System.Collections.Generic;
using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Rules.StealFamily;

namespace LockAnalyzers.Rules.LCK002
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
            "WriteAllBytesAsync", "WriteAllLinesAsync", "Create", "CreateText", "Open", "FileStream", "StreamWriter", PrefilterWords.TargetTypedNew,
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.StaleByTimestampAlone);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            StealTrigger.Register(
                context,
                PrefilterWords.Mask(StealNames),
                node => MayBeSteal(node) && ControllingConditions.MayExist(node),
                needsAllNamed: false,
                (block, owner, named, candidates, found, cancellationToken) => AnalyzeBody(found, MemberBodies.Root(block), owner, candidates, symbols, options),
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => StaleByTimestampThroughHelpers.Analyze(block, effects));
        }

        /// <summary>Syntax that may be a steal <see cref="StolenPath"/> recognizes: a delete, move, replace or overwriting create.</summary>
        private static bool MayBeSteal(SyntaxNode node)
        {
            switch (node.RawKind)
            {
                case (int)SyntaxKind.InvocationExpression:
                    switch (SyntaxFilter.InvokedName(node))
                    {
                        case "Delete":
                        case "Move":
                        case "MoveTo":
                        case "Replace":
                        case "Create":
                        case "CreateText":
                        case "Open":
                        case "WriteAllText":
                        case "WriteAllBytes":
                        case "WriteAllLines":
                        case "WriteAllTextAsync":
                        case "WriteAllBytesAsync":
                        case "WriteAllLinesAsync":
                            return true;
                        default:
                            return false;
                    }

                case (int)SyntaxKind.ObjectCreationExpression:
                    var type = SyntaxFilter.CreatedTypeName(node);
                    return type == "FileStream" || type == "StreamWriter";
                default:
                    return SyntaxFilter.MayBeFileStreamOrWriter(node);
            }
        }

        private static void AnalyzeBody(List<Diagnostic> found, IOperation body, ISymbol owningSymbol, IReadOnlyList<IOperation> candidates, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            var recognizer = options.GetRecognizer(body.Syntax.SyntaxTree);
            var staleness = new StaleTimestampConditions(symbols, recognizer, owningSymbol);
            bool? hasEvidence = null;
            ContendedPaths? contends = null;
            // Every steal StolenPath recognizes is a call or creation named by one of StealNames, and reported only if it is a candidate.
            foreach (var operation in candidates)
            {
                // No controlling condition at all means no timestamp condition: tested first, it is a parent walk
                // where the lock-path test follows locals through the member.
                var path = StolenPath(operation, symbols);
                if (path == null || !HasControllingCondition(operation) || !recognizer.IsLockPath(path))
                {
                    continue;
                }

                // An overwrite under an age test is also how an owner refreshes its own heartbeat; it is a steal only
                // in a member that contends for the lock (tries to create it exclusively or asks whether it exists).
                if (FileCalls.TryGetCreate(operation, symbols, out _) &&
                    (!(contends ??= new ContendedPaths(body, symbols)).Contains(path) || StealSequences.CompletesEarlierBreak(operation, path, symbols)))
                {
                    continue;
                }

                var condition = FirstTimestampCondition(operation, path, staleness);
                if (condition == null)
                {
                    continue;
                }

                hasEvidence ??= OwnerEvidence.InMember(body, symbols, recognizer, owningSymbol);
                if (hasEvidence.Value)
                {
                    return;
                }

                var shown = FileCalls.PathOfFileInfo(path, symbols) ?? path;
                found.Add(Diagnostic.Create(DiagnosticCatalogue.StaleByTimestampAlone, operation.Syntax.GetLocation(), shown.Syntax.ToString()));
            }
        }

        /// <summary>The lock path a steal acts on: deleted, moved away, replaced, or overwritten by a create.</summary>
        internal static IOperation? StolenPath(IOperation operation, KnownSymbols symbols)
        {
            if (operation is IInvocationOperation invocation)
            {
                var path = FileCalls.DeletedPath(invocation, symbols) ?? FileCalls.MovedAwayPath(invocation, symbols);
                if (path != null)
                {
                    return path;
                }
            }

            if (operation is IInvocationOperation || operation is IObjectCreationOperation)
            {
                return FileCalls.TryGetCreate(operation, symbols, out var create) && create.Truncates ? create.Path : null;
            }

            return null;
        }

        internal static bool HasControllingCondition(IOperation steal)
        {
            foreach (var _ in ControllingConditions.Of(steal))
            {
                return true;
            }

            return false;
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
