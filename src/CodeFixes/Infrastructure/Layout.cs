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
        /// <summary>
        /// Four spaces: the formatter's step, and the step where the file shows none. Fix text that is not yet laid out
        /// by <see cref="IndentUnit"/> (LCK003's exclusive WriteAllText, an empty loop body) indents with it too.
        /// </summary>
        public const string FormatterIndentUnit = "    ";

        /// <summary>The line ending of <paramref name="node"/> (the whole file when given the root): its first one, else CRLF.</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode node)
        {
            var existing = node.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
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

        /// <summary>
        /// The indentation step at <paramref name="node"/>: what its line's indentation adds to that of its owner (the
        /// type around a member; for a statement in a block, the statement or member that owns the block, whose line the
        /// braces share). Where the code there shows no step, the file's: its shortest non-empty leading white space of
        /// a line; else <see cref="FormatterIndentUnit"/>.
        /// </summary>
        public static SyntaxTrivia IndentUnit(SyntaxNode node)
        {
            var owner = node.Parent is BlockSyntax block ? block.Parent ?? block : node.Parent;
            var inner = Indentation(node).ToFullString();
            var outer = owner == null ? string.Empty : Indentation(owner).ToFullString();
            if (inner.Length > outer.Length && inner.StartsWith(outer, System.StringComparison.Ordinal))
            {
                return SyntaxFactory.Whitespace(inner.Substring(outer.Length));
            }

            var fileUnit = node.SyntaxTree.GetRoot().DescendantTrivia()
                .Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && t.Span.Length > 0 && t.Token.LeadingTrivia.Contains(t))
                .Select(t => t.ToString())
                .OrderBy(w => w.Length)
                .FirstOrDefault();
            return SyntaxFactory.Whitespace(string.IsNullOrEmpty(fileUnit) ? FormatterIndentUnit : fileUnit!);
        }
    }
}
