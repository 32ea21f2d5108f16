using LockAnalyzers.Infrastructure;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using LockAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.CodeFixes.Rules.LoopFamily;
using LockAnalyzers.Rules.LCK004;
using LockAnalyzers.Rules.LoopFamily;

namespace LockAnalyzers.CodeFixes.Rules.LCK004
{
    /// <summary>
    /// LCK004 fixes. "Check the deadline at the top of the loop" moves the user's own check (exception and message
    /// kept) to be the first statement of the body, so every <c>continue</c> passes it. "Use LockDeadline" replaces it
    /// with <c>LockDeadline.After(timeout)</c> before the loop and <c>ThrowIfExpired</c> at the top, when the timeout
    /// can be carried over exactly. Both copy the loop's sleep before a <c>continue</c> whose path never sleeps.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK004ContinueSkipsDeadlineCodeFixProvider)), Shared]
    public sealed class LCK004ContinueSkipsDeadlineCodeFixProvider : CodeFixProvider
    {
        public const string MoveCheckKey = "LCK004.MoveDeadlineCheckToTop";
        public const string UseLockDeadlineKey = "LCK004.UseLockDeadline";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalogue.LCK004);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            var hasRuntime = RuntimeReference.IsAvailable(model.Compilation, "LockDeadline");
            foreach (var diagnostic in context.Diagnostics)
            {
                var plan = LoopPlan.Create(root, model, diagnostic, context.CancellationToken);
                if (plan == null)
                {
                    continue;
                }

                if (plan.CanMove)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Check the deadline at the top of the loop",
                            c => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), MoveCheckKey, c),
                            MoveCheckKey),
                        diagnostic);
                }

                if (hasRuntime && plan.Timeout != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Use LockDeadline",
                            c => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), UseLockDeadlineKey, c),
                            UseLockDeadlineKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var useDeadline = key == UseLockDeadlineKey;
            var plans = new List<LoopPlan>();
            foreach (var diagnostic in diagnostics)
            {
                var plan = LoopPlan.Create(root, model, diagnostic, cancellationToken);
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

            if (useDeadline)
            {
                current = UsingDirectives.AddUsing(current, RuntimeReference.Namespace);
            }

            return document.WithSyntaxRoot(current);
        }

        private static SyntaxNode Rewrite(SyntaxNode root, LoopPlan plan, bool useDeadline, SyntaxTrivia endOfLine)
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

        private static SyntaxNode DeclareDeadline(SyntaxNode root, LoopPlan plan, SyntaxTrivia endOfLine)
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

        /// <summary>What one LCK004 diagnostic's loop allows: where its check is, whether it can move, the timeout it carries.</summary>
        private sealed class LoopPlan
        {
            private LoopPlan(StatementSyntax loop, BlockSyntax body, StatementSyntax check)
            {
                Loop = loop;
                Body = body;
                Check = check;
            }

            public StatementSyntax Loop { get; }

            public BlockSyntax Body { get; }

            public StatementSyntax Check { get; }

            public bool CanMove { get; private set; }

            /// <summary>The timeout expression for <c>LockDeadline.After</c>, or null when it cannot be carried over exactly.</summary>
            public string? Timeout { get; private set; }

            public string DeadlineName { get; private set; } = "deadline";

            public string? LockPath { get; private set; }

            public ExpressionStatementSyntax? Sleep { get; private set; }

            public HashSet<ContinueStatementSyntax> SleepBefore { get; } = new HashSet<ContinueStatementSyntax>();

            public static LoopPlan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ContinueStatementSyntax continueStatement) ||
                    !(LoopSyntax.LoopOfContinue(continueStatement) is StatementSyntax loop) ||
                    !(BodyOf(loop) is BlockSyntax body) ||
                    !TryPosition(diagnostic, LCK004ContinueSkipsDeadlineAnalyzer.CheckStartKey, out var checkStart))
                {
                    return null;
                }

                var check = body.Statements.FirstOrDefault(s => s.SpanStart == checkStart);
                if (check == null || body.Statements.IndexOf(check) == 0 || !IsCheckStatement(check))
                {
                    return null;
                }

                if (!(model.GetOperation(loop, cancellationToken) is ILoopOperation loopOperation))
                {
                    return null;
                }

                var plan = new LoopPlan(loop, body, check);
                // A check that reads values of the loop pass cannot move, but LockDeadline can still guard the top
                // of the loop while the user's check stays where it is.
                plan.CanMove = IsMovable(check, loopOperation, model, cancellationToken);

                if (TryPosition(diagnostic, LCK004ContinueSkipsDeadlineAnalyzer.SleepStartKey, out var sleepStart) &&
                    diagnostic.Properties.TryGetValue(LCK004ContinueSkipsDeadlineAnalyzer.SleepBeforeKey, out var before) && before != null)
                {
                    plan.Sleep = root.FindToken(sleepStart).Parent?.AncestorsAndSelf().OfType<ExpressionStatementSyntax>().FirstOrDefault(s => s.SpanStart == sleepStart);
                    foreach (var part in before.Split(','))
                    {
                        if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) &&
                            root.FindToken(position).Parent is ContinueStatementSyntax spinning)
                        {
                            plan.SleepBefore.Add(spinning);
                        }
                    }
                }

                diagnostic.Properties.TryGetValue(LCK004ContinueSkipsDeadlineAnalyzer.LockPathKey, out var lockPath);
                plan.LockPath = lockPath;
                if (loop.Parent is BlockSyntax && check is IfStatementSyntax ifStatement)
                {
                    plan.Timeout = TimeoutCarryOver.Find(ifStatement, loop, loopOperation, model, cancellationToken);
                    plan.DeadlineName = LoopFixSyntax.UniqueName(loop, "deadline", "lockDeadline");
                }

                return plan;
            }

            private static bool TryPosition(Diagnostic diagnostic, string key, out int position)
            {
                position = 0;
                return diagnostic.Properties.TryGetValue(key, out var text) && text != null &&
                       int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out position);
            }

            private static StatementSyntax? BodyOf(StatementSyntax loop) =>
                loop switch
                {
                    WhileStatementSyntax w => w.Statement,
                    DoStatementSyntax d => d.Statement,
                    ForStatementSyntax f => f.Statement,
                    _ => null,
                };

            private static bool IsCheckStatement(StatementSyntax check) =>
                check is IfStatementSyntax || check is ExpressionStatementSyntax;

            /// <summary>
            /// The check can run first when it uses nothing declared in the loop and its condition reads nothing the loop
            /// changes (<c>elapsed = sw.Elapsed; if (elapsed &gt; t)</c> must stay put).
            /// </summary>
            private static bool IsMovable(StatementSyntax check, ILoopOperation loop, SemanticModel model, CancellationToken cancellationToken)
            {
                if (check.ContainsDiagnostics || !(model.GetOperation(check, cancellationToken) is IOperation checkOperation))
                {
                    return false;
                }

                var condition = check is IfStatementSyntax ifStatement ? model.GetOperation(ifStatement.Condition, cancellationToken) : checkOperation;
                foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(checkOperation))
                {
                    if (operation is ILocalReferenceOperation local)
                    {
                        var declared = local.Local.Locations.Length > 0 ? local.Local.Locations[0] : null;
                        if (declared == null || (loop.Syntax.Span.Contains(declared.SourceSpan) && !check.Span.Contains(declared.SourceSpan)))
                        {
                            return false;
                        }
                    }
                }

                foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(condition))
                {
                    var symbol = LoopFixSyntax.SymbolOf(operation);
                    if (symbol != null && LoopFixSyntax.IsWrittenIn(symbol, loop, check))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
