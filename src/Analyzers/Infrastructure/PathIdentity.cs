using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// "The same path": the same local, parameter, field or property, or failing that an expression with the same
    /// text once white space is ignored. Rules use it to pair a delete with a create, or a check with a write. The
    /// overloads that take <see cref="KnownSymbols"/> first follow a FileInfo operand back to the path it was built
    /// from (<see cref="FileCalls.PathOfFileInfo"/>), so <c>new FileInfo(p).Delete()</c> and <c>File.Create(p)</c> agree.
    /// </summary>
    internal static class PathIdentity
    {
        /// <summary>The key of the file a path operand names, with FileInfo operands followed back to their path.</summary>
        public static string? KeyOf(IOperation? path, KnownSymbols symbols) => KeyOf(FileCalls.PathOfFileInfo(path, symbols));

        /// <summary>Whether two path operands name the same file, with FileInfo operands followed back to their path.</summary>
        public static bool Same(IOperation? a, IOperation? b, KnownSymbols symbols)
        {
            var ka = KeyOf(a, symbols);
            return ka != null && ka == KeyOf(b, symbols);
        }

        /// <summary>The key of a path operand as written.</summary>
        public static string? KeyOf(IOperation? path)
        {
            if (path == null)
            {
                return null;
            }

            var unwrapped = path.Unwrap();
            switch (unwrapped)
            {
                case ILocalReferenceOperation local:
                    return "local:" + local.Local.Name + "@" + local.Local.Locations.FirstOrDefaultSpan();
                case IParameterReferenceOperation parameter:
                    return "param:" + parameter.Parameter.Name;
                case IFieldReferenceOperation field when field.Instance == null || field.Instance is IInstanceReferenceOperation:
                    return "field:" + field.Field.ToDisplayString();
                case IPropertyReferenceOperation property when property.Instance == null || property.Instance is IInstanceReferenceOperation:
                    return "prop:" + property.Property.ToDisplayString();
                default:
                    return "text:" + Normalize(unwrapped.Syntax.ToString());
            }
        }

        /// <summary>Whether two path operands, as written, name the same file.</summary>
        public static bool Same(IOperation? a, IOperation? b)
        {
            var ka = KeyOf(a);
            return ka != null && ka == KeyOf(b);
        }

        private static string FirstOrDefaultSpan(this System.Collections.Immutable.ImmutableArray<Location> locations) =>
            locations.Length > 0 ? locations[0].SourceSpan.Start.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

        private static string Normalize(string text)
        {
            var builder = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    builder.Append(c);
                }
            }

            var s = builder.ToString();
            return s.StartsWith("this.", System.StringComparison.Ordinal) ? s.Substring(5) : s;
        }
    }
}
