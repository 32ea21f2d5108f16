using System.Globalization;
using LockAnalyzers.Baseline;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Cli;

/// <summary>The report for a person: findings grouped by rule with a code frame each, then a summary table.</summary>
internal static class ConsoleReport
{
    public static void Write(TextWriter output, IReadOnlyList<Finding> findings, IReadOnlySet<string> fixable, string currentDirectory)
    {
        foreach (var group in findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rule = DiagnosticCatalogue.All.First(d => d.Id == group.Key);
            output.WriteLine($"{group.Key}: {rule.Title} ({Count(group.Count(), "finding")})  {rule.HelpLinkUri}");
            foreach (var finding in group)
            {
                output.WriteLine($"  {DisplayPath(finding.FullPath, currentDirectory)}:{finding.Start.Line + 1}:{finding.Start.Character + 1}: {finding.Diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                WriteFrame(output, finding);
            }

            output.WriteLine();
        }

        WriteSummary(output, findings, fixable);
    }

    public static void WriteFixed(TextWriter output, IReadOnlyList<BaselineEntry> fixedEntries)
    {
        if (fixedEntries.Count == 0)
        {
            return;
        }

        output.WriteLine($"Fixed since the baseline ({Count(fixedEntries.Sum(e => e.Count), "entry", "entries")}; rewrite it with --write-baseline to drop them):");
        foreach (var entry in fixedEntries)
        {
            var times = entry.Count > 1 ? $" (x{entry.Count})" : "";
            output.WriteLine($"  {entry.Key.RuleId} {entry.Key.Path} {entry.Key.Member}{times}: {entry.Code}");
        }

        output.WriteLine();
    }

    public static string DisplayPath(string path, string currentDirectory)
    {
        var relative = Path.GetRelativePath(currentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    public static string Count(int n, string singular, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");

    private static void WriteFrame(TextWriter output, Finding finding)
    {
        if (finding.Text == null)
        {
            return;
        }

        var lines = finding.Text.Lines;
        var line = finding.Start.Line;
        var first = Math.Max(0, line - 1);
        var last = Math.Min(lines.Count - 1, line + 1);
        var width = (last + 1).ToString(CultureInfo.InvariantCulture).Length;
        for (var i = first; i <= last; i++)
        {
            var text = lines[i].ToString().Replace('\t', ' ');
            if (text.Length > 160)
            {
                text = text[..160] + "…";
            }

            output.WriteLine($"    {(i == line ? ">" : " ")} {(i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)} | {text}");
        }
    }

    private static void WriteSummary(TextWriter output, IReadOnlyList<Finding> findings, IReadOnlySet<string> fixable)
    {
        var rows = findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Rule: g.Key, Title: DiagnosticCatalogue.All.First(d => d.Id == g.Key).Title.ToString(CultureInfo.InvariantCulture), Count: g.Count().ToString(CultureInfo.InvariantCulture), Fix: fixable.Contains(g.Key) ? "yes" : "no"))
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var header = (Rule: "Rule", Title: "Title", Count: "Count", Fix: "Fix available");
        var titleWidth = rows.Max(r => r.Title.Length);
        var countWidth = Math.Max(header.Count.Length, rows.Max(r => r.Count.Length));
        output.WriteLine($"{header.Rule,-6}  {header.Title.PadRight(titleWidth)}  {header.Count.PadLeft(countWidth)}  {header.Fix}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Rule,-6}  {row.Title.PadRight(titleWidth)}  {row.Count.PadLeft(countWidth)}  {row.Fix}");
        }

        output.WriteLine();
    }
}
