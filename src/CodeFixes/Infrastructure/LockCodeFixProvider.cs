using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Base of every LockAnalyzers code fix: the one rule it fixes, FixAll by the batch fixer unless a fix says
    /// otherwise, and the steps every provider takes (read the document, find the reported call, import the runtime the
    /// rewrite calls). How a fix is offered and applied stays with the provider, or with
    /// <see cref="LockCallCodeFixProvider"/> and <see cref="LockDocumentCodeFixProvider"/> where two fixes do it alike.
    /// </summary>
    public abstract class LockCodeFixProvider : CodeFixProvider
    {
        private protected LockCodeFixProvider(string diagnosticId)
        {
            FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
        }

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

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
