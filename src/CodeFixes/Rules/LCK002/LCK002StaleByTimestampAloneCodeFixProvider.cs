using System.Composition;
using System.Linq;
using System.Threading;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LockAnalyzers.CodeFixes.Rules.LCK002
{
    /// <summary>
    /// LCK002 fix: <c>if (age &gt; T) { File.Delete(p); ... }</c> becomes
    /// <c>if (LockSteal.TryBreakStale(p, T) == StealOutcome.Stolen) { ... }</c>. Offered only when the age test is a
    /// last-write-time comparison whose threshold can be carried over exactly.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK002StaleByTimestampAloneCodeFixProvider))]
    [Shared]
    public sealed class LCK002StaleByTimestampAloneCodeFixProvider : LockCallCodeFixProvider
    {
        public const string TryBreakStaleKey = "LCK002.TryBreakStale";

        public LCK002StaleByTimestampAloneCodeFixProvider()
            : base(DiagnosticCatalogue.LCK002, "Break the lock with LockSteal.TryBreakStale (owner evidence, atomic rename)", TryBreakStaleKey, "LockSteal", "StealOutcome")
        {
        }

        private protected override bool CanFix(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) =>
            StaleBreakPlan.TryCreate(call, model, cancellationToken) != null;

        private protected override SyntaxNode? Rewrite(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var plan = StaleBreakPlan.TryCreate(call, model, cancellationToken);
            if (plan == null)
            {
                return null;
            }

            // Name TimeSpan as the file can: short when System is imported, qualified otherwise.
            var timeSpanInScope = model.LookupNamespacesAndTypes(plan.If.SpanStart, name: "TimeSpan")
                .Any(s => s.ToDisplayString() == "System.TimeSpan");
            var threshold = timeSpanInScope ? plan.ThresholdText.Replace("System.TimeSpan.", "TimeSpan.") : plan.ThresholdText;
            var breakCall = SyntaxFactory.ParseExpression(
                "LockSteal.TryBreakStale(" + plan.PathText + ", " + threshold + ")")
                .WithAdditionalAnnotations(Simplifier.Annotation);
            var stolen = SyntaxFactory.BinaryExpression(
                SyntaxKind.EqualsExpression,
                breakCall,
                SyntaxFactory.ParseExpression("StealOutcome.Stolen"));

            var ifStatement = plan.If;
            var remaining = plan.RemainingStatements();
            StatementSyntax replacement;
            if (remaining.Count == 0 && ifStatement.Else == null)
            {
                var breakStatement = SyntaxFactory.ExpressionStatement(breakCall);
                if (plan.OtherConditions.Count == 0)
                {
                    replacement = breakStatement.WithTriviaFrom(ifStatement).WithAdditionalAnnotations(Formatter.Annotation);
                }
                else
                {
                    replacement = ifStatement
                        .WithCondition(plan.JoinedConditions(null).WithTriviaFrom(ifStatement.Condition))
                        .WithStatement(SyntaxFactory.Block(breakStatement).WithAdditionalAnnotations(Formatter.Annotation))
                        .WithTriviaFrom(ifStatement);
                }
            }
            else
            {
                var body = ifStatement.Statement is BlockSyntax block
                    ? (StatementSyntax)block.WithStatements(remaining)
                    : SyntaxFactory.Block(remaining).WithAdditionalAnnotations(Formatter.Annotation);
                replacement = ifStatement
                    .WithCondition(plan.JoinedConditions(stolen).WithTriviaFrom(ifStatement.Condition))
                    .WithStatement(body);
            }

            return root.ReplaceNode(ifStatement, replacement);
        }
    }
}
