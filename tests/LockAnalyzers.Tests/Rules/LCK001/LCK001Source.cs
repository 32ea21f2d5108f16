namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>Helpers for LCK001 test sources: the message's line number is read from the source, not counted by hand.</summary>
internal static class LCK001Source
{
    /// <summary>1-based line of the first line containing <paramref name="marker"/> (e.g. "catch (IOException").</summary>
    public static string LineOf(string source, string marker, int occurrence = 1)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal) && --occurrence == 0)
            {
                return (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new ArgumentException($"'{marker}' not found in source");
    }
}
