using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes.Rules.LCK003
{
    /// <summary>
    /// LCK003 fix: <c>File.Delete(p);</c> becomes <c>if (!LockSteal.TryRetire(p)) { continue; }</c> (or
    /// <c>return false;</c> / <c>return;</c> outside a loop) so only the contender whose atomic rename won goes on, and
    /// every non-exclusive re-create of <c>p</c> in the member opens with <c>FileMode.CreateNew</c>. When the delete is
    /// the last thing its block does inside a loop, the retry path follows either way and the call stands alone.
    /// Not offered when a re-create cannot be made exclusive in place (WriteAllText, StreamWriter, a non-literal mode).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK003DeleteThenCreateCodeFixProvider))]
    [Shared]
    public sealed class LCK003DeleteThenCreateCodeFixProvider : CodeFixProvider
    {
        public const string TryRetireKey = "LCK003.TryRetire";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalogue.LCK003);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null || !RuntimeReference.IsAvailable(model.Compilation, "LockSteal"))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var invocation = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (invocation == null || RetirePlan.TryCreate(invocation, model, context.CancellationToken) == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Retire the lock with LockSteal.TryRetire and re-create it exclusively",
                        ct => ApplyAsync(context.Document, invocation, ct),
                        TryRetireKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var plan = root == null || model == null ? null : RetirePlan.TryCreate(invocation, model, cancellationToken);
            if (plan == null)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var create in plan.CreatesToMakeExclusive)
            {
                replacements[create.Key] = create.Value;
            }

            SyntaxNode newRoot;
            if (plan.GuardedBlock != null)
            {
                // The creates inside the block are rewritten first (ReplaceNodes hands the block over with them done).
                var block = plan.GuardedBlock;
                var index = block.Statements.IndexOf(plan.Statement);
                newRoot = root!.ReplaceNodes(
                    replacements.Keys.Concat(new SyntaxNode[] { block }),
                    (original, rewritten) => original == block ? plan.Guarded((BlockSyntax)rewritten, index) : replacements[original]);
            }
            else
            {
                replacements[plan.Statement] = plan.Replacement();
                newRoot = root!.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            }

            newRoot = UsingDirectives.AddUsing(newRoot, RuntimeReference.Namespace);
            return document.WithSyntaxRoot(newRoot);
        }
    }
}
