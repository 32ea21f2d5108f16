using System.Globalization;

namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>One "@evt NAME pid=.. t=.. k=v ... [msg=...]" line of a child.</summary>
public sealed class Evt
{
    private readonly Dictionary<string, string> fields = new(StringComparer.Ordinal);

    private Evt(string child, string name, string line)
    {
        Child = child;
        Name = name;
        Line = line;
    }

    public string Child { get; }

    public string Name { get; }

    public string Line { get; }

    public int Pid => Int("pid");

    /// <summary>Wall-clock ms since the Unix epoch when the child printed it.</summary>
    public double T => Double("t");

    public string this[string key] => fields.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no '{key}' in: {Line}");

    public string? Get(string key) => fields.TryGetValue(key, out var v) ? v : null;

    public int Int(string key) => int.Parse(this[key], CultureInfo.InvariantCulture);

    public long Long(string key) => long.Parse(this[key], CultureInfo.InvariantCulture);

    public double Double(string key) => double.Parse(this[key], CultureInfo.InvariantCulture);

    public bool Flag(string key) => this[key] == "1";

    public static Evt? Parse(string child, string line)
    {
        if (!line.StartsWith("@evt ", StringComparison.Ordinal))
        {
            return null;
        }

        var body = line[5..];
        string? msg = null;
        var msgAt = body.IndexOf(" msg=", StringComparison.Ordinal);
        if (msgAt >= 0)
        {
            msg = body[(msgAt + 5)..];
            body = body[..msgAt];
        }

        var parts = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var evt = new Evt(child, parts[0], line);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq > 0)
            {
                evt.fields[part[..eq]] = Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        if (msg != null)
        {
            evt.fields["msg"] = msg;
        }

        return evt;
    }

    public override string ToString() => $"[{Child}] {Line}";
}
