using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// Proof of mutual exclusion from outside the lock: an O_EXCL marker created on entry and removed on exit (a live
/// process already inside is an overlap; a marker left by a dead process is not), and a shared counter incremented
/// read-modify-write with a pause in between, so a second process inside loses an update.
/// </summary>
internal static class Witness
{
    private const int CounterWidth = 20;

    public static bool Enter(string dir, int round)
    {
        var marker = Path.Combine(dir, "inside");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var fs = new FileStream(marker, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                fs.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
                Events.Emit("entered", ("round", round));
                return true;
            }
            catch (IOException) when (File.Exists(marker))
            {
                var other = ReadPid(marker);
                if (other is { } pid && pid != Environment.ProcessId && IsAlive(pid))
                {
                    Events.Emit("overlap", ("round", round), ("other", pid));
                    return false;
                }

                // Left behind by a holder that was SIGKILLed inside: not an overlap.
                Events.Emit("stale-marker", ("round", round), ("other", other ?? -1));
                TryDelete(marker);
            }
            catch (IOException)
            {
                // the marker vanished between CreateNew and Exists: retry
            }
        }

        Events.Emit("overlap", ("round", round), ("other", -1));
        return false;
    }

    public static void Leave(string dir, int round)
    {
        var marker = Path.Combine(dir, "inside");
        if (ReadPid(marker) == Environment.ProcessId)
        {
            TryDelete(marker);
        }

        Events.Emit("left", ("round", round));
    }

    /// <summary>Reads the counter, pauses, writes it plus one with a single pwrite (a SIGKILL cannot tear it).</summary>
    public static long Increment(string dir, TimeSpan pause, Func<bool>? abortBeforeWrite = null)
    {
        using SafeFileHandle handle = File.OpenHandle(Path.Combine(dir, "counter"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[CounterWidth];
        var read = RandomAccess.Read(handle, buffer, 0);
        var text = Encoding.ASCII.GetString(buffer, 0, read).Trim();
        var value = text.Length == 0 ? 0 : long.Parse(text, CultureInfo.InvariantCulture);
        if (pause > TimeSpan.Zero)
        {
            Thread.Sleep(pause);
        }

        if (abortBeforeWrite?.Invoke() == true)
        {
            return -1;
        }

        var next = Encoding.ASCII.GetBytes((value + 1).ToString(CultureInfo.InvariantCulture).PadLeft(CounterWidth));
        RandomAccess.Write(handle, next, 0);
        return value;
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(fs);
            return int.TryParse(reader.ReadToEnd().Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
