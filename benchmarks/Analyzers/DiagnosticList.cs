using System.Text;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Benchmarks;

/// <summary>Every LCK diagnostic of a run as tab-separated rows (id, path, line, message), for scoring against a labelled corpus.</summary>
public static class DiagnosticList
{
    public static void Write(string file, string? folder, RunResult run)
    {
        var sb = new StringBuilder();
        sb.Append("id\tpath\tline\tend_line\tmessage\n");
        var rows = run.Diagnostics
            .Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal) && d.Location.IsInSource)
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                var path = folder != null ? Path.GetRelativePath(folder, span.Path) : span.Path;
                return (d.Id, Path: path.Replace('\\', '/'), Line: span.StartLinePosition.Line + 1, EndLine: span.EndLinePosition.Line + 1, Message: d.GetMessage());
            })
            .OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Line).ThenBy(r => r.Id, StringComparer.Ordinal);
        foreach (var r in rows)
        {
            // Tabs and line breaks in a message would split the row.
            var message = r.Message.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
            sb.Append(r.Id).Append('\t').Append(r.Path).Append('\t').Append(r.Line).Append('\t').Append(r.EndLine).Append('\t').Append(message).Append('\n');
        }

        File.WriteAllText(file, sb.ToString());
    }
}
