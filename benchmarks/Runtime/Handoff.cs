using System.Diagnostics;
using System.Globalization;
using LockAnalyzers.Runtime;

namespace LockAnalyzers.Runtime.Benchmarks;

/// <summary>
/// Two processes pass one lock back and forth. The holder writes a monotonic timestamp (CLOCK_MONOTONIC is
/// system-wide, so Stopwatch timestamps compare across processes) just before Release(); the waiter, parked in
/// AcquireAsync with a 100 ms poll interval, records the time AcquireAsync returns. Latency = acquire - release start,
/// so it includes the release itself, the wake-up and the create.
/// </summary>
internal static class Handoff
{
    private static readonly LockOptions Options = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(30),
        HeartbeatInterval = TimeSpan.FromSeconds(5),
    };

    internal static async Task RunAsync(string dir, int rounds)
    {
        // The raw floor first, then the runtime, in the same run: on a shared machine the load moves.
        await RunAsync(dir, rounds, raw: true);
        await RunAsync(dir, rounds, raw: false);
    }

    private static async Task RunAsync(string dir, int rounds, bool raw)
    {
        string lockPath = Path.Combine(dir, raw ? "raw.lock" : "handoff.lock");
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        string? entry = Environment.GetCommandLineArgs().FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
        if (entry != null && Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(entry);
        }

        psi.ArgumentList.Add("handoff-child");
        psi.ArgumentList.Add(lockPath);
        psi.ArgumentList.Add(rounds.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(raw ? "raw" : "runtime");
        using var child = Process.Start(psi)!;
        var mine = await Play(lockPath, rounds, first: true, raw);
        string? line;
        var all = new List<double>(mine);
        while ((line = await child.StandardOutput.ReadLineAsync()) != null)
        {
            if (line.StartsWith("lat ", StringComparison.Ordinal))
            {
                all.Add(double.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
            }
        }

        await child.WaitForExitAsync();
        all.Sort();
        Console.WriteLine($"handoff.{(raw ? "raw_floor" : "runtime")}.samples={all.Count} p50_ms={Program.Percentile(all, 50):F3} p90_ms={Program.Percentile(all, 90):F3} p99_ms={Program.Percentile(all, 99):F3} max_ms={all[^1]:F3}");
    }

    internal static async Task<int> ChildAsync(string lockPath, int rounds, bool raw)
    {
        foreach (double l in await Play(lockPath, rounds, first: false, raw))
        {
            Console.WriteLine("lat " + l.ToString("F4", CultureInfo.InvariantCulture));
        }

        return 0;
    }

    /// <summary>Each side: wait for its turn in AcquireAsync, measure, hold briefly (so the other side is parked in
    /// its wait), stamp, release, then wait until the other side has taken the lock before queueing again.</summary>
    private static async Task<List<double>> Play(string lockPath, int rounds, bool first, bool raw)
    {
        Func<Task<IDisposable>> acquire = raw ? () => RawAcquireAsync(lockPath) : async () => await LockFile.AcquireAsync(lockPath, Options);
        string stamp = lockPath + ".stamp";
        string ack = lockPath + ".ack";
        var latencies = new List<double>();
        int turn = first ? 0 : 1;
        if (first)
        {
            // Take the lock first, and wait until the child is parked in AcquireAsync.
            var held0 = await acquire();
            await Task.Delay(1500);
            await Release(held0, stamp, turn);
            turn += 2;
            WaitFor(ack, turn - 1);
        }

        while (turn < rounds)
        {
            var held = await acquire();
            long acquired = Stopwatch.GetTimestamp();
            var parts = File.ReadAllText(stamp).Split(' ');
            if (int.Parse(parts[0], CultureInfo.InvariantCulture) == turn - 1)
            {
                latencies.Add(Stopwatch.GetElapsedTime(long.Parse(parts[1], CultureInfo.InvariantCulture), acquired).TotalMilliseconds);
            }

            File.WriteAllText(ack, turn.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(8); // the other side notices the ack and parks in AcquireAsync
            await Release(held, stamp, turn);
            turn += 2;
            if (turn - 1 < rounds)
            {
                WaitFor(ack, turn - 1);
            }
        }

        return latencies;
    }

    /// <summary>The floor for a watcher-woken handoff: CreateNew, and on EEXIST wait for a FileSystemWatcher event
    /// (100 ms poll fallback). Release is File.Delete. No owner record, no evidence, no fencing. The watcher is made
    /// once per process, so the floor pays nothing the runtime pays per wait.</summary>
    private static async Task<IDisposable> RawAcquireAsync(string path)
    {
        var (signal, _) = s_raw ??= MakeRawWatcher(path);
        while (true)
        {
            try
            {
                var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                fs.Write("1\n"u8);
                return new RawHeld(fs, path);
            }
            catch (IOException)
            {
                if (File.Exists(path))
                {
                    await signal.WaitAsync(100);
                }
            }
        }
    }

    private static (SemaphoreSlim Signal, FileSystemWatcher Watcher)? s_raw;

    private static (SemaphoreSlim, FileSystemWatcher) MakeRawWatcher(string path)
    {
        var signal = new SemaphoreSlim(0, 1);
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!) { NotifyFilter = NotifyFilters.FileName };
        string name = Path.GetFileName(path);
        watcher.Deleted += (_, e) =>
        {
            if (e.Name == name && signal.CurrentCount == 0)
            {
                try { signal.Release(); } catch (SemaphoreFullException) { }
            }
        };
        watcher.EnableRaisingEvents = true;
        return (signal, watcher);
    }

    private sealed class RawHeld(FileStream fs, string path) : IDisposable
    {
        public void Dispose()
        {
            fs.Dispose();
            File.Delete(path);
        }
    }

    private static Task Release(IDisposable held, string stamp, int turn)
    {
        File.WriteAllText(stamp, $"{turn} {Stopwatch.GetTimestamp()}");
        held.Dispose();
        return Task.CompletedTask;
    }

    private static void WaitFor(string ack, int turn)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                if (int.TryParse(File.ReadAllText(ack), NumberStyles.None, CultureInfo.InvariantCulture, out int t) && t >= turn)
                {
                    return;
                }
            }
            catch (IOException)
            {
            }

            Thread.Sleep(1);
        }

        throw new TimeoutException("the other side never took the lock");
    }
}
