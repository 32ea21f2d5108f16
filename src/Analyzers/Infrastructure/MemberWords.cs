using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The textual pre-filter shared by every rule: each syntax tree's text is scanned once (by whichever rule asks
    /// first) for the identifiers the rules' candidate tests look for (<see cref="TreeHits"/>). A rule then looks only
    /// at the code blocks holding one of its words (<see cref="MemberBlocks"/>), and only at the calls, creations,
    /// assignments and loops those words name (<see cref="CandidateNodes"/>).
    /// </summary>
    /// <remarks>
    /// Sound, never finer than the rules' own syntax tests: a token whose <c>ValueText</c> is one of the words is a run
    /// of exactly those characters bounded by non-identifier characters, and the scan records every such run (also in
    /// comments and strings, which only lets more through). The two ways a token's value differs from its text,
    /// <c>\u</c> escapes and Unicode formatting characters inside an identifier, make the whole tree pass.
    /// </remarks>
    internal static class MemberWords
    {
        /// <summary>Pseudo-word: <c>new</c> followed by anything but a type name (<c>new(...)</c>, target-typed).</summary>
        public const string TargetTypedNew = "new(";

        // Every word a rule filters on (at most 64: a rule's set is a bit mask). Add a rule's words here.
        internal static readonly string[] Universe =
        {
            TargetTypedNew, "continue", "while", "for", "foreach", "do",
            "Delete", "Move", "MoveTo", "Replace", "Copy", "CopyTo", "Create", "CreateText", "AppendText", "Open", "OpenWrite", "OpenHandle",
            "CreateNew", "FileShare", "Exists", "FileStream", "StreamWriter", "GetProcessById", "GetProcesses",
            "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
            "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync",
            "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "WriteByte",
            "SetLastWriteTime", "SetLastWriteTimeUtc", "SetLastAccessTime", "SetLastAccessTimeUtc",
            "LastWriteTime", "LastWriteTimeUtc", "LastAccessTime", "LastAccessTimeUtc",
        };

        // After Universe: static fields are initialized in the order they are written.
        /// <summary>The keywords a loop statement starts with: a loop around a hit starts before it.</summary>
        public static readonly ulong LoopKeywords = Mask("while", "for", "foreach", "do");

        private static readonly ConditionalWeakTable<SyntaxTree, TreeHits> Trees = new ConditionalWeakTable<SyntaxTree, TreeHits>();
        private static readonly ConditionalWeakTable<SyntaxTree, TreeHits>.CreateValueCallback Scan = TreeHits.Of;

        /// <summary>The mask of these words; throws for a word missing from the universe (a rule's tests then fail).</summary>
        public static ulong Mask(params string[] words)
        {
            ulong mask = 0;
            foreach (var word in words)
            {
                var id = Array.IndexOf(Universe, word);
                if (id < 0)
                {
                    throw new ArgumentException("Not a pre-filter word (add it to MemberWords.Universe): " + word, nameof(words));
                }

                mask |= 1UL << id;
            }

            return mask;
        }

        /// <summary>The word hits of a tree's text, scanned on first use and shared by every rule.</summary>
        public static TreeHits HitsOf(SyntaxTree tree) => Trees.GetValue(tree, Scan);

        /// <summary>
        /// A text pre-filter for rules' own name tests outside the universe (a heartbeat-like or temporary-file name):
        /// whether the text in <paramref name="span"/> may name one of <paramref name="pieces"/>, matched as
        /// case-insensitive substrings, without allocating. A non-ASCII character or a <c>\u</c> escape in the span may
        /// spell a piece in a name's value, so it passes too; the rule's exact test decides.
        /// </summary>
        public static bool SpanMayContain(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span, string[] pieces)
        {
            var hits = HitsOf(tree);
            var text = hits.TextOf(span, out var start);
            var end = Math.Min(start + span.Length, text.Length);
            if (hits.IsEverything || hits.HasNonAscii)
            {
                for (var i = start; i < end; i++)
                {
                    var c = text[i];
                    if (c > 0x7F || (c == '\\' && i + 1 < end && (text[i + 1] | 0x20) == 'u'))
                    {
                        return true;
                    }
                }
            }

            foreach (var piece in pieces)
            {
                if (end > start && text.IndexOf(piece, start, end - start, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
