using System.Collections.Concurrent;

namespace LockAnalyzers.TestHelper;

/// <summary>Lines the test host writes to the child's stdin ("release", "leave", "exit"), read on a background thread.</summary>
internal static class Commands
{
    private static readonly BlockingCollection<string> Lines = Start();

    public static bool TryTake(out string line, TimeSpan wait) => Lines.TryTake(out line!, wait);

    public static string? WaitFor(TimeSpan wait, params string[] accepted)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            if (TryTake(out var line, deadline - DateTime.UtcNow) && accepted.Contains(line))
            {
                return line;
            }
        }

        return null;
    }

    private static BlockingCollection<string> Start()
    {
        var lines = new BlockingCollection<string>();
        var thread = new Thread(() =>
        {
            string? line;
            while ((line = Console.In.ReadLine()) != null)
            {
                lines.Add(line.Trim());
            }

            lines.Add("eof");
        })
        { IsBackground = true, Name = "stdin" };
        thread.Start();
        return lines;
    }
}
