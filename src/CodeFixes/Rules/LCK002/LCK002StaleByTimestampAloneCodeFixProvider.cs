using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
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
    public sealed class LCK002StaleByTimestampAloneCodeFixProvider : CodeFixProvider
    {
        public const string TryBreakStaleKey = "LCK002.TryBreakStale";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalogue.LCK002);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null || !RuntimeReference.IsAvailable(model.Compilation, "LockSteal") ||
                !RuntimeReference.IsAvailable(model.Compilation, "StealOutcome"))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var invocation = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (invocation == null)
                {
                    continue;
                }

                var plan = StaleBreakPlan.TryCreate(invocation, model, context.CancellationToken);
                if (plan == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Break the lock with LockSteal.TryBreakStale (owner evidence, atomic rename)",
                        ct => ApplyAsync(context.Document, invocation, ct),
                        TryBreakStaleKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var plan = StaleBreakPlan.TryCreate(invocation, model, cancellationToken);
            if (plan == null)
            {
                return document;
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
                var call = SyntaxFactory.ExpressionStatement(breakCall);
                if (plan.OtherConditions.Count == 0)
                {
                    replacement = call.WithTriviaFrom(ifStatement).WithAdditionalAnnotations(Formatter.Annotation);
                }
                else
                {
                    replacement = ifStatement
                        .WithCondition(plan.JoinedConditions(null).WithTriviaFrom(ifStatement.Condition))
                        .WithStatement(SyntaxFactory.Block(call).WithAdditionalAnnotations(Formatter.Annotation))
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

            var newRoot = root.ReplaceNode(ifStatement, replacement);
            newRoot = UsingDirectives.AddUsing(newRoot, RuntimeReference.Namespace);
            return document.WithSyntaxRoot(newRoot);
        }
    }
}
