using System.Globalization;

namespace LockAnalyzers.Runtime.Internal;

/// <summary>Reads the Linux /proc facts that prove a process dead: existence, zombie state, exact start time.</summary>
internal static class ProcFs
{
    private static readonly Lazy<string> s_bootId = new(() => ReadTrimmed("/proc/sys/kernel/random/boot_id"));
    private static readonly Lazy<string> s_pidNamespace = new(() => PidNamespaceOf("self"));
    private static readonly Lazy<long> s_bootTimeUnix = new(ReadBootTime);
    private static readonly Lazy<long> s_clockTicks = new(Native.ClockTicksPerSecond);

    internal static string BootId => s_bootId.Value;

    internal static string PidNamespace => s_pidNamespace.Value;

    internal enum ProcessState
    {
        /// <summary>/proc could not tell (not Linux, unreadable): no proof either way.</summary>
        Unknown,
        Gone,
        Zombie,
        Running,
    }

    /// <summary>State and start time (clock ticks since boot, /proc/PID/stat field 22) of a pid.</summary>
    internal static ProcessState Inspect(int pid, out long startTicks)
    {
        startTicks = 0;
        if (!Native.IsLinux || pid <= 0 || !Directory.Exists("/proc/self"))
        {
            return ProcessState.Unknown;
        }

        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing from /proc is not proof by itself: hidepid=1/2 hides other users' processes. kill(pid, 0)
            // says ESRCH only for a pid that does not exist (EPERM: it exists, we just may not signal it).
            return Native.ProbePid(pid) == 3 /* ESRCH */ ? ProcessState.Gone : ProcessState.Unknown;
        }

        if (!TryParseStat(text, out char state, out startTicks))
        {
            return ProcessState.Unknown;
        }

        return state is 'Z' or 'X' or 'x' ? ProcessState.Zombie : ProcessState.Running;
    }

    /// <summary>Parses /proc/PID/stat. The command name (field 2) may contain spaces and ')', so fields are counted
    /// from the last ')': state is field 3, starttime field 22.</summary>
    internal static bool TryParseStat(string stat, out char state, out long startTicks)
    {
        state = '?';
        startTicks = 0;
        int close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return false;
        }

        string[] fields = stat.Substring(close + 2).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); field 22 is fields[19].
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return false;
        }

        state = fields[0][0];
        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTicks);
    }

    internal static long CurrentStartTicks()
    {
        Inspect(Environment.ProcessId, out long ticks);
        return ticks;
    }

    /// <summary>The wall-clock start of a process from its start ticks and the boot time (btime, 1 s resolution).</summary>
    internal static DateTime? StartTimeUtc(long startTicks)
    {
        long boot = s_bootTimeUnix.Value;
        if (boot <= 0 || startTicks <= 0)
        {
            return null;
        }

        return DateTime.UnixEpoch.AddSeconds(boot).AddSeconds((double)startTicks / s_clockTicks.Value);
    }

    internal static string PidNamespaceOf(string pid)
    {
        if (!Native.IsLinux)
        {
            return "";
        }

        try
        {
            return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget ?? "";
        }
        catch (Exception)
        {
            return "";
        }
    }

    private static long ReadBootTime()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("btime ", StringComparison.Ordinal) &&
                    long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                {
                    return v;
                }
            }
        }
        catch (Exception)
        {
        }

        return 0;
    }

    private static string ReadTrimmed(string path)
    {
        try
        {
            return Native.IsLinux ? File.ReadAllText(path).Trim() : "";
        }
        catch (Exception)
        {
            return "";
        }
    }
}
