using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// A fix with one action, anchored on the reported call, that rewrites code around that call into a runtime call
    /// (LCK002, LCK003, LCK008): offered with the runtime's types referenced and when the rule's plan holds for the call;
    /// applied by planning again on the document it is applied to, then importing the runtime. FixAll is the batch fixer.
    /// </summary>
    public abstract class LockCallCodeFixProvider : LockCodeFixProvider
    {
        private readonly string _title;
        private readonly string _equivalenceKey;

        private protected LockCallCodeFixProvider(string diagnosticId, string title, string equivalenceKey, params string[] runtimeTypes)
            : base(diagnosticId, runtimeTypes)
        {
            _title = title;
            _equivalenceKey = equivalenceKey;
        }

        private protected sealed override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            var call = InvocationAt(root, diagnostic);
            if (call != null && CanFix(call, model, context.CancellationToken))
            {
                context.RegisterCodeFix(CodeAction.Create(_title, ct => ApplyAsync(context.Document, call, ct), _equivalenceKey), diagnostic);
            }
        }

        /// <summary>Whether the rule's plan holds for <paramref name="call"/>, so the fix is offered.</summary>
        private protected abstract bool CanFix(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken);

        /// <summary><paramref name="root"/> rewritten for <paramref name="call"/>, or null when the plan no longer holds.</summary>
        private protected abstract SyntaxNode? Rewrite(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken);

        private async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var (root, model) = await ReadAsync(document, cancellationToken).ConfigureAwait(false);
            var rewritten = root == null || model == null ? null : Rewrite(root, model, call, cancellationToken);
            return rewritten == null ? document : WithRuntimeUsing(document, rewritten);
        }
    }
}
