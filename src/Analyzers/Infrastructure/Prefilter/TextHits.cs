using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The text stage of the pre-filter: the <see cref="PrefilterWords"/> hits of one tree's text, positions (ascending)
    /// and word ids, from one pass over the text (by whichever rule asks first, shared by every rule) that classifies
    /// characters by table and looks up only identifiers whose length and first letter some word has.
    /// </summary>
    internal sealed class TextHits
    {
        private const byte Other = 0;
        private const byte Start = 1;
        private const byte Marker = 2; // '_' and the capitals a lock word piece begins with: where one may begin in a name
        private const byte Digit = 3;
        private const byte Slash = 4; // the classes of name characters are Start to Digit, next to each other
        private const byte Backslash = 5;
        private const int TableSize = 256; // power of two, well above the universe's size

        private static readonly string[] Universe = PrefilterWords.Universe;
        private static readonly byte NewId = (byte)Array.IndexOf(Universe, PrefilterWords.TargetTypedNew);
        private static readonly byte DoId = (byte)Array.IndexOf(Universe, "do");
        private static readonly byte ForId = (byte)Array.IndexOf(Universe, "for");
        private static readonly byte[] Classes = BuildClasses();
        private static readonly int[] Table = BuildTable(out MinLength, out MaxLength, out FirstLetters);
        private static readonly int MinLength;
        private static readonly int MaxLength;
        private static readonly ulong FirstLetters; // bit (c - 64) for each word's first letter (all in 'A'..'z')

        private static readonly ConditionalWeakTable<SyntaxTree, TextHits> Trees = new ConditionalWeakTable<SyntaxTree, TextHits>();
        private static readonly ConditionalWeakTable<SyntaxTree, TextHits>.CreateValueCallback Build = Read;

        private readonly int[] _positions;
        private readonly byte[] _ids;
        private readonly ulong _treeMask;
        private readonly bool _hasEscape;

        private TextHits(string text, int[] positions, byte[] ids, bool everything, bool hasNonAscii, bool hasEscape, int[]? lockWordParts = null)
        {
            LockWordParts = lockWordParts;
            _text = text;
            _positions = positions;
            _ids = ids;
            IsEverything = everything;
            HasNonAscii = hasNonAscii;
            _hasEscape = hasEscape;
            ulong mask = 0;
            foreach (var id in ids)
            {
                mask |= 1UL << id;
            }

            _treeMask = everything ? ulong.MaxValue : mask;
        }

        private string? _text;
        private SourceText? _sourceText;

        /// <summary>The text of <paramref name="span"/> in one string, and the span's start in it (the whole text when the tree's source text is a string).</summary>
        private string TextOf(TextSpan span, out int start)
        {
            if (_text != null || _sourceText == null)
            {
                start = span.Start;
                return _text ?? string.Empty;
            }

            start = 0;
            return _sourceText.ToString(span);
        }

        /// <summary>
        /// True when the scan could not rule anything out (a <c>\u</c> escape or a formatting character that may be in
        /// a name or keyword): every block is a candidate.
        /// </summary>
        public bool IsEverything { get; }

        /// <summary>Whether the text holds any character above U+007F (in a name, a string or a comment; comment lines the scan passes over are not read).</summary>
        internal bool HasNonAscii { get; }

        /// <summary>
        /// Where the text holds one of <see cref="PrefilterWords.LockWordPieces"/> (ignoring case) where a name's word
        /// part may begin, ascending: what <see cref="PositionsOf(string[], bool)"/> gives for those pieces, less the
        /// places no identifier can be (comment lines the scan passes over, a run that begins with a digit), found in
        /// the scan's one pass instead of one search of the text per piece. Null when the text holds a character above
        /// U+007F or an escape (case-insensitive matching and names are then more than ASCII): search the text.
        /// </summary>
        public int[]? LockWordParts { get; }

        /// <summary>The number of hits (none when <see cref="IsEverything"/>).</summary>
        public int Count => _positions.Length;

        /// <summary>The word hits of a tree's text, scanned on first use and shared by every rule.</summary>
        public static TextHits Of(SyntaxTree tree) => Trees.GetValue(tree, Build);

        /// <summary>
        /// A text pre-filter for rules' own name tests outside the universe (a heartbeat-like or temporary-file name):
        /// whether the text in <paramref name="span"/> may name one of <paramref name="pieces"/>, matched as
        /// case-insensitive substrings, without allocating. A non-ASCII character or a <c>\u</c> escape in the span may
        /// spell a piece in a name's value, so it passes too; the rule's exact test decides.
        /// </summary>
        public bool SpanMayContain(TextSpan span, string[] pieces) => SpanMayContain(span, pieces, StringComparison.OrdinalIgnoreCase);

        /// <summary>As <see cref="SpanMayContain(TextSpan, string[])"/>, with the pieces matched by <paramref name="comparison"/>.</summary>
        public bool SpanMayContain(TextSpan span, string[] pieces, StringComparison comparison)
        {
            var text = TextOf(span, out var start);
            var end = Math.Min(start + span.Length, text.Length);
            if (IsEverything || HasNonAscii || _hasEscape)
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
                if (end > start && text.IndexOf(piece, start, end - start, comparison) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the text in <paramref name="span"/> may hold one of <paramref name="words"/> as a whole identifier
        /// (matched ordinally, with no letter, digit or underscore on either side): <c>Process</c> in
        /// <c>Process.GetProcessById</c>, not in <c>ProcessRequest</c>. A non-ASCII character or a <c>\u</c> escape in the
        /// span may spell one, so it passes too.
        /// </summary>
        public bool SpanMayContainWord(TextSpan span, string[] words) =>
            SpanMayContainWhere(span, words, StringComparison.Ordinal, WholeName);

        /// <summary>
        /// Whether the text in <paramref name="span"/> may hold one of <paramref name="parts"/> (lower case) as the start
        /// of a word of a name, ignoring case: at the start of a name, after a lower-case letter or digit in upper case
        /// (<c>UtcNow</c>, <c>lockAge</c>), or as the last capital of a run before a lower-case letter (<c>UTCNow</c>).
        /// <c>age</c> is then found in <c>LockAge</c>, not in <c>Image</c> or <c>Message</c>; <c>time</c> in
        /// <c>GetLastWriteTimeUtc</c>, not in <c>Runtime</c>. A non-ASCII character or a <c>\u</c> escape in the span may
        /// spell one, so it passes too.
        /// </summary>
        public bool SpanMayContainWordStart(TextSpan span, string[] parts) =>
            SpanMayContainWhere(span, parts, StringComparison.OrdinalIgnoreCase, WordStart);

        /// <summary>
        /// Whether the span holds one of <paramref name="pieces"/> at a place <paramref name="accept"/> takes (given the
        /// text, the match's index and its length), or a non-ASCII character or <c>\u</c> escape that may spell one.
        /// </summary>
        private bool SpanMayContainWhere(TextSpan span, string[] pieces, StringComparison comparison, Func<string, int, int, bool> accept)
        {
            if (SpanMayContain(span, NoPieces, StringComparison.Ordinal))
            {
                return true;
            }

            var text = TextOf(span, out var start);
            var end = Math.Min(start + span.Length, text.Length);
            foreach (var piece in pieces)
            {
                for (var at = start; at < end;)
                {
                    var found = text.IndexOf(piece, at, end - at, comparison);
                    if (found < 0)
                    {
                        break;
                    }

                    if (accept(text, found, piece.Length))
                    {
                        return true;
                    }

                    at = found + 1;
                }
            }

            return false;
        }

        private static readonly Func<string, int, int, bool> WholeName = IsWholeName;
        private static readonly Func<string, int, int, bool> WordStart = (text, index, length) => IsWordStart(text, index);

        private static bool IsWholeName(string text, int index, int length)
        {
            var after = index + length;
            return (index == 0 || !IsNamePart(text[index - 1])) && (after >= text.Length || !IsNamePart(text[after]));
        }

        private static bool IsWordStart(string text, int index)
        {
            if (index == 0 || !IsNamePart(text[index - 1]) || text[index - 1] == '_')
            {
                return true;
            }

            var first = text[index];
            var before = text[index - 1];
            if (!char.IsUpper(first))
            {
                return false;
            }

            return !char.IsUpper(before) || index + 1 < text.Length && char.IsLower(text[index + 1]);
        }

        private static readonly string[] NoPieces = new string[0];

        private static bool IsNamePart(char c) => c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c > 0x7F;

        /// <summary>
        /// The positions (ascending) of every occurrence of <paramref name="pieces"/> in the text, matched as
        /// case-insensitive substrings: where a rule's own name test outside the universe may hold. Meaningless when
        /// <see cref="IsEverything"/> (a <c>\u</c> escape may spell a piece anywhere).
        /// </summary>
        public List<int> PositionsOf(string[] pieces) => PositionsOf(pieces, wordStartsOnly: false);

        /// <summary>
        /// As <see cref="PositionsOf(string[])"/>; with <paramref name="wordStartsOnly"/>, only the places where a piece
        /// may begin a word part of a name as <see cref="IdentifierWords"/> splits it (<c>lockPath</c>, <c>IOLock</c>,
        /// <c>_pid</c>, not <c>Block</c>, <c>clock</c>, <c>Release</c>), and not the <c>lock</c> statement's keyword.
        /// A name whose word part is a lock word holds it at such a place, so nothing a lock-name test accepts is lost.
        /// </summary>
        public List<int> PositionsOf(string[] pieces, bool wordStartsOnly)
        {
            var text = TextOf(new TextSpan(0, _sourceText?.Length ?? _text?.Length ?? 0), out var start);
            var positions = new List<int>();
            foreach (var piece in pieces)
            {
                for (var at = text.IndexOf(piece, start, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(piece, at + 1, StringComparison.OrdinalIgnoreCase))
                {
                    if (!wordStartsOnly || MayStartWordPart(text, start, at, piece.Length))
                    {
                        positions.Add(at - start);
                    }
                }
            }

            positions.Sort();
            return positions;
        }

        /// <summary>
        /// Whether the match at <paramref name="at"/> may begin a word part: the rules of <see cref="IdentifierWords.Split"/>
        /// read on the characters around it. Anything beyond ASCII is let through for the exact test to decide.
        /// </summary>
        private static bool MayStartWordPart(string text, int start, int at, int length)
        {
            var c = text[at];
            if (at == start || c > 0x7F)
            {
                return true;
            }

            var previous = text[at - 1];
            if (previous > 0x7F)
            {
                return true;
            }

            if (!IdentifierWords.IsAsciiLetterOrDigit(previous))
            {
                // The lock statement's keyword: "lock" in lower case standing alone (a name spelled so needs an '@').
                var end = at + length;
                var alone = end >= text.Length || text[end] <= 0x7F && !IdentifierWords.IsAsciiLetterOrDigit(text[end]) && text[end] != '_';
                return !(length == 4 && previous != '@' && alone && string.CompareOrdinal(text, at, "lock", 0, 4) == 0);
            }

            // A character beyond ASCII after the match may be a lower-case letter that ends an acronym: let it through.
            var next = at + 1 < text.Length ? text[at + 1] : '\0';
            return next > 0x7F || IdentifierWords.BeginsPart(previous, c, next);
        }

        private static TextHits Read(SyntaxTree tree)
        {
            if (!tree.TryGetText(out var sourceText))
            {
                sourceText = tree.GetText(CancellationToken.None);
            }

            var text = sourceText.ToString();
            var hits = Scan(text, tree);

            // Keep the text only when it is the source text's own string (a StringText hands out the same one each time);
            // a large file's text is built anew by ToString, and keeping that copy would double its memory for the tree's life.
            hits._text = ReferenceEquals(text, sourceText.ToString()) ? text : null;
            hits._sourceText = sourceText;
            return hits;
        }

        /// <summary>Whether the tree's text may mention one of the words in <paramref name="mask"/> anywhere.</summary>
        public bool MayMentionAny(ulong mask) => (_treeMask & mask) != 0;

        public int PositionAt(int index) => _positions[index];

        /// <summary>The one-bit mask of the word that hit number <paramref name="index"/> found.</summary>
        public ulong MaskAt(int index) => 1UL << _ids[index];

        /// <summary>Whether the text in <paramref name="span"/> may mention one of the words in <paramref name="mask"/>.</summary>
        public bool MayMention(TextSpan span, ulong mask)
        {
            if (IsEverything)
            {
                return true;
            }

            for (var i = FirstAtOrAfter(span.Start); i < _positions.Length && _positions[i] < span.End; i++)
            {
                if ((mask & (1UL << _ids[i])) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The index of the first hit at or after <paramref name="position"/>.</summary>
        public int FirstAtOrAfter(int position) => FirstAtOrAfter(_positions, position);

        /// <summary>The index of the first of the <paramref name="ascending"/> positions at or after <paramref name="position"/>.</summary>
        public static int FirstAtOrAfter(IReadOnlyList<int> ascending, int position)
        {
            int low = 0, high = ascending.Count;
            while (low < high)
            {
                var mid = (low + high) >> 1;
                if (ascending[mid] < position)
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

        // Reused per thread: a scan's hits are copied out into arrays of the right size, so the growing lists are no garbage.
        [ThreadStatic]
        private static List<int>? t_positions;

        [ThreadStatic]
        private static List<byte>? t_ids;

        /// <summary>
        /// Scans <paramref name="text"/>. A <c>\u</c> escape or a formatting character changes the value of a name or
        /// keyword it sits in, so it makes the whole tree pass, unless <paramref name="tree"/> (the text's tree) shows it
        /// inside a string or character literal, a comment or other trivia, where it changes no name.
        /// </summary>
        internal static TextHits Scan(string text, SyntaxTree? tree = null)
        {
            var positions = t_positions ??= new List<int>();
            var ids = t_ids ??= new List<byte>();
            var lockParts = t_lockParts ??= new List<int>();
            positions.Clear();
            ids.Clear();
            lockParts.Clear();
            var lockStarts = LockWordStarts;
            var classes = Classes;
            var length = text.Length;
            var hasNonAscii = false;
            var hasEscape = false;
            var i = 0;
            while (i < length)
            {
                int c = text[i];
                if (c >= 0x80)
                {
                    hasNonAscii = true;
                    if (!IsOtherIdentifierPart((char)c))
                    {
                        i++;
                    }
                    else if (!SkipOtherIdentifier(text, ref i))
                    {
                        if (!ChangesNoName(tree, i))
                        {
                            return Everything(text);
                        }

                        hasEscape = true;
                        i++;
                    }

                    continue;
                }

                switch (classes[c])
                {
                    case Start:
                    case Marker:
                        var start = i++;
                        int d = 0;
                        int cls;
                        if (lockStarts[c] != 0)
                        {
                            AddLockWordParts(text, start, lockParts);
                        }
                        else if (c == '_')
                        {
                            AddLockWordPartsAfter(text, start, lockParts);
                        }

                        while (i < length && (d = text[i]) < 0x80 && (uint)((cls = classes[d]) - Start) <= Digit - Start)
                        {
                            if (cls != Start)
                            {
                                // A lock word begins a word part of a name: at its start, at a capital, or after '_' or a
                                // digit (a small letter after a letter continues a part).
                                if (cls == Marker && d != '_')
                                {
                                    AddLockWordParts(text, i, lockParts);
                                }
                                else
                                {
                                    AddLockWordPartsAfter(text, i, lockParts);
                                }
                            }

                            i++;
                        }

                        if (i < length && d >= 0x80 && IsOtherIdentifierPart((char)d))
                        {
                            // A non-ASCII identifier: never one of the (ASCII) words, unless formatting characters
                            // (dropped from its value) hide one.
                            hasNonAscii = true;
                            if (!SkipOtherIdentifier(text, ref i))
                            {
                                if (!ChangesNoName(tree, i))
                                {
                                    return Everything(text);
                                }

                                hasEscape = true;
                                i++;
                            }

                            continue;
                        }

                        var runLength = i - start;
                        if (runLength >= MinLength && runLength <= MaxLength && c >= 64 && ((FirstLetters >> (c - 64)) & 1) != 0)
                        {
                            var id = Lookup(text, start, runLength);
                            if (id >= 0)
                            {
                                positions.Add(start);
                                ids.Add((byte)id);
                            }
                        }
                        else if (runLength == 3 && c == 'n' && text[start + 1] == 'e' && text[start + 2] == 'w')
                        {
                            if (!FollowedByTypeName(text, i))
                            {
                                positions.Add(start);
                                ids.Add(NewId);
                            }
                        }
                        else if (runLength == 3 && c == 'f' && text[start + 1] == 'o' && text[start + 2] == 'r')
                        {
                            positions.Add(start);
                            ids.Add(ForId);
                        }
                        else if (runLength == 2 && c == 'd' && text[start + 1] == 'o')
                        {
                            positions.Add(start);
                            ids.Add(DoId);
                        }

                        break;
                    case Digit:
                        // A number (1e10, 0x1F, 10UL): its letters start no identifier.
                        i++;
                        while (i < length && (d = text[i]) < 0x80 && (uint)(classes[d] - Start) <= Digit - Start)
                        {
                            i++;
                        }

                        break;
                    case Backslash:
                        if (i + 1 < length && (text[i + 1] == 'u' || text[i + 1] == 'U'))
                        {
                            if (!ChangesNoName(tree, i))
                            {
                                return Everything(text);
                            }

                            hasEscape = true;
                        }

                        i++;
                        break;
                    case Slash:
                        i = i + 1 < length && text[i + 1] == '/' && OnlyWhiteSpaceBefore(text, i) ? EndOfCommentLine(text, i) : i + 1;
                        break;
                    default:
                        // The rest of a run of spaces and punctuation, without going back through the switch.
                        i++;
                        while (i < length && (d = text[i]) < 0x80 && classes[d] == Other)
                        {
                            i++;
                        }

                        break;
                }
            }

            return new TextHits(text, positions.ToArray(), ids.ToArray(), everything: false, hasNonAscii, hasEscape, hasNonAscii || hasEscape ? null : lockParts.ToArray());
        }

        [ThreadStatic]
        private static List<int>? t_lockParts;

        // Non-zero for the ASCII letters a lock word piece begins with, in either case.
        private static readonly byte[] LockWordStarts = BuildLockWordStarts();

        // The lock word pieces by their first letter (small): a capital asks only its own.
        private static readonly string[][] PiecesByFirstLetter = BuildPiecesByFirstLetter();

        private static string[][] BuildPiecesByFirstLetter()
        {
            var byLetter = new string[128][];
            for (var c = 0; c < 128; c++)
            {
                byLetter[c] = Array.FindAll(PrefilterWords.LockWordPieces, piece => piece[0] == c);
            }

            return byLetter;
        }

        private static byte[] BuildLockWordStarts()
        {
            var starts = new byte[128];
            foreach (var piece in PrefilterWords.LockWordPieces)
            {
                starts[char.ToLowerInvariant(piece[0])] = 1;
                starts[char.ToUpperInvariant(piece[0])] = 1;
            }

            return starts;
        }

        /// <summary>At a '_' or digit inside a name: the lock word pieces a small letter after it begins (a capital is a marker of its own).</summary>
        private static void AddLockWordPartsAfter(string text, int at, List<int> parts)
        {
            var next = at + 1;
            if (next < text.Length && text[next] >= 'a' && text[next] <= 'z' && LockWordStarts[text[next]] != 0)
            {
                AddLockWordParts(text, next, parts);
            }
        }

        /// <summary>
        /// Adds <paramref name="at"/> once for each lock word piece that the text holds there (ignoring case), where a
        /// word part may begin. A piece never runs past the name: the character after a name is no ASCII letter.
        /// </summary>
        private static void AddLockWordParts(string text, int at, List<int> parts)
        {
            foreach (var piece in PiecesByFirstLetter[text[at] | 0x20])
            {
                if (at + piece.Length > text.Length)
                {
                    continue;
                }

                // Setting bit 5 lowers an ASCII capital and makes no other character a small letter.
                var k = 0;
                while (k < piece.Length && (text[at + k] | 0x20) == piece[k])
                {
                    k++;
                }

                if (k == piece.Length && MayStartWordPart(text, 0, at, piece.Length))
                {
                    parts.Add(at);
                }
            }
        }

        // A '"' or '*' may end a verbatim or raw string or a block comment on the line, a '{' open a hole: code may follow.
        private static readonly char[] MayPutCodeOnLine = { '{', '"', '*' };

        /// <summary>Whether only white space (space, tab, vertical tab, form feed) stands between the start of <paramref name="i"/>'s line and it.</summary>
        private static bool OnlyWhiteSpaceBefore(string text, int i)
        {
            for (var j = i - 1; j >= 0; j--)
            {
                var c = text[j];
                if (c != ' ' && c != '\t' && c != '\v' && c != '\f')
                {
                    return SourceLines.IsLineBreak(c);
                }
            }

            return true;
        }

        /// <summary>
        /// At a <c>//</c> that begins its line (after white space): where the scan goes on. The line is a comment, or
        /// inside a block comment, a multi-line verbatim or raw string, a hole of an interpolated string, or disabled
        /// code, and none of these holds a name the rules look for, unless the line also ends a block comment or a
        /// string (a <c>*</c> or <c>"</c>), or opens a hole (<c>{</c>): then only the slash is passed.
        /// </summary>
        private static int EndOfCommentLine(string text, int i)
        {
            var end = text.IndexOfAny(SourceLines.LineBreaks, i);
            if (end < 0)
            {
                end = text.Length;
            }

            return text.IndexOfAny(MayPutCodeOnLine, i, end - i) < 0 ? end : i + 1;
        }

        private static TextHits Everything(string text) => new TextHits(text, Array.Empty<int>(), Array.Empty<byte>(), everything: true, hasNonAscii: true, hasEscape: true);

        /// <summary>
        /// Whether the character at <paramref name="position"/> is in a string or character literal or in trivia
        /// (comments, disabled code, directives): places where no rule looks for a name. Without a tree, nothing is known.
        /// </summary>
        private static bool ChangesNoName(SyntaxTree? tree, int position)
        {
            if (tree == null)
            {
                return false;
            }

            var token = tree.GetRoot().FindToken(position);
            if (!token.Span.Contains(position))
            {
                return true;
            }

            switch ((SyntaxKind)token.RawKind)
            {
                case SyntaxKind.StringLiteralToken:
                case SyntaxKind.Utf8StringLiteralToken:
                case SyntaxKind.CharacterLiteralToken:
                case SyntaxKind.InterpolatedStringTextToken:
                case SyntaxKind.SingleLineRawStringLiteralToken:
                case SyntaxKind.MultiLineRawStringLiteralToken:
                case SyntaxKind.Utf8SingleLineRawStringLiteralToken:
                case SyntaxKind.Utf8MultiLineRawStringLiteralToken:
                    return true;
                default:
                    return false;
            }
        }

        private static byte[] BuildClasses()
        {
            var classes = new byte[128];
            for (var c = 0; c < 128; c++)
            {
                if (c == '_' || (c >= 'A' && c <= 'Z' && Array.Exists(PrefilterWords.LockWordPieces, piece => char.ToUpperInvariant(piece[0]) == c)))
                {
                    classes[c] = Marker;
                }
                else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                {
                    classes[c] = Start;
                }
                else if (c >= '0' && c <= '9')
                {
                    classes[c] = Digit;
                }
                else if (c == '/')
                {
                    classes[c] = Slash;
                }
                else if (c == '\\')
                {
                    classes[c] = Backslash;
                }
            }

            return classes;
        }

        private static int[] BuildTable(out int minLength, out int maxLength, out ulong firstLetters)
        {
            if (Universe.Length > 64)
            {
                throw new InvalidOperationException("PrefilterWords.Universe holds more than 64 words.");
            }

            var table = new int[TableSize];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = -1;
            }

            minLength = int.MaxValue;
            maxLength = 0;
            firstLetters = 0;
            for (var id = 0; id < Universe.Length; id++)
            {
                var word = Universe[id];
                if (id == NewId || id == DoId || id == ForId)
                {
                    continue; // shorter than every other word: found by their own tests
                }

                minLength = Math.Min(minLength, word.Length);
                maxLength = Math.Max(maxLength, word.Length);
                firstLetters |= 1UL << (word[0] - 64);
                var slot = Hash(word, 0, word.Length) & (TableSize - 1);
                while (table[slot] >= 0)
                {
                    slot = (slot + 1) & (TableSize - 1);
                }

                table[slot] = id;
            }

            return table;
        }

        // The length and three letters tell the words apart well enough for a sparse table; only a hit is compared in full.
        private static int Hash(string text, int start, int length) =>
            unchecked((((length * 31) + text[start]) * 31 + text[start + length - 1]) * 31 + text[start + (length >> 1)]);

        private static int Lookup(string text, int start, int length)
        {
            for (var slot = Hash(text, start, length) & (TableSize - 1); ; slot = (slot + 1) & (TableSize - 1))
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

        /// <summary>Skips an identifier run with non-ASCII characters; false if it holds a formatting character.</summary>
        private static bool SkipOtherIdentifier(string text, ref int i)
        {
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c < 0x80)
                {
                    if ((uint)(Classes[c] - Start) > Digit - Start)
                    {
                        break;
                    }

                    continue;
                }

                if (!IsOtherIdentifierPart(c))
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

            return i < text.Length && (text[i] < 0x80 ? (uint)(Classes[text[i]] - Start) <= Marker - Start || text[i] == '@' : IsOtherIdentifierPart(text[i]));
        }
    }
}
