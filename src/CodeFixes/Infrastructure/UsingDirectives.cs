using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Adds a using directive where the file keeps its others: beside them, sorted, with the file's own line endings.</summary>
    internal static class UsingDirectives
    {
        public static SyntaxNode AddUsing(SyntaxNode root, string namespaceName)
        {
            if (root is not CompilationUnitSyntax unit)
            {
                return root;
            }

            if (HasUsing(unit.Usings, namespaceName) || unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Any(n => HasUsing(n.Usings, namespaceName)))
            {
                return root;
            }

            var endOfLine = Layout.EndOfLine(root);
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
                .WithTrailingTrivia(endOfLine);

            var namespaceWithUsings = unit.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Usings.Count > 0);
            if (unit.Usings.Count == 0 && namespaceWithUsings != null)
            {
                var updated = namespaceWithUsings.WithUsings(Insert(namespaceWithUsings.Usings, directive));
                return unit.ReplaceNode(namespaceWithUsings, updated);
            }

            if (unit.Usings.Count == 0)
            {
                // A file with no usings: put ours first and keep the file's leading trivia (header comments) above it.
                var first = unit.GetFirstToken(includeZeroWidth: true);
                var leading = first.LeadingTrivia;
                var withoutLeading = unit.ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList()));
                var separated = directive.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine, endOfLine);
                return withoutLeading.WithUsings(SyntaxFactory.SingletonList(separated));
            }

            return unit.WithUsings(Insert(unit.Usings, directive));
        }

        private static bool HasUsing(SyntaxList<UsingDirectiveSyntax> usings, string namespaceName) =>
            usings.Any(u => u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName);

        private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
        {
            var name = directive.Name!.ToString();
            var index = 0;
            while (index < usings.Count &&
                   (usings[index].Alias != null || !usings[index].StaticKeyword.IsKind(SyntaxKind.None) ||
                    string.CompareOrdinal(SortKey(usings[index].Name?.ToString()), SortKey(name)) < 0))
            {
                if (usings[index].Alias != null || !usings[index].StaticKeyword.IsKind(SyntaxKind.None))
                {
                    break;
                }

                index++;
            }

            if (index == 0 && usings.Count > 0)
            {
                // Keep a header comment on the first directive where it was.
                var first = usings[0];
                directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                usings = usings.Replace(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList()));
            }

            return usings.Insert(index, directive);
        }

        private static string SortKey(string? name) =>
            name == null ? string.Empty : (name.StartsWith("System", System.StringComparison.Ordinal) ? "0" + name : "1" + name);

    }
}
