using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// A per-member textual pre-filter shared by every rule: each syntax tree's text is scanned once (by whichever rule
    /// asks first) for the identifiers the rules' candidate tests look for, and a member is then tested with a binary
    /// search over those hits instead of one callback per invocation or loop.
    /// </summary>
    /// <remarks>
    /// Sound, never finer than the rules' own syntax tests: a token whose <c>ValueText</c> is one of the words is a run
    /// of exactly those characters bounded by non-identifier characters, and the scan records every such run (also in
    /// comments and strings, which only lets more members through). The two ways a token's value differs from its text,
    /// <c>\u</c> escapes and Unicode formatting characters inside an identifier, make the whole tree pass.
    /// </remarks>
    internal static class MemberWords
    {
        /// <summary>Pseudo-word: <c>new</c> followed by anything but a type name (<c>new(...)</c>, target-typed).</summary>
        public const string TargetTypedNew = "new(";

        // Every word a rule filters on (at most 64: a rule's set is a bit mask). Add a rule's words here.
        private static readonly string[] Universe =
        {
            TargetTypedNew, "continue",
            "Delete", "Move", "MoveTo", "Replace", "Copy", "CopyTo", "Create", "Truncate", "CreateText", "AppendText", "Open", "OpenWrite", "OpenHandle",
            "CreateNew", "FileShare", "Exists", "FileStream", "StreamWriter", "GetProcessById", "GetProcesses",
            "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
            "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync",
            "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "WriteByte",
            "SetLastWriteTime", "SetLastWriteTimeUtc", "SetLastAccessTime", "SetLastAccessTimeUtc",
            "LastWriteTime", "LastWriteTimeUtc", "LastAccessTime", "LastAccessTimeUtc",
        };

        private const int TableSize = 256; // power of two, well above the universe's size
        private static readonly int[] Table = BuildTable();
        private static readonly int MaxLength = MaxWordLength();
        private static readonly ConditionalWeakTable<SyntaxTree, TreeHits> Trees = new ConditionalWeakTable<SyntaxTree, TreeHits>();
        private static readonly ConditionalWeakTable<SyntaxTree, TreeHits>.CreateValueCallback Scan = tree => TreeHits.Of(tree);

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

        /// <summary>Whether the text of any of these operation blocks may mention one of the words in <paramref name="mask"/>.</summary>
        public static bool MayMention(System.Collections.Immutable.ImmutableArray<IOperation> blocks, ulong mask)
        {
            foreach (var block in blocks)
            {
                var syntax = block.Syntax;
                if (syntax != null && Trees.GetValue(syntax.SyntaxTree, Scan).MayMention(syntax.Span, mask))
                {
                    return true;
                }
            }

            return false;
        }

        private static int[] BuildTable()
        {
            if (Universe.Length > 64)
            {
                throw new InvalidOperationException("MemberWords.Universe holds more than 64 words.");
            }

            var table = new int[TableSize];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = -1;
            }

            for (var id = 0; id < Universe.Length; id++)
            {
                var slot = Hash(Universe[id], 0, Universe[id].Length) & (TableSize - 1);
                while (table[slot] >= 0)
                {
                    slot = (slot + 1) & (TableSize - 1);
                }

                table[slot] = id;
            }

            return table;
        }

        private static int MaxWordLength()
        {
            var max = 0;
            foreach (var word in Universe)
            {
                max = Math.Max(max, word.Length);
            }

            return max;
        }

        private static int Hash(string text, int start, int length)
        {
            var hash = 0;
            for (var i = start; i < start + length; i++)
            {
                hash = unchecked((hash * 31) + text[i]);
            }

            return hash;
        }

        private static int Lookup(string text, int start, int length, int hash)
        {
            for (var slot = hash & (TableSize - 1); ; slot = (slot + 1) & (TableSize - 1))
            {
                var id = Table[slot];
                if (id < 0)
                {
                    return -1;
                }

                var word = Universe[id];
                if (word.Length == length && string.CompareOrdinal(text, start, word, 0, length) == 0)
                {
                    return id;
                }
            }
        }

        private static bool IsAsciiIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

        private static bool IsAsciiIdentifierPart(char c) => IsAsciiIdentifierStart(c) || (c >= '0' && c <= '9');

        /// <summary>Non-ASCII characters C# allows in identifiers (letters, digits, combining, connecting, formatting).</summary>
        private static bool IsOtherIdentifierPart(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.ConnectorPunctuation:
                case UnicodeCategory.Format:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The hits of one tree: positions (ascending) and word ids.</summary>
        internal sealed class TreeHits
        {
            
            private readonly int[] _positions;
            private readonly byte[] _ids;
            private readonly bool _all;

            private TreeHits(string text, int[] positions, byte[] ids, bool all)
            {
                Text = text;
                _positions = positions;
                _ids = ids;
                _all = all;
            }

            /// <summary>The tree's text as one string (the source text's own string when it has one), for other text tests.</summary>
            public string Text { get; }

            public static TreeHits Of(SyntaxTree tree)
            {
                if (!tree.TryGetText(out var sourceText))
                {
                    sourceText = tree.GetText(CancellationToken.None);
                }

                return Of(sourceText);
            }

            /// <summary>True when the scan could not rule anything out (a <c>\u</c> escape or a formatting character): every block is a candidate.</summary>
            public bool IsEverything => _all;

            /// <summary>Whether the tree's text may mention one of the words in <paramref name="mask"/> anywhere.</summary>
            public bool MayMentionAny(ulong mask)
            {
                if (_all)
                {
                    return true;
                }

                for (var i = 0; i < _ids.Length; i++)
                {
                    if ((mask & (1UL << _ids[i])) != 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>The number of hits (none when <see cref="IsEverything"/>).</summary>
            public int Count => _positions.Length;

            public int PositionAt(int index) => _positions[index];

            /// <summary>The mask of the word hit number <paramref name="index"/> is.</summary>
            public ulong MaskAt(int index) => 1UL << _ids[index];

            /// <summary>The index of the first hit at or after <paramref name="position"/>, searching from hit <paramref name="from"/> on.</summary>
            public int FirstAtOrAfter(int position, int from)
            {
                int low = from, high = _positions.Length;
                while (low < high)
                {
                    var mid = (low + high) >> 1;
                    if (_positions[mid] < position)
                    {
                        low = mid + 1;
                    }
                    else
                    {
                        high = mid;
                    }
                }

                return low;
            }

            /// <summary>The positions (ascending) of the hits number <paramref name="start"/> to <paramref name="end"/> (excluded) of words in <paramref name="mask"/>.</summary>
            public IEnumerable<int> Positions(int start, int end, ulong mask)
            {
                for (var i = start; i < end; i++)
                {
                    if ((mask & (1UL << _ids[i])) != 0)
                    {
                        yield return _positions[i];
                    }
                }
            }

            public bool MayMention(TextSpan span, ulong mask)
            {
                if (_all)
                {
                    return true;
                }

                // First hit at or after the span's start.
                int low = 0, high = _positions.Length;
                while (low < high)
                {
                    var mid = (low + high) >> 1;
                    if (_positions[mid] < span.Start)
                    {
                        low = mid + 1;
                    }
                    else
                    {
                        high = mid;
                    }
                }

                for (var i = low; i < _positions.Length && _positions[i] < span.End; i++)
                {
                    if ((mask & (1UL << _ids[i])) != 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static TreeHits Of(SourceText sourceText)
            {
                var text = sourceText.ToString();
                var positions = new List<int>();
                var ids = new List<byte>();
                var length = text.Length;
                var i = 0;
                while (i < length)
                {
                    var c = text[i];
                    if (IsAsciiIdentifierStart(c))
                    {
                        var start = i;
                        var hash = 0;
                        do
                        {
                            hash = unchecked((hash * 31) + c);
                            i++;
                        }
                        while (i < length && IsAsciiIdentifierPart(c = text[i]));

                        if (i < length && c >= 0x80 && IsOtherIdentifierPart(c))
                        {
                            // A non-ASCII identifier: never one of the (ASCII) words, unless formatting characters
                            // (dropped from its value) hide one.
                            if (!SkipOtherIdentifier(text, ref i))
                            {
                                return Everything(text);
                            }

                            continue;
                        }

                        var runLength = i - start;
                        if (runLength <= MaxLength)
                        {
                            var id = Lookup(text, start, runLength, hash);
                            if (id >= 0)
                            {
                                positions.Add(start);
                                ids.Add((byte)id);
                            }
                            else if (runLength == 3 && string.CompareOrdinal(text, start, "new", 0, 3) == 0 && !FollowedByTypeName(text, i))
                            {
                                positions.Add(start);
                                ids.Add(NewId);
                            }
                        }
                    }
                    else if (c == '\\')
                    {
                        if (i + 1 < length && (text[i + 1] == 'u' || text[i + 1] == 'U'))
                        {
                            return Everything(text);
                        }

                        i++;
                    }
                    else if (c >= 0x80 && IsOtherIdentifierPart(c))
                    {
                        if (!SkipOtherIdentifier(text, ref i))
                        {
                            return Everything(text);
                        }
                    }
                    else
                    {
                        i++;
                    }
                }

                return new TreeHits(text, positions.ToArray(), ids.ToArray(), all: false);
            }

            private static TreeHits Everything(string text) => new TreeHits(text, Array.Empty<int>(), Array.Empty<byte>(), all: true);

            private static readonly byte NewId = (byte)Array.IndexOf(Universe, TargetTypedNew);

            /// <summary>Skips an identifier run with non-ASCII characters; false if it holds a formatting character.</summary>
            private static bool SkipOtherIdentifier(string text, ref int i)
            {
                for (; i < text.Length; i++)
                {
                    var c = text[i];
                    if (IsAsciiIdentifierPart(c))
                    {
                        continue;
                    }

                    if (c < 0x80 || !IsOtherIdentifierPart(c))
                    {
                        break;
                    }

                    if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>After <c>new</c>: whether white space then an identifier (a type name) follows.</summary>
            private static bool FollowedByTypeName(string text, int i)
            {
                while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
                {
                    i++;
                }

                return i < text.Length && (IsAsciiIdentifierStart(text[i]) || text[i] == '@' || (text[i] >= 0x80 && IsOtherIdentifierPart(text[i])));
            }
        }
    }
}
