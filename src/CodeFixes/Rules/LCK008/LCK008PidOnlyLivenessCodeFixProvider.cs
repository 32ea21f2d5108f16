using System.Composition;
using System.Threading;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
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
    public sealed class LCK008PidOnlyLivenessCodeFixProvider : LockCallCodeFixProvider
    {
        public const string LockOwnerKey = "LCK008.LockOwner";

        public LCK008PidOnlyLivenessCodeFixProvider()
            : base(DiagnosticCatalogue.LCK008, "Decide liveness with LockOwner (start time, host and boot, not the PID alone)", LockOwnerKey, "LockOwner")
        {
        }

        private protected override bool CanFix(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) =>
            LivenessPlan.TryCreate(call, model, cancellationToken) != null;

        private protected override SyntaxNode? Rewrite(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var plan = LivenessPlan.TryCreate(call, model, cancellationToken);
            if (plan == null)
            {
                return null;
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

            return root.ReplaceNode(plan.Replaced, replacement);
        }
    }
}
