using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Line numbers for messages, counted from the text. <see cref="Location.GetLineSpan"/> would give the same number,
    /// but it builds the whole text's line table (an array of every line start), which the compiler otherwise builds
    /// only for files it reports on; a rule that names a line in its message would pay for that table in every file
    /// it reports in, and its allocation is what makes the garbage collections that land in the rules' callbacks.
    /// </summary>
    internal static class SourceLines
    {
        private const int Chunk = 2048;

        // Reused: a rule asks for a line once per report, and each would otherwise allocate its own buffer.
        [ThreadStatic]
        private static char[]? _buffer;

        /// <summary>The 1-based line of <paramref name="position"/>, as <c>GetLineSpan().StartLinePosition.Line + 1</c>
        /// gives it: CR, LF, CR LF, NEL, LS and PS each end a line.</summary>
        public static int LineNumberOf(SyntaxTree tree, int position)
        {
            var text = tree.GetText();
            if (position > text.Length)
            {
                position = text.Length;
            }

            var buffer = _buffer ??= new char[Chunk];
            var line = 1;
            for (var start = 0; start < position; start += buffer.Length)
            {
                var count = position - start < buffer.Length ? position - start : buffer.Length;
                text.CopyTo(start, buffer, 0, count);
                for (var i = 0; i < count; i++)
                {
                    switch (buffer[i])
                    {
                        case '\r':
                            // CR LF is one line break, counted at its LF; a position on that LF is still on the CR's line.
                            var next = i + 1 < count ? buffer[i + 1] : start + i + 1 < text.Length ? text[start + i + 1] : '\0';
                            if (next != '\n')
                            {
                                line++;
                            }

                            break;
                        default:
                            if (IsLineBreak(buffer[i]))
                            {
                                line++;
                            }

                            break;
                    }
                }
            }

            return line;
        }

        /// <summary>The characters that end a line in C#: CR, LF (and so CR LF), NEL, LS and PS.</summary>
        public static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

        public static bool IsLineBreak(char c) => c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';

        /// <summary>The 1-based line where <paramref name="token"/> starts.</summary>
        public static int LineNumberOf(SyntaxToken token) => LineNumberOf(token.SyntaxTree!, token.SpanStart);

        /// <summary>The 1-based line where <paramref name="node"/> starts.</summary>
        public static int LineNumberOf(SyntaxNode node) => LineNumberOf(node.SyntaxTree, node.SpanStart);
    }
}
