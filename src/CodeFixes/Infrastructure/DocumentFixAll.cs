using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>FixAll of a <see cref="LockDocumentCodeFixProvider"/>: its document pass over each document's diagnostics.</summary>
    internal sealed class DocumentFixAll : DocumentBasedFixAllProvider
    {
        private readonly LockDocumentCodeFixProvider _provider;

        public DocumentFixAll(LockDocumentCodeFixProvider provider)
        {
            _provider = provider;
        }

        protected override string GetFixAllTitle(FixAllContext fixAllContext) =>
            _provider.FixAllTitle(fixAllContext.CodeActionEquivalenceKey) ?? base.GetFixAllTitle(fixAllContext);

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await _provider.FixDocumentAsync(document, diagnostics, fixAllContext.CodeActionEquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
