using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.DocGen;

/// <summary>
/// Renders every file that restates <see cref="DiagnosticCatalogue"/>: what is generated is replaced, what people wrote
/// (the README's code-fix column, the body of each rule page) is kept as it is.
/// </summary>
public static class CatalogueFiles
{
    public static readonly IReadOnlyList<string> Modes = new[] { "Default", "Strict", "None" };

    private const string TableHeader = "| ID | Title | Default severity | Code fix |";

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LockAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static IEnumerable<GeneratedFile> Render(string root)
    {
        yield return new GeneratedFile("README.md", Readme(File.ReadAllText(Path.Combine(root, "README.md"))));
        foreach (var rule in DiagnosticCatalogue.All)
        {
            var relative = "docs/rules/" + rule.Id + ".md";
            var path = Path.Combine(root, relative);
            yield return new GeneratedFile(relative, RulePage(rule, File.Exists(path) ? File.ReadAllText(path) : null));
        }

        foreach (var mode in Modes)
        {
            yield return new GeneratedFile("package/build/LockAnalyzers." + mode + ".globalconfig", GlobalConfig(mode));
        }
    }

    public static string Readme(string readme)
    {
        var newline = readme.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = readme.Split(newline).ToList();
        var header = lines.IndexOf(TableHeader);
        if (header < 0 || header + 1 >= lines.Count)
        {
            throw new InvalidOperationException("README.md has no rule table starting with " + TableHeader);
        }

        var end = header + 2;
        while (end < lines.Count && lines[end].StartsWith('|'))
        {
            end++;
        }

        var fixes = lines.Skip(header + 2).Take(end - header - 2)
            .Select(line => line.Split(" | "))
            .Where(cells => cells.Length >= 4)
            .ToDictionary(cells => Regex.Match(cells[0], "LCK[0-9]{3}").Value, cells => string.Join(" | ", cells.Skip(3)).TrimEnd('|', ' '));

        var rows = DiagnosticCatalogue.All.Select(rule =>
            $"| [{rule.Id}](docs/rules/{rule.Id}.md) | {Cell(Title(rule))} | {rule.DefaultSeverity} | {(fixes.TryGetValue(rule.Id, out var fix) ? fix : "No")} |");
        lines.RemoveRange(header + 2, end - header - 2);
        lines.InsertRange(header + 2, rows);
        return string.Join(newline, lines);
    }

    public static string RulePage(DiagnosticDescriptor rule, string? page)
    {
        var title = $"# {rule.Id}: {Title(rule)}";
        if (page == null)
        {
            return $"{title}\n\n| | |\n|---|---|\n| Category | {rule.Category} |\n| Default severity | {rule.DefaultSeverity} |\n\n## What it flags\n\n{rule.Description}\n";
        }

        var newline = page.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = page.Split(newline);
        lines[0] = title;

        // Only the header table (the first table of the page) restates the catalogue.
        for (var i = 1; i < lines.Length && (lines[i].Length == 0 || lines[i].StartsWith('|')); i++)
        {
            if (lines[i].StartsWith("| Category |", StringComparison.Ordinal))
            {
                lines[i] = $"| Category | {rule.Category} |";
            }
            else if (lines[i].StartsWith("| Default severity |", StringComparison.Ordinal))
            {
                lines[i] = $"| Default severity | {rule.DefaultSeverity} |";
            }
        }

        return string.Join(newline, lines);
    }

    /// <summary>
    /// The severity presets set the whole category, never a rule ID: an ID entry would outrank a user's own
    /// category line, and the lowest global level lets every configuration of the user's win over the preset.
    /// </summary>
    public static string GlobalConfig(string mode)
    {
        var sb = new StringBuilder();
        sb.Append("# Generated from DiagnosticCatalogue by tools/DocGen (dotnet run --project tools/DocGen); do not edit.\n");
        sb.Append("# LockAnalysisMode=").Append(mode).Append(": ").Append(mode switch
        {
            "Strict" => "every lock rule is an error.",
            "None" => "every lock rule is off.",
            _ => "every lock rule keeps its default severity.",
        }).Append('\n');
        sb.Append("# An .editorconfig or .globalconfig of the project overrides this file, rule by rule or for the category.\n");
        sb.Append("is_global = true\n");
        sb.Append("global_level = -100\n\n");
        foreach (var rule in DiagnosticCatalogue.All)
        {
            sb.Append("# ").Append(rule.Id).Append(": ").Append(Title(rule)).Append(" (default: ").Append(rule.DefaultSeverity.ToString().ToLowerInvariant()).Append(")\n");
        }

        var severity = mode switch { "Strict" => "error", "None" => "none", _ => null };
        if (severity != null)
        {
            sb.Append('\n').Append("dotnet_analyzer_diagnostic.category-").Append(DiagnosticCatalogue.Category).Append(".severity = ").Append(severity).Append('\n');
        }

        return sb.ToString();
    }

    private static string Title(DiagnosticDescriptor rule) => rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
