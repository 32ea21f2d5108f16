using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using LockAnalyzers.CodeFixes.Rules.LoopFamily;

namespace LockAnalyzers.CodeFixes.Rules.LCK004
{
    /// <summary>
    /// LCK004 fixes. "Check the deadline at the top of the loop" moves the user's own check (exception and message
    /// kept) to be the first statement of the body, so every <c>continue</c> passes it. "Use LockDeadline" replaces it
    /// with <c>LockDeadline.After(timeout)</c> before the loop and <c>ThrowIfExpired</c> at the top, when the timeout
    /// can be carried over exactly. Both copy the loop's sleep before a <c>continue</c> whose path never sleeps.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK004ContinueSkipsDeadlineCodeFixProvider)), Shared]
    public sealed class LCK004ContinueSkipsDeadlineCodeFixProvider : LockDocumentCodeFixProvider
    {
        public const string MoveCheckKey = "LCK004.MoveDeadlineCheckToTop";
        public const string UseLockDeadlineKey = "LCK004.UseLockDeadline";

        public LCK004ContinueSkipsDeadlineCodeFixProvider()
            : base(DiagnosticCatalogue.LCK004)
        {
        }

        private protected override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            var plan = ContinueDeadlinePlan.Create(root, model, diagnostic, context.CancellationToken);
            if (plan == null)
            {
                return;
            }

            if (plan.CanMove)
            {
                RegisterFix(context, diagnostic, "Check the deadline at the top of the loop", MoveCheckKey);
            }

            if (plan.Timeout != null && RuntimeReference.IsAvailable(model.Compilation, "LockDeadline"))
            {
                RegisterFix(context, diagnostic, "Use LockDeadline", UseLockDeadlineKey);
            }
        }

        internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        {
            var (root, model) = await ReadAsync(document, cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var useDeadline = key == UseLockDeadlineKey;
            var plans = new List<ContinueDeadlinePlan>();
            foreach (var diagnostic in diagnostics)
            {
                var plan = ContinueDeadlinePlan.Create(root, model, diagnostic, cancellationToken);
                if (plan == null || !(useDeadline ? plan.Timeout != null : plan.CanMove))
                {
                    continue;
                }

                // One edit per loop, however many of its continues were reported.
                var same = plans.FirstOrDefault(p => p.Loop == plan.Loop);
                if (same == null)
                {
                    plans.Add(plan);
                }
                else
                {
                    same.SleepBefore.UnionWith(plan.SleepBefore);
                }
            }

            if (plans.Count == 0)
            {
                return document;
            }

            var endOfLine = Layout.EndOfLine(root);
            var tracked = new List<SyntaxNode>();
            foreach (var plan in plans)
            {
                tracked.Add(plan.Loop);
                tracked.Add(plan.Body);
                tracked.Add(plan.Check);
                tracked.AddRange(plan.SleepBefore);
            }

            var current = root.TrackNodes(tracked);
            foreach (var plan in plans)
            {
                current = Rewrite(current, plan, useDeadline, endOfLine);
            }

            return useDeadline ? WithRuntimeUsing(document, current) : document.WithSyntaxRoot(current);
        }

        private static SyntaxNode Rewrite(SyntaxNode root, ContinueDeadlinePlan plan, bool useDeadline, SyntaxTrivia endOfLine)
        {
            if (plan.Sleep != null)
            {
                foreach (var continueStatement in plan.SleepBefore)
                {
                    var target = root.GetCurrentNode(continueStatement);
                    if (target != null)
                    {
                        root = LoopFixSyntax.InsertBefore(root, target, plan.Sleep, endOfLine);
                    }
                }
            }

            var body = root.GetCurrentNode(plan.Body);
            var check = root.GetCurrentNode(plan.Check);
            if (body == null || check == null)
            {
                return root;
            }

            if (useDeadline && !plan.CanMove)
            {
                var guard = SyntaxFactory.ParseStatement(plan.DeadlineName + ".ThrowIfExpired(" + (plan.LockPath ?? string.Empty) + ");")
                    .WithLeadingTrivia(Layout.Indentation(body.Statements[0]))
                    .WithTrailingTrivia(endOfLine);
                root = root.ReplaceNode(body, body.WithStatements(body.Statements.Insert(0, guard)));
                return DeclareDeadline(root, plan, endOfLine);
            }

            var leading = LoopFixSyntax.WithoutLeadingBlankLines(check.GetLeadingTrivia());
            StatementSyntax first = useDeadline
                ? SyntaxFactory.ParseStatement(plan.DeadlineName + ".ThrowIfExpired(" + (plan.LockPath ?? string.Empty) + ");")
                    .WithLeadingTrivia(leading)
                    .WithTrailingTrivia(check.GetTrailingTrivia())
                : check.WithLeadingTrivia(leading);
            var statements = body.Statements.Remove(check).Insert(0, first);
            root = root.ReplaceNode(body, body.WithStatements(statements));
            return useDeadline ? DeclareDeadline(root, plan, endOfLine) : root;
        }

        private static SyntaxNode DeclareDeadline(SyntaxNode root, ContinueDeadlinePlan plan, SyntaxTrivia endOfLine)
        {
            var loop = root.GetCurrentNode(plan.Loop);
            if (loop?.Parent is BlockSyntax parent)
            {
                var declaration = SyntaxFactory.ParseStatement("var " + plan.DeadlineName + " = LockDeadline.After(" + plan.Timeout + ");")
                    .WithLeadingTrivia(loop.GetLeadingTrivia())
                    .WithTrailingTrivia(endOfLine);
                var index = parent.Statements.IndexOf(loop);
                var newStatements = parent.Statements
                    .Replace(loop, loop.WithLeadingTrivia(Layout.Indentation(loop)))
                    .Insert(index, declaration);
                root = root.ReplaceNode(parent, parent.WithStatements(newStatements));
            }

            return root;
        }

    }
}
