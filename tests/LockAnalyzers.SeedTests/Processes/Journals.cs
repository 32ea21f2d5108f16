using System.Diagnostics;

namespace LockAnalyzers.SeedTests.Processes;

/// <summary>One journal line of a scenario process, stamped with the machine-wide monotonic clock.</summary>
public sealed record JournalEvent(long Timestamp, int Pid, string Role, string Kind, string Detail)
{
    /// <summary>The round a line belongs to, when its detail starts with the round number.</summary>
    public string Round => Detail.Split(' ', 2)[0];
}

/// <summary>The span a process was inside the critical section: from "enter" to its last sign of life inside.</summary>
public sealed record Inside(int Pid, string Role, string Round, long From, long To, bool Exited);

/// <summary>Reads and merges the per-process journals a scenario wrote, and finds overlapping holders.</summary>
public static class Journals
{
    private static readonly HashSet<string> InsideKinds = new(StringComparer.Ordinal) { "work", "exit", "ownership", "advert" };

    public static IReadOnlyList<JournalEvent> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Array.Empty<JournalEvent>();
        }

        var events = new List<JournalEvent>();
        foreach (var file in Directory.GetFiles(directory, "*.journal"))
        {
            var role = Path.GetFileNameWithoutExtension(file).Split('-')[0];
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length < 3 || !long.TryParse(parts[0], out var ts) || !int.TryParse(parts[1], out var pid))
                {
                    continue; // a line cut short by SIGKILL
                }

                events.Add(new JournalEvent(ts, pid, role, parts[2], parts.Length > 3 ? parts[3] : ""));
            }
        }

        return events.OrderBy(e => e.Timestamp).ToList();
    }

    /// <summary>
    /// Inside spans per process (and per round when <paramref name="byRound"/>). A span ends at the last line the process
    /// wrote while inside: a holder that crashed or stopped working does not count as inside any longer, a holder that
    /// kept writing after someone else entered does.
    /// </summary>
    public static IReadOnlyList<Inside> InsideSpans(IEnumerable<JournalEvent> events, bool byRound)
    {
        var spans = new List<Inside>();
        foreach (var group in events.GroupBy(e => (e.Pid, Round: byRound ? e.Round : "")))
        {
            Inside? open = null;
            foreach (var e in group.OrderBy(e => e.Timestamp))
            {
                if (e.Kind == "enter")
                {
                    if (open != null)
                    {
                        spans.Add(open);
                    }

                    open = new Inside(e.Pid, e.Role, group.Key.Round, e.Timestamp, e.Timestamp, false);
                }
                else if (open != null && InsideKinds.Contains(e.Kind))
                {
                    open = open with { To = e.Timestamp, Exited = e.Kind == "exit" };
                    if (e.Kind == "exit")
                    {
                        spans.Add(open);
                        open = null;
                    }
                }
            }

            if (open != null)
            {
                spans.Add(open);
            }
        }

        return spans;
    }

    /// <summary>Pairs of spans of different processes (in the same round) that were inside at the same time.</summary>
    public static IReadOnlyList<(Inside First, Inside Second)> Overlaps(IReadOnlyList<Inside> spans)
    {
        var overlaps = new List<(Inside, Inside)>();
        for (var i = 0; i < spans.Count; i++)
        {
            for (var j = i + 1; j < spans.Count; j++)
            {
                var a = spans[i];
                var b = spans[j];
                if (a.Pid != b.Pid && a.Round == b.Round && a.From < b.To && b.From < a.To)
                {
                    overlaps.Add((a, b));
                }
            }
        }

        return overlaps;
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
