using System.Globalization;

namespace LockAnalyzers.TestHelper;

/// <summary>"role key=value key=value" command lines.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public Args(string[] argv)
    {
        Role = argv.Length > 0 ? argv[0] : "";
        foreach (var arg in argv.Skip(1))
        {
            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                values[arg[..eq]] = arg[(eq + 1)..];
            }
        }
    }

    public string Role { get; }

    public string Str(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing argument {key}=");

    public string? Opt(string key) => values.TryGetValue(key, out var v) ? v : null;

    public int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Ms(string key, double fallbackMs) =>
        TimeSpan.FromMilliseconds(values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallbackMs);
}
