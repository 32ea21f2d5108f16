using System.Collections.Generic;
using System.Collections.Immutable;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Rules.StealFamily;

namespace LockAnalyzers.Rules.LCK003
{
    /// <summary>
    /// LCK003: a lock file deleted when a create of the same path is reachable afterwards (seed 002: unlink + open('wx')
    /// lets every contender that judged the lock stale delete the winner's fresh lock and create its own).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK003DeleteThenCreateAnalyzer : LockAnalyzerBase
    {
        /// <summary>Words in a guarding condition that say "this delete breaks someone else's lock", not "I release mine".</summary>
        private static readonly ImmutableHashSet<string> BreakWords = ImmutableHashSet.Create(
            System.StringComparer.OrdinalIgnoreCase,
            "stale", "expired", "expire", "dead", "alive", "age", "abandoned", "orphan", "orphaned", "old", "older", "timeout", "timedout");

        private static readonly string[] TimestampNames =
        {
            "GetLastWriteTime", "GetLastWriteTimeUtc", "GetCreationTime", "GetCreationTimeUtc", "GetLastAccessTime", "GetLastAccessTimeUtc",
            "LastWriteTime", "LastWriteTimeUtc", "CreationTime", "CreationTimeUtc", "LastAccessTime", "LastAccessTimeUtc",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.DeleteThenCreate);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            StealTrigger.Register(
                context,
                PrefilterWords.Mask("Delete", "Move", "MoveTo", "Replace", "Copy", "CopyTo"),
                node => SyntaxFilter.InvokedName(node) == "Delete",
                needsAllNamed: true,
                (block, owner, named, candidates, found, cancellationToken) => AnalyzeBody(found, block, owner, named, candidates, symbols, options, null, cancellationToken),
                OperationKind.Invocation);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => DeleteThenCreateThroughHelpers.Analyze(block, effects, options));
        }

        /// <param name="throughHelpers">Null: the deletes are the member's own System.IO deletes among <paramref name="candidates"/>
        /// (<paramref name="named"/> also holds the moves that retire a path).
        /// Else: the deletes are calls of helpers (or file-system abstractions) that delete the lock.</param>
        internal static void AnalyzeBody(List<Diagnostic> found, IOperation block, ISymbol owningSymbol, IReadOnlyList<IOperation> named, IReadOnlyList<IOperation> candidates, KnownSymbols symbols, LockAnalyzerOptions options, EffectSummaries? throughHelpers, System.Threading.CancellationToken cancellationToken)
        {
            var body = MemberBodies.Root(block);
            var recognizer = options.GetRecognizer(body.Syntax.SyntaxTree);
            var effects = throughHelpers ?? CompilationState.EffectsOf(symbols.Compilation);
            var deletes = new List<(IInvocationOperation Delete, IOperation Path, FileEffect? Via)>();
            var movedSources = new HashSet<string>();
            // The deletes, moves, replaces and copies of the member: the calls its words name; only a candidate delete is judged.
            foreach (var operation in named)
            {
                if (!(operation is IInvocationOperation invocation))
                {
                    continue;
                }

                if (throughHelpers != null)
                {
                    var via = HelperDelete(invocation, throughHelpers, recognizer);
                    if (via?.Path != null && !InFinally(invocation) && !LooksTemporary(via.Path) &&
                        (recognizer.IsLockPathByNameOrLiteral(via.Path) || InLoopOrCatch(invocation)))
                    {
                        deletes.Add((invocation, via.Path, via));
                    }

                    continue;
                }

                var moved = FileCalls.MoveSource(invocation, symbols);
                var movedKey = PathIdentity.KeyOf(moved, symbols);
                if (movedKey != null)
                {
                    movedSources.Add(movedKey);
                }

                var deleted = FileCalls.DeletedPath(invocation, symbols);
                if (deleted != null && Contains(candidates, invocation) && !InFinally(invocation) && recognizer.IsLockPath(deleted) && !LooksTemporary(deleted))
                {
                    if (recognizer.IsLockPathByNameOrLiteral(deleted) || InLoopOrCatch(invocation))
                    {
                        deletes.Add((invocation, deleted, null));
                    }
                }
            }

            if (deletes.Count == 0 || !HasGraph(body))
            {
                return;
            }

            ControlFlowGraph? root = null;
            foreach (var (delete, path, via) in deletes)
            {
                var key = PathIdentity.KeyOf(path, symbols);
                if (key == null || movedSources.Contains(key))
                {
                    continue;
                }

                var allCreates = new HashSet<SyntaxNode>();
                foreach (var create in CreatesOfPath.Find(body, key, symbols, owningSymbol).Creates)
                {
                    allCreates.Add(create.Operation.Syntax);
                }

                AddHelperCreates(body, key, symbols, owningSymbol, effects, allCreates);
                if (allCreates.Count == 0)
                {
                    continue;
                }

                if (!StraightLineDeleteThenCreate.SurelyFollows(delete.Syntax, allCreates, body.Syntax) &&
                    !BreaksInGraph(root ??= GraphOf(body, cancellationToken), delete, body, allCreates, recognizer))
                {
                    continue;
                }

                var shown = FileCalls.PathOfFileInfo(path, symbols)?.Syntax.ToString() ?? path.Syntax.ToString();
                found.Add(via == null
                    ? Diagnostic.Create(DiagnosticCatalogue.DeleteThenCreate, delete.Syntax.GetLocation(), shown)
                    : Diagnostic.Create(
                        DiagnosticCatalogue.DeleteThenCreate,
                        delete.Syntax.GetLocation(),
                        new[] { HelperChain.SiteLocation(via) },
                        HelperChain.PathArgument(shown, via)));
            }
        }

        private static bool Contains(IReadOnlyList<IOperation> operations, IOperation operation)
        {
            for (var i = 0; i < operations.Count; i++)
            {
                if (operations[i].Syntax == operation.Syntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the root is one a control-flow graph is built from (the root an operation-block action would give).</summary>
        private static bool HasGraph(IOperation root) =>
            root is IMethodBodyOperation || root is IConstructorBodyOperation || root is IBlockOperation block && block.Parent == null;

        /// <summary>The member's control-flow graph, for a root <see cref="HasGraph"/> admits.</summary>
        private static ControlFlowGraph GraphOf(IOperation root, System.Threading.CancellationToken cancellationToken) => root switch
        {
            IMethodBodyOperation method => ControlFlowGraph.Create(method, cancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
            _ => ControlFlowGraph.Create((IBlockOperation)root, cancellationToken),
        };

        /// <summary>
        /// Whether, on the graph, a create of the path is reachable after the delete (loops and catch handlers
        /// included), and the delete is not the owner's release (unless a staleness test guards it).
        /// </summary>
        private static bool BreaksInGraph(ControlFlowGraph root, IInvocationOperation delete, IOperation body, HashSet<SyntaxNode> allCreates, LockPathRecognizer recognizer)
        {
            var graph = DeleteThenCreateReachability.GraphContaining(root, delete, body);
            if (graph == null)
            {
                return false;
            }

            var deletePositions = DeleteThenCreateReachability.Find(graph, new HashSet<SyntaxNode> { delete.Syntax });
            if (deletePositions.Count == 0)
            {
                return false;
            }

            var from = deletePositions[0];
            var creates = DeleteThenCreateReachability.Find(graph, allCreates);
            return DeleteThenCreateReachability.Reaches(graph, from, creates) &&
                   !(IsRelease(graph, from, creates) && !GuardedByBreakCondition(delete, recognizer));
        }

        /// <summary>Calls of helpers (any source member, up to the effect model's depth, or a file-system abstraction) that create the path.</summary>
        private static void AddHelperCreates(IOperation body, string key, KnownSymbols symbols, ISymbol owningSymbol, EffectSummaries effects, HashSet<SyntaxNode> all)
        {
            foreach (var operation in IOperationExtensions.DescendantsOf(body))
            {
                if (operation is IInvocationOperation call && !all.Contains(call.Syntax) && HelperCreates(call, key, symbols, owningSymbol, effects))
                {
                    all.Add(operation.Syntax);
                }
            }
        }

        private static bool HelperCreates(IInvocationOperation call, string key, KnownSymbols symbols, ISymbol owningSymbol, EffectSummaries effects)
        {
            if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, owningSymbol.OriginalDefinition))
            {
                return false;
            }

            foreach (var effect in effects.EffectsAt(call))
            {
                if ((effect.Kind == EffectKind.CreateOverwrite || effect.Kind == EffectKind.CreateExclusive || effect.Kind == EffectKind.HandleLock) &&
                    PathIdentity.KeyOf(effect.Path, symbols) == key)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The lock delete a helper call does, when the helper does not re-create the path itself after it (then the
        /// helper is the whole break, reported inside it).
        /// </summary>
        private static FileEffect? HelperDelete(IInvocationOperation call, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            FileEffect? delete = null;
            foreach (var effect in effects.EffectsAt(call))
            {
                if (delete == null && effect.Kind == EffectKind.Delete && effect.Path != null && recognizer.IsLockPath(effect.Path))
                {
                    delete = effect;
                }
                else if (delete != null && (effect.Kind == EffectKind.CreateOverwrite || effect.Kind == EffectKind.CreateExclusive) &&
                         PathIdentity.Same(effect.Path, delete.Path))
                {
                    return null;
                }
            }

            return delete;
        }

        /// <summary>A delete that normal flow reaches from a successful create of the same path (or a helper call that creates it) in one pass is the owner releasing.</summary>
        private static bool IsRelease(ControlFlowGraph graph, DeleteThenCreateReachability.Position delete, List<DeleteThenCreateReachability.Position> creates)
        {
            foreach (var create in creates)
            {
                if (DeleteThenCreateReachability.FollowsWithinOnePass(graph, create, delete))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Is the delete inside an if whose condition reads a file timestamp or names staleness?</summary>
        private static bool GuardedByBreakCondition(IOperation delete, LockPathRecognizer recognizer)
        {
            for (var current = delete; current.Parent != null; current = current.Parent)
            {
                if (current.Parent is IAnonymousFunctionOperation || current.Parent is ILocalFunctionOperation)
                {
                    return false;
                }

                if (current.Parent is IConditionalOperation conditional && conditional.Condition != current)
                {
                    foreach (var token in TokenWalk.In(conditional.Condition.Syntax))
                    {
                        if (!token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            continue;
                        }

                        if (System.Array.IndexOf(TimestampNames, token.ValueText) >= 0)
                        {
                            return true;
                        }

                        foreach (var word in IdentifierWords.Split(token.ValueText))
                        {
                            if (BreakWords.Contains(word))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static bool InFinally(IOperation operation)
        {
            for (var node = operation.Syntax.Parent; node != null; node = node.Parent)
            {
                if (node is FinallyClauseSyntax)
                {
                    return true;
                }

                if (node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax || node is MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        private static bool InLoopOrCatch(IOperation operation)
        {
            for (var node = operation.Syntax.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case WhileStatementSyntax _:
                    case DoStatementSyntax _:
                    case ForStatementSyntax _:
                    case ForEachStatementSyntax _:
                    case CatchClauseSyntax _:
                        return true;
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case MemberDeclarationSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A temp or staging file ("lock.tmp", tempLockPath) is written then moved into place, never contended.</summary>
        private static readonly string[] TemporaryWords = { "tmp", "temp", "staging", "scratch" };

        private static bool LooksTemporary(IOperation path)
        {
            // Text first (no allocation): a word part "tmp" is a substring "tmp" of the path's text.
            if (!TextHits.Of(path.Syntax.SyntaxTree).SpanMayContain(path.Syntax.Span, TemporaryWords))
            {
                return false;
            }

            foreach (var token in TokenWalk.In(path.Syntax))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    foreach (var word in IdentifierWords.Split(token.ValueText))
                    {
                        if (word == "tmp" || word == "temp" || word == "staging" || word == "scratch")
                        {
                            return true;
                        }
                    }
                }
                else if ((token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken)) &&
                         (token.ValueText.IndexOf(".tmp", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                          token.ValueText.IndexOf(".temp", System.StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
