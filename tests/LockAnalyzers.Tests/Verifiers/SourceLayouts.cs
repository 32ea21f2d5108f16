using System.Text;

namespace LockAnalyzers.Tests.Verifiers;

/// <summary>Rewrites a four-space, LF test source into a <see cref="SourceLayout"/>; source and expected fix alike.</summary>
public static class SourceLayouts
{
    public static string In(this string source, SourceLayout layout)
    {
        if (layout == SourceLayout.FourSpaces)
        {
            return source;
        }

        if (layout == SourceLayout.Crlf)
        {
            return source.Replace("\r\n", "\n").Replace("\n", "\r\n");
        }

        var result = new StringBuilder(source.Length);
        foreach (var line in source.Split('\n'))
        {
            if (result.Length > 0)
            {
                result.Append('\n');
            }

            var spaces = 0;
            while (spaces < line.Length && line[spaces] == ' ')
            {
                spaces++;
            }

            // A line indented by other than whole levels (a continuation) keeps its spaces.
            var indentation = spaces % 4 != 0
                ? new string(' ', spaces)
                : layout == SourceLayout.Tabs ? new string('\t', spaces / 4) : new string(' ', spaces / 2);
            result.Append(indentation).Append(line, spaces, line.Length - spaces);
        }

        return result.ToString();
    }

    /// <summary>
    /// The line after the one holding <paramref name="marker"/> indented by four spaces a level, <paramref name="levels"/>
    /// deep, in the layouts that indent otherwise: the formatter's layout of a token the fix builds beside elastic trivia.
    /// </summary>
    public static string WithFormatterIndentedLineAfter(this string source, SourceLayout layout, string marker, int levels)
    {
        if (layout != SourceLayout.Tabs && layout != SourceLayout.TwoSpaces)
        {
            return source;
        }

        var lines = source.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal)) + 1;
        lines[index] = new string(' ', 4 * levels) + lines[index].TrimStart(' ', '\t');
        return string.Join('\n', lines);
    }
}
