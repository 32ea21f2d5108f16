using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK001
{
    /// <summary>
    /// Follows a failure outward from the statement that throws it through the enclosing try statements of its member,
    /// and decides whether a catch clause swallows it. The failure is modelled as the set of exception types in flight
    /// (IOException and UnauthorizedAccessException, each with its subclasses); a catch of a supertype takes the whole
    /// family, a catch of a subtype part of it, a <c>when</c> filter only what it can let through.
    /// </summary>
    internal sealed class CatchAnalysis
    {
        private readonly SemanticModel _model;
        private readonly KnownSymbols _symbols;
        private readonly CancellationToken _cancellation;

        public CatchAnalysis(SemanticModel model, KnownSymbols symbols, CancellationToken cancellation)
        {
            _model = model;
            _symbols = symbols;
            _cancellation = cancellation;
        }

        public static IReadOnlyList<ITypeSymbol> HeartbeatFailures(KnownSymbols symbols)
        {
            var list = new List<ITypeSymbol>(2);
            if (symbols.IOException != null)
            {
                list.Add(symbols.IOException);
            }

            if (symbols.UnauthorizedAccessException != null)
            {
                list.Add(symbols.UnauthorizedAccessException);
            }

            return list;
        }

        /// <summary>Walks outward from <paramref name="start"/> to the first catch that swallows, or to the member boundary.</summary>
        public GuardOutcome Follow(SyntaxNode start, IReadOnlyList<ITypeSymbol> inFlight)
        {
            var node = start;
            while (node.Parent != null)
            {
                _cancellation.ThrowIfCancellationRequested();
                var parent = node.Parent;
                switch (parent)
                {
                    case TryStatementSyntax tryStatement when tryStatement.Block == node:
                        var swallowing = EvaluateTry(tryStatement, ref inFlight);
                        if (swallowing != null)
                        {
                            return new GuardOutcome(GuardOutcomeKind.Swallowed, swallowing, null, inFlight);
                        }

                        if (inFlight.Count == 0)
                        {
                            return new GuardOutcome(GuardOutcomeKind.Handled, null, null, inFlight);
                        }

                        break;

                    case AnonymousFunctionExpressionSyntax lambda:
                        var awaitedRun = AwaitedTaskRun(lambda);
                        if (awaitedRun == null)
                        {
                            return new GuardOutcome(GuardOutcomeKind.EscapesLambda, null, lambda, inFlight);
                        }

                        node = awaitedRun;
                        continue;

                    case LocalFunctionStatementSyntax _:
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                    case ArrowExpressionClauseSyntax _ when parent.Parent is PropertyDeclarationSyntax || parent.Parent is IndexerDeclarationSyntax:
                        return new GuardOutcome(GuardOutcomeKind.EscapesMember, null, parent, inFlight);

                    case MemberDeclarationSyntax _:
                    case CompilationUnitSyntax _:
                        return new GuardOutcome(GuardOutcomeKind.EscapesLambda, null, parent, inFlight);
                }

                node = parent;
            }

            return new GuardOutcome(GuardOutcomeKind.EscapesLambda, null, null, inFlight);
        }

        /// <summary>
        /// <c>await Task.Run(() => ...)</c> (optionally with ConfigureAwait): the lambda's failure comes back at the await,
        /// so the walk continues from there. Returns the await expression, or null.
        /// </summary>
        private SyntaxNode? AwaitedTaskRun(AnonymousFunctionExpressionSyntax lambda)
        {
            if (!(lambda.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is InvocationExpressionSyntax invocation) ||
                HeartbeatWrites.InvokedName(invocation.Expression) != "Run")
            {
                return null;
            }

            var awaited = AwaitOf(invocation);
            if (awaited == null)
            {
                return null;
            }

            var symbol = _model.GetSymbolInfo(invocation, _cancellation).Symbol as IMethodSymbol;
            return symbol != null && KnownSymbols.Is(symbol.ContainingType, _symbols.Task) ? awaited : null;
        }

        /// <summary>The await expression that awaits <paramref name="expression"/> directly or through ConfigureAwait.</summary>
        public static AwaitExpressionSyntax? AwaitOf(ExpressionSyntax expression)
        {
            SyntaxNode current = expression;
            while (current.Parent is ParenthesizedExpressionSyntax)
            {
                current = current.Parent;
            }

            if (current.Parent is MemberAccessExpressionSyntax access && access.Expression == current &&
                access.Name.Identifier.ValueText == "ConfigureAwait" && access.Parent is InvocationExpressionSyntax configure)
            {
                current = configure;
            }

            return current.Parent as AwaitExpressionSyntax;
        }

        /// <summary>
        /// Evaluates the catch clauses of one try statement against the exceptions in flight. Returns the first
        /// swallowing catch; otherwise updates <paramref name="inFlight"/> to what leaves the try (uncaught families
        /// plus whatever handling catches throw).
        /// </summary>
        private CatchClauseSyntax? EvaluateTry(TryStatementSyntax tryStatement, ref IReadOnlyList<ITypeSymbol> inFlight)
        {
            var remaining = new List<ITypeSymbol>(inFlight);
            var rethrown = new List<ITypeSymbol>();
            foreach (var clause in tryStatement.Catches)
            {
                ITypeSymbol? caughtType = null;
                if (clause.Declaration != null)
                {
                    caughtType = _model.GetTypeInfo(clause.Declaration.Type, _cancellation).Type;
                    if (caughtType == null || caughtType.TypeKind == TypeKind.Error)
                    {
                        continue;
                    }
                }

                var reaching = new List<ITypeSymbol>();
                var fullyCaught = new List<ITypeSymbol>();
                foreach (var family in remaining)
                {
                    if (caughtType == null || KnownSymbols.InheritsFromOrIs(family, caughtType as INamedTypeSymbol))
                    {
                        reaching.Add(family);
                        fullyCaught.Add(family);
                    }
                    else if (KnownSymbols.InheritsFromOrIs(caughtType, family as INamedTypeSymbol))
                    {
                        reaching.Add(caughtType);
                    }
                }

                if (reaching.Count == 0)
                {
                    continue;
                }

                var exceptionLocal = clause.Declaration != null && !clause.Declaration.Identifier.IsKind(SyntaxKind.None)
                    ? _model.GetDeclaredSymbol(clause.Declaration, _cancellation)
                    : null;
                var filterAlwaysTrue = true;
                if (clause.Filter != null)
                {
                    var filter = _model.GetOperation(clause.Filter.FilterExpression, _cancellation);
                    var filters = new FilterAnalysis(exceptionLocal);
                    reaching = reaching.Where(f => filters.MayLetThrough(filter, f)).ToList();
                    filterAlwaysTrue = filter != null && filter.ConstantValue.HasValue && filter.ConstantValue.Value is true;
                    if (reaching.Count == 0)
                    {
                        continue;
                    }
                }

                var body = BodyAnalysis.Classify(clause, _model, _symbols, exceptionLocal, _cancellation);
                if (body.Kind == CatchBodyKind.Swallows)
                {
                    return clause;
                }

                if (body.Kind == CatchBodyKind.OnlyThrows)
                {
                    foreach (var thrown in body.Rethrows ? reaching.Concat(body.Thrown) : body.Thrown)
                    {
                        AddDistinct(rethrown, thrown);
                    }
                }

                if (filterAlwaysTrue)
                {
                    remaining.RemoveAll(f => fullyCaught.Contains(f));
                }
            }

            foreach (var thrown in rethrown)
            {
                AddDistinct(remaining, thrown);
            }

            inFlight = remaining;
            return null;
        }

        private static void AddDistinct(List<ITypeSymbol> list, ITypeSymbol type)
        {
            if (!list.Any(t => SymbolEqualityComparer.Default.Equals(t, type)))
            {
                list.Add(type);
            }
        }

        /// <summary>Line number (1-based) of a catch clause, for the message.</summary>
        public static int LineOf(CatchClauseSyntax clause) => SourceLines.LineNumberOf(clause.CatchKeyword);
    }
}
