using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Base of every LockAnalyzers code fix: the one rule it fixes, the runtime types its rewrites call (no action is
    /// offered without them), FixAll by the batch fixer unless a fix says otherwise, and the steps every provider takes
    /// (read the document once, find the reported call, import the runtime). Which actions a diagnostic gets, and how
    /// they rewrite, stays with the provider, or with <see cref="LockCallCodeFixProvider"/> and
    /// <see cref="LockDocumentCodeFixProvider"/> where fixes do it alike.
    /// </summary>
    public abstract class LockCodeFixProvider : CodeFixProvider
    {
        private readonly string[] _runtimeTypes;

        private protected LockCodeFixProvider(string diagnosticId, params string[] runtimeTypes)
        {
            FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
            _runtimeTypes = runtimeTypes;
        }

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var (root, model) = await ReadAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null || !_runtimeTypes.All(type => RuntimeReference.IsAvailable(model.Compilation, type)))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                Register(context, diagnostic, root, model);
            }
        }

        /// <summary>Offers the actions that apply to <paramref name="diagnostic"/>, if any.</summary>
        private protected abstract void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model);

        /// <summary>Each diagnostic fixed on its own and the text changes merged: right for fixes whose edits never meet.</summary>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <summary>The document's root and semantic model; either may be null (a document without a tree or compilation).</summary>
        private protected static async Task<(SyntaxNode? Root, SemanticModel? Model)> ReadAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return (root, model);
        }

        /// <summary>The call the diagnostic reports, or the call around the reported node.</summary>
        private protected static InvocationExpressionSyntax? InvocationAt(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();

        /// <summary>The document with <paramref name="root"/>, which calls the runtime, and the runtime's using directive.</summary>
        private protected static Document WithRuntimeUsing(Document document, SyntaxNode root) =>
            document.WithSyntaxRoot(UsingDirectives.AddUsing(root, RuntimeReference.Namespace));
    }
}
