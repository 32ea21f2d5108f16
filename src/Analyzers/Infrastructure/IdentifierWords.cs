using System;
using System.Collections.Generic;
using System.Text;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>Splits identifiers into lower-case word parts: camelCase, PascalCase, ACRONYMWord, snake_case, kebab-case, digits.</summary>
    internal static class IdentifierWords
    {
        public static List<string> Split(string identifier)
        {
            var words = new List<string>(4);
            var current = new StringBuilder(identifier.Length);
            for (var i = 0; i < identifier.Length; i++)
            {
                var c = identifier[i];
                if (!char.IsLetterOrDigit(c))
                {
                    Flush(words, current);
                    continue;
                }

                if (current.Length > 0 && BeginsPart(identifier[i - 1], c, i + 1 < identifier.Length ? identifier[i + 1] : '\0'))
                {
                    Flush(words, current);
                }

                current.Append(char.ToLowerInvariant(c));
            }

            Flush(words, current);
            return words;
        }

        /// <summary>
        /// Whether a word part of <paramref name="identifier"/> is in <paramref name="words"/> (compared ignoring case), as
        /// testing each part <see cref="Split"/> gives would say, without allocating; null when the identifier has a
        /// character beyond ASCII (case mapping is then <see cref="Split"/>'s business).
        /// </summary>
        public static bool? AnyAsciiPartIn(string identifier, string[] words)
        {
            var start = -1;
            for (var i = 0; i <= identifier.Length; i++)
            {
                var c = i < identifier.Length ? identifier[i] : '\0';
                if (c > 0x7F)
                {
                    return null;
                }

                var letterOrDigit = IsAsciiLetterOrDigit(c);
                var ends = !letterOrDigit || start >= 0 && BeginsPart(identifier[i - 1], c, i + 1 < identifier.Length ? identifier[i + 1] : '\0');
                if (ends && start >= 0)
                {
                    foreach (var word in words)
                    {
                        if (word.Length == i - start && string.Compare(identifier, start, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0)
                        {
                            return true;
                        }
                    }

                    start = -1;
                }

                if (letterOrDigit && start < 0)
                {
                    start = i;
                }
            }

            return false;
        }

        public static bool IsAsciiLetterOrDigit(char c) => c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';

        /// <summary>
        /// Whether <paramref name="c"/> begins a new word part after <paramref name="previous"/>, a letter or digit of the
        /// same name (<paramref name="next"/> follows it, or is '\0'): lower to upper case (lockPath), the end of an
        /// acronym (IOLock), or a change between digits and letters (lock2File).
        /// </summary>
        public static bool BeginsPart(char previous, char c, char next)
        {
            var lowerToUpper = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous));
            var acronymEnd = char.IsUpper(c) && char.IsUpper(previous) && char.IsLower(next);
            var digitBoundary = char.IsDigit(c) != char.IsDigit(previous);
            return lowerToUpper || acronymEnd || digitBoundary;
        }

        private static void Flush(List<string> words, StringBuilder current)
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
