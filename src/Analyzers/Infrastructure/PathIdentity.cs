using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// "The same path": the same local, parameter, field or property, or failing that an expression with the same
    /// text once white space is ignored. Rules use it to pair a delete with a create, or a check with a write.
    /// </summary>
    internal static class PathIdentity
    {
        public static string? KeyOf(IOperation? path)
        {
            if (path == null)
            {
                return null;
            }

            var unwrapped = LockPathRecognizer.Unwrap(path);
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
