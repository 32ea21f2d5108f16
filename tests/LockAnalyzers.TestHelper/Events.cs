using System.Globalization;
using System.Text;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// One "@evt NAME k=v ... [msg=rest of line]" line per event on stdout, flushed at once, so the test host can follow a
/// child that may be SIGKILLed at any moment. Values never contain spaces (they are escaped); msg is always last.
/// </summary>
internal static class Events
{
    private static readonly object Gate = new();
    private static readonly TextWriter Out = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };

    public static void Emit(string name, params (string Key, object? Value)[] fields)
    {
        var line = new StringBuilder("@evt ").Append(name);
        line.Append(" pid=").Append(Environment.ProcessId);
        line.Append(" t=").Append(NowMs().ToString("F3", CultureInfo.InvariantCulture));
        string? msg = null;
        foreach (var (key, value) in fields)
        {
            if (key == "msg")
            {
                msg = value?.ToString();
                continue;
            }

            line.Append(' ').Append(key).Append('=').Append(Escape(Format(value)));
        }

        if (msg != null)
        {
            line.Append(" msg=").Append(msg.Replace('\n', ' ').Replace('\r', ' '));
        }

        lock (Gate)
        {
            Out.WriteLine(line.ToString());
        }
    }

    /// <summary>Wall-clock milliseconds since the Unix epoch: comparable across processes on one machine.</summary>
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static (string, object?)[] DescribeException(Exception? ex, string prefix = "")
    {
        if (ex == null)
        {
            return Array.Empty<(string, object?)>();
        }

        var fields = new List<(string, object?)>
        {
            (prefix + "ex", ex.GetType().Name),
            (prefix + "hr", Hex(ex.HResult)),
        };
        if (ex.InnerException is { } inner)
        {
            fields.Add((prefix + "inner", inner.GetType().Name));
            fields.Add((prefix + "innerhr", Hex(inner.HResult)));
        }

        return fields.ToArray();
    }

    public static string Hex(int value) => "0x" + value.ToString("X8", CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "1" : "0",
        double d => d.ToString("F3", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string Escape(string value) => value.Length == 0 ? "\"\"" : value.Replace("%", "%25").Replace(" ", "%20").Replace("\n", "%0A");
}
