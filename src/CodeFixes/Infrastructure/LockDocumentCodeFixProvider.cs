using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// A fix whose edits in one document must be made together (one edit per loop however many of its statements were
    /// reported, one helper member per type, a re-bind after each watch), so an action and FixAll run the same pass:
    /// <see cref="FixDocumentAsync"/> over the one diagnostic, or over all of a document's (<see cref="DocumentFixAll"/>).
    /// </summary>
    public abstract class LockDocumentCodeFixProvider : LockCodeFixProvider
    {
        private readonly DocumentFixAll _fixAll;

        private protected LockDocumentCodeFixProvider(string diagnosticId, params string[] runtimeTypes)
            : base(diagnosticId, runtimeTypes)
        {
            _fixAll = new DocumentFixAll(this);
        }

        public sealed override FixAllProvider GetFixAllProvider() => _fixAll;

        /// <summary><paramref name="document"/> with the fix of <paramref name="equivalenceKey"/> applied for every one of <paramref name="diagnostics"/>.</summary>
        internal abstract Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

        /// <summary>FixAll's title for the action of <paramref name="equivalenceKey"/>; null for Roslyn's default title.</summary>
        internal virtual string? FixAllTitle(string? equivalenceKey) => null;

        /// <summary>Offers the action <paramref name="equivalenceKey"/> for <paramref name="diagnostic"/> alone.</summary>
        private protected void RegisterFix(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey) =>
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), equivalenceKey, ct), equivalenceKey),
                diagnostic);
    }
}
