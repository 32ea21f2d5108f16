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
using LockAnalyzers.Rules.LCK007;

namespace LockAnalyzers.CodeFixes.Rules.LCK007
{
    /// <summary>
    /// LCK007: replaces <c>File.Delete(lockPath)</c> with the runtime's owned release,
    /// <c>LockFile.Release(lockPath, ownerToken)</c>, which deletes only while the lock still holds the token this type
    /// wrote at acquisition (and is still the same file). Offered only with LockAnalyzers.Runtime referenced and only
    /// when the analyzer found that token in the same type; otherwise there is no honest token to pass and no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK007ReleaseWithoutOwnershipCheckCodeFixProvider)), Shared]
    public sealed class LCK007ReleaseWithoutOwnershipCheckCodeFixProvider : LockDocumentCodeFixProvider
    {
        public const string OwnedReleaseKey = "LCK007.OwnedRelease";

        private const string Title = "Release only if the lock is still ours (LockFile.Release)";

        public LCK007ReleaseWithoutOwnershipCheckCodeFixProvider()
            : base(DiagnosticCatalogue.LCK007, "LockFile")
        {
        }

        private protected override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            if (TryPlan(root, diagnostic) != null)
            {
                RegisterFix(context, diagnostic, Title, OwnedReleaseKey);
            }
        }

        private static (InvocationExpressionSyntax Delete, ExpressionSyntax Release)? TryPlan(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(LCK007ReleaseWithoutOwnershipCheckAnalyzer.TokenProperty, out var tokenText) ||
                string.IsNullOrWhiteSpace(tokenText))
            {
                return null;
            }

            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax delete) ||
                delete.ArgumentList.Arguments.Count != 1 || !(delete.Expression is MemberAccessExpressionSyntax access) ||
                access.Name.Identifier.ValueText != "Delete")
            {
                return null;
            }

            var token = SyntaxFactory.ParseExpression(tokenText!);
            if (token.ContainsDiagnostics)
            {
                return null;
            }

            var lockFile = SyntaxFactory.IdentifierName("LockFile");
            var release = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, lockFile, SyntaxFactory.IdentifierName("Release")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        delete.ArgumentList.Arguments[0].WithoutTrivia(),
                        SyntaxFactory.Argument(token.WithoutTrivia()),
                    })))
                .WithTriviaFrom(delete);
            return (delete, release);
        }

        internal override string? FixAllTitle(string? equivalenceKey) => Title;

        internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return document;
            }

            var plans = diagnostics.Select(d => TryPlan(root, d)).Where(p => p != null).Select(p => p!.Value).ToList();
            if (plans.Count == 0)
            {
                return document;
            }

            var replacements = plans.ToDictionary(p => (SyntaxNode)p.Delete, p => (SyntaxNode)p.Release);
            return WithRuntimeUsing(document, root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }
}
