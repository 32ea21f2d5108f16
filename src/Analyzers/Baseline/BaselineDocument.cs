using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LockAnalyzers.Baseline
{
    /// <summary>
    /// The baseline file, <c>lockanalyzers.baseline.json</c>: the accepted findings of an existing code base, written
    /// by <c>lockanalyzers audit --write-baseline</c> and honoured by the CLI (<c>--baseline</c>) and, listed as an
    /// AdditionalFiles item, by the build.
    /// </summary>
    public sealed class BaselineDocument
    {
        public const string FileName = "lockanalyzers.baseline.json";

        public const int FormatVersion = 1;

        public BaselineDocument(IReadOnlyList<BaselineEntry> entries)
        {
            Entries = entries;
        }

        public IReadOnlyList<BaselineEntry> Entries { get; }

        /// <summary>Reads a baseline; a file that is not one throws <see cref="BaselineFormatException"/> naming what is wrong and where.</summary>
        public static BaselineDocument Parse(string text)
        {
            if (!(BaselineJson.Parse(text) is Dictionary<string, object?> root))
            {
                throw new BaselineFormatException("the baseline must be a JSON object with \"version\" and \"entries\"");
            }

            if (!root.TryGetValue("version", out var version) || !(version is double v) || v != FormatVersion)
            {
                throw new BaselineFormatException($"\"version\" must be {FormatVersion}");
            }

            if (!root.TryGetValue("entries", out var list) || !(list is List<object?> items))
            {
                throw new BaselineFormatException("\"entries\" must be an array");
            }

            var entries = new List<BaselineEntry>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (!(items[i] is Dictionary<string, object?> item))
                {
                    throw new BaselineFormatException($"entries[{i}] must be an object");
                }

                string Text(string name, bool required = true) =>
                    item.TryGetValue(name, out var value) && value is string s ? s
                    : required ? throw new BaselineFormatException($"entries[{i}].{name} must be a string") : string.Empty;

                var count = 1;
                if (item.TryGetValue("count", out var c))
                {
                    if (!(c is double d) || d < 1 || d > int.MaxValue || d != Math.Floor(d))
                    {
                        throw new BaselineFormatException($"entries[{i}].count must be a positive whole number");
                    }

                    count = (int)d;
                }

                entries.Add(new BaselineEntry(new FindingKey(Text("rule"), Text("path"), Text("member"), Text("fingerprint")), count, Text("code", required: false)));
            }

            return new BaselineDocument(entries);
        }

        /// <summary>The file's text: entries in a stable order, so a rewritten baseline diffs only where findings changed.</summary>
        public string ToJson()
        {
            var sb = new StringBuilder();
            sb.Append("{\n  \"version\": ").Append(FormatVersion.ToString(CultureInfo.InvariantCulture)).Append(",\n  \"entries\": [");
            var first = true;
            foreach (var entry in Entries
                .OrderBy(e => e.Key.Path, StringComparer.Ordinal)
                .ThenBy(e => e.Key.RuleId, StringComparer.Ordinal)
                .ThenBy(e => e.Key.Member, StringComparer.Ordinal)
                .ThenBy(e => e.Key.Fingerprint, StringComparer.Ordinal))
            {
                sb.Append(first ? "\n" : ",\n");
                first = false;
                sb.Append("    { \"rule\": ").Append(BaselineJson.Quote(entry.Key.RuleId))
                  .Append(", \"path\": ").Append(BaselineJson.Quote(entry.Key.Path))
                  .Append(", \"member\": ").Append(BaselineJson.Quote(entry.Key.Member))
                  .Append(", \"fingerprint\": ").Append(BaselineJson.Quote(entry.Key.Fingerprint))
                  .Append(", \"count\": ").Append(entry.Count.ToString(CultureInfo.InvariantCulture))
                  .Append(", \"code\": ").Append(BaselineJson.Quote(entry.Code))
                  .Append(" }");
            }

            sb.Append(first ? "]\n}\n" : "\n  ]\n}\n");
            return sb.ToString();
        }

        /// <summary>A baseline accepting every one of <paramref name="findings"/>.</summary>
        public static BaselineDocument From(IEnumerable<(FindingKey Key, string Code)> findings) =>
            new BaselineDocument(findings
                .GroupBy(f => f.Key)
                .Select(g => new BaselineEntry(g.Key, g.Count(), g.First().Code))
                .ToList());
    }
}
