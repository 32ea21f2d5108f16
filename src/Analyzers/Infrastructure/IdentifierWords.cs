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

                if (current.Length > 0)
                {
                    var prev = identifier[i - 1];
                    var next = i + 1 < identifier.Length ? identifier[i + 1] : '\0';
                    var lowerToUpper = char.IsUpper(c) && (char.IsLower(prev) || char.IsDigit(prev));
                    var acronymEnd = char.IsUpper(c) && char.IsUpper(prev) && char.IsLower(next);
                    var digitBoundary = char.IsDigit(c) != char.IsDigit(prev);
                    if (lowerToUpper || acronymEnd || digitBoundary)
                    {
                        Flush(words, current);
                    }
                }

                current.Append(char.ToLowerInvariant(c));
            }

            Flush(words, current);
            return words;
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
