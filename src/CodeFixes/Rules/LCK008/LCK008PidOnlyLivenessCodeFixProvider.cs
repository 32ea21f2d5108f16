using System.Collections.Immutable;
using System.Composition;
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

namespace LockAnalyzers.CodeFixes.Rules.LCK008
{
    /// <summary>
    /// LCK008 fix: a PID-only liveness test becomes <c>LockOwner.TryRead(path)?.IsDefinitelyDead() == false</c>, the
    /// runtime's owner evidence (host, boot, start time; for a pid-only record, a process younger than the file is not
    /// its owner). Missing or unreadable lock: not alive, as when the original could not parse a pid. Offered only for
    /// the shapes <see cref="LivenessPlan"/> accepts.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK008PidOnlyLivenessCodeFixProvider))]
    [Shared]
    public sealed class LCK008PidOnlyLivenessCodeFixProvider : CodeFixProvider
    {
        public const string LockOwnerKey = "LCK008.LockOwner";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalogue.LCK008);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null || !RuntimeReference.IsAvailable(model.Compilation, "LockOwner"))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var call = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (call == null || LivenessPlan.TryCreate(call, model, context.CancellationToken) == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Decide liveness with LockOwner (start time, host and boot, not the PID alone)",
                        ct => ApplyAsync(context.Document, call, ct),
                        LockOwnerKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var plan = root == null || model == null ? null : LivenessPlan.TryCreate(call, model, cancellationToken);
            if (root == null || plan == null)
            {
                return document;
            }

            var alive = SyntaxFactory.ParseExpression("LockOwner.TryRead(" + plan.PathText + ")?.IsDefinitelyDead() == false");
            SyntaxNode replacement;
            if (plan.Replaced is ExpressionSyntax)
            {
                replacement = SyntaxFactory.ParenthesizedExpression(alive)
                    .WithAdditionalAnnotations(Simplifier.Annotation)
                    .WithTriviaFrom(plan.Replaced);
            }
            else
            {
                StatementSyntax statement = plan.AssignedTo != null
                    ? SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, plan.AssignedTo.WithoutTrivia(), alive))
                    : SyntaxFactory.ReturnStatement(alive);
                replacement = statement.WithAdditionalAnnotations(Formatter.Annotation).WithTriviaFrom(plan.Replaced);
            }

            var newRoot = root.ReplaceNode(plan.Replaced, replacement);
            newRoot = UsingDirectives.AddUsing(newRoot, RuntimeReference.Namespace);
            return document.WithSyntaxRoot(newRoot);
        }
    }
}
