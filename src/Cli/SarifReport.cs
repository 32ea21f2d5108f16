using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Cli;

/// <summary>
/// SARIF 2.1.0 for code scanning: the tool and its rules (help URIs, descriptions), and results whose physical
/// locations are relative to the <c>SRCROOT</c> base, the audited folder.
/// </summary>
internal static class SarifReport
{
    public const string RootBaseId = "SRCROOT";

    public static void Write(string file, IReadOnlyList<Finding> findings, string root, bool baselined)
    {
        using var stream = File.Create(file);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var rules = DiagnosticCatalogue.All;
        var version = typeof(SarifReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "LockAnalyzers");
        json.WriteString("semanticVersion", version);
        json.WriteString("informationUri", "https://github.com/lockanalyzers/lockanalyzers");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", PascalName(rule.Title.ToString(CultureInfo.InvariantCulture)));
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Description.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteString("helpUri", rule.HelpLinkUri);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("category", rule.Category);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(RootBaseId);
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var finding in findings)
        {
            var ruleIndex = rules.IndexOf(rules.First(r => r.Id == finding.RuleId));
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            json.WriteNumber("ruleIndex", ruleIndex);
            json.WriteString("level", Level(finding.Diagnostic.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Diagnostic.GetMessage(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            var relative = Path.GetRelativePath(root, finding.FullPath);
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                json.WriteString("uri", new Uri(finding.FullPath).AbsoluteUri);
            }
            else
            {
                json.WriteString("uri", RelativeUri(relative));
                json.WriteString("uriBaseId", RootBaseId);
            }

            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", finding.Start.Line + 1);
            json.WriteNumber("startColumn", finding.Start.Character + 1);
            json.WriteNumber("endLine", finding.End.Line + 1);
            json.WriteNumber("endColumn", finding.End.Character + 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("lockanalyzers/v1", finding.KeyRelativeTo(root).Key.Fingerprint);
            json.WriteEndObject();
            if (baselined)
            {
                json.WriteString("baselineState", "new");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    private static string RelativeUri(string relative) =>
        string.Join("/", relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));

    private static string PascalName(string title)
    {
        var sb = new StringBuilder();
        foreach (var word in title.Split(new[] { ' ', '\'', '-', '(', ')' }, StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return sb.ToString();
    }
}
