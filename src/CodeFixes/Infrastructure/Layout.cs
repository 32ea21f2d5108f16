using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// How the user's file is laid out, read so that inserted code matches it: its line ending, the white space that
    /// indents a line, and the indentation step. Every fix that writes new lines asks here.
    /// </summary>
    internal static class Layout
    {
        /// <summary>The file's line ending: the first one in it, else CRLF.</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode root)
        {
            var existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.CarriageReturnLineFeed;
        }

        /// <summary>The white space that indents the line <paramref name="node"/> starts on.</summary>
        public static SyntaxTriviaList Indentation(SyntaxNode node)
        {
            var leading = node.GetLeadingTrivia();
            for (var i = leading.Count - 1; i >= 0; i--)
            {
                if (leading[i].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    return SyntaxFactory.TriviaList(leading[i]);
                }

                if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    break;
                }
            }

            return SyntaxFactory.TriviaList();
        }

        /// <summary>The file's indentation step: the shortest non-empty leading white space of a line, else four spaces.</summary>
        public static string IndentUnit(SyntaxNode root)
        {
            var unit = root.DescendantTrivia()
                .Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && t.Span.Length > 0 && t.Token.LeadingTrivia.Contains(t))
                .Select(t => t.ToString())
                .OrderBy(w => w.Length)
                .FirstOrDefault();
            return string.IsNullOrEmpty(unit) ? "    " : unit!;
        }

        /// <summary>
        /// The indentation step as one block shows it: what its statements' indentation (<paramref name="inner"/>) adds
        /// to the line the block's owner starts on, else four spaces. Local evidence first; it agrees with
        /// <see cref="IndentUnit(SyntaxNode)"/> in a consistently indented file.
        /// </summary>
        public static SyntaxTrivia IndentUnit(BlockSyntax block, SyntaxTriviaList inner)
        {
            var outer = Indentation(block.Parent ?? block);
            var innerText = inner.ToFullString();
            var outerText = outer.ToFullString();
            return SyntaxFactory.Whitespace(innerText.Length > outerText.Length && innerText.StartsWith(outerText, System.StringComparison.Ordinal)
                ? innerText.Substring(outerText.Length)
                : "    ");
        }
    }
}
