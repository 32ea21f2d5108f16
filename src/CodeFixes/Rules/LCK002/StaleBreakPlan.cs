using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.CodeFixes.Rules.StealFamily;
using LockAnalyzers.Infrastructure;

namespace LockAnalyzers.CodeFixes.Rules.LCK002
{
    /// <summary>
    /// What the LCK002 fix rewrites, or null when it cannot be done exactly: the delete is a statement of an if whose
    /// condition has exactly one age test of the same path's last-write time, as its last conjunct, and that test's
    /// threshold is a TimeSpan expression or a number of milliseconds / seconds / minutes that converts to one without loss.
    /// </summary>
    internal sealed class StaleBreakPlan
    {
        private StaleBreakPlan(IfStatementSyntax ifStatement, StatementSyntax delete, string pathText, string thresholdText, List<ExpressionSyntax> others)
        {
            If = ifStatement;
            Delete = delete;
            PathText = pathText;
            ThresholdText = thresholdText;
            OtherConditions = others;
        }

        public IfStatementSyntax If { get; }

        public StatementSyntax Delete { get; }

        public string PathText { get; }

        public string ThresholdText { get; }

        /// <summary>The conjuncts of the if's condition that are not the age test, kept in their order.</summary>
        public List<ExpressionSyntax> OtherConditions { get; }

        public static StaleBreakPlan? TryCreate(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.TryCreate(model.Compilation);
            if (symbols == null || !(invocation.Parent is ExpressionStatementSyntax statement) ||
                !(model.GetOperation(invocation, cancellationToken) is IInvocationOperation delete) ||
                !(FileCalls.DeletedPath(delete, symbols) is IOperation deleted))
            {
                return null;
            }

            var pathText = DeletedPathText.Of(delete, deleted, symbols);

            var ifStatement = statement.Parent as IfStatementSyntax ?? (statement.Parent as BlockSyntax)?.Parent as IfStatementSyntax;
            if (ifStatement == null || (ifStatement.Statement != statement && ifStatement.Statement != statement.Parent))
            {
                return null;
            }

            var conjuncts = new List<ExpressionSyntax>();
            Split(ifStatement.Condition, conjuncts);
            string? threshold = null;
            var others = new List<ExpressionSyntax>();
            foreach (var conjunct in conjuncts)
            {
                var found = model.GetOperation(conjunct, cancellationToken) is IOperation operation
                    ? StaleThreshold.Of(operation, delete, model.Compilation)
                    : null;
                if (found != null)
                {
                    if (threshold != null)
                    {
                        return null;
                    }

                    threshold = found;
                }
                else
                {
                    // A conjunct after the age test would be checked only after TryBreakStale had already broken the
                    // lock, where the original deleted only when it held too.
                    if (StaleThreshold.MentionsTimestamp(conjunct) || threshold != null)
                    {
                        return null;
                    }

                    others.Add(conjunct);
                }
            }

            return threshold == null ? null : new StaleBreakPlan(ifStatement, statement, pathText, threshold, others);
        }

        public SyntaxList<StatementSyntax> RemainingStatements()
        {
            if (!(If.Statement is BlockSyntax block))
            {
                return default;
            }

            var index = block.Statements.IndexOf(Delete);
            var remaining = block.Statements.RemoveAt(index);
            if (index < remaining.Count && Delete.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
            {
                // Keep the comment above the removed delete: it now sits above the statement that follows it.
                var next = remaining[index];
                var moved = Delete.GetLeadingTrivia();
                var lastEndOfLine = -1;
                for (var i = 0; i < moved.Count; i++)
                {
                    if (moved[i].IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        lastEndOfLine = i;
                    }
                }

                var kept = SyntaxFactory.TriviaList(moved.Take(lastEndOfLine + 1)).AddRange(next.GetLeadingTrivia());
                remaining = remaining.Replace(next, next.WithLeadingTrivia(kept));
            }

            return remaining;
        }

        /// <summary>The other conjuncts and the new test, joined by &amp;&amp; in the original order (the age test's place).</summary>
        public ExpressionSyntax JoinedConditions(ExpressionSyntax? replacement)
        {
            var parts = new List<ExpressionSyntax>();
            var conjuncts = new List<ExpressionSyntax>();
            Split(If.Condition, conjuncts);
            foreach (var conjunct in conjuncts)
            {
                if (OtherConditions.Contains(conjunct))
                {
                    parts.Add(conjunct);
                }
                else if (replacement != null)
                {
                    parts.Add(replacement.WithTriviaFrom(conjunct));
                }
            }

            var result = parts[0];
            for (var i = 1; i < parts.Count; i++)
            {
                result = SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression, result, parts[i]);
            }

            return result;
        }

        private static void Split(ExpressionSyntax condition, List<ExpressionSyntax> conjuncts)
        {
            if (condition is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.LogicalAndExpression))
            {
                Split(binary.Left, conjuncts);
                Split(binary.Right, conjuncts);
                return;
            }

            conjuncts.Add(condition);
        }
    }
}
