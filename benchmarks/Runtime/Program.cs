using System.Diagnostics;
using System.Globalization;
using LockAnalyzers.Runtime;

namespace LockAnalyzers.Runtime.Benchmarks;

/// <summary>
/// Runtime figures for docs/performance.md:
///   uncontended  TryAcquire + Release against the raw floor (FileStream CreateNew + small write + dispose + File.Delete),
///                interleaved in blocks in the same run so both see the same machine load;
///   heartbeat    one beat of a held lock (futimens through the handle + two statx identity checks);
///   handoff      holder releases in one process, a waiter parked in AcquireAsync in another process acquires: p50/p99.
/// Usage: [uncontended|heartbeat|handoff|all] [directory]
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "handoff-child")
        {
            return await Handoff.ChildAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3] == "raw");
        }

        if (args.Length > 0 && args[0] == "stress-child")
        {
            return await Stress.ChildAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        string what = args.Length > 0 ? args[0] : "all";
        string root = args.Length > 1 ? args[1] : Path.GetTempPath();
        string dir = Path.Combine(root, "lockrt-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"# .NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, dir {dir}");
            if (what is "uncontended" or "all")
            {
                Uncontended(dir);
            }

            if (what is "stress")
            {
                await Stress.RunAsync(dir);
            }

            if (what is "breakdown")
            {
                Breakdown.Run(dir);
            }

            if (what is "heartbeat" or "all")
            {
                Heartbeat(dir);
            }

            if (what is "handoff" or "all")
            {
                await Handoff.RunAsync(dir, rounds: 300);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static readonly byte[] Payload = "12345\n"u8.ToArray();

    private static void Floor(string path)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            fs.Write(Payload);
        }

        File.Delete(path);
    }

    private static readonly LockOptions NoBeat = new() { HeartbeatInterval = Timeout.InfiniteTimeSpan };
    private static readonly LockOptions DefaultBeat = new();

    private static void Runtime(string path, LockOptions options)
    {
        var held = LockFile.TryAcquire(path, options) ?? throw new InvalidOperationException("uncontended acquire failed");
        if (!held.Release())
        {
            throw new InvalidOperationException("release failed");
        }
    }

    private static void Uncontended(string dir)
    {
        string floorPath = Path.Combine(dir, "floor.lock");
        string lockPath = Path.Combine(dir, "rt.lock");
        const int warmup = 2000, blocks = 20, perBlock = 1000;
        for (int i = 0; i < warmup; i++)
        {
            Floor(floorPath);
            Runtime(lockPath, DefaultBeat);
        }

        var floor = new List<double>();
        var rt = new List<double>();
        var rtNoBeat = new List<double>();
        for (int b = 0; b < blocks; b++)
        {
            floor.Add(TimeBlock(perBlock, () => Floor(floorPath)));
            rt.Add(TimeBlock(perBlock, () => Runtime(lockPath, DefaultBeat)));
            rtNoBeat.Add(TimeBlock(perBlock, () => Runtime(lockPath, NoBeat)));
        }

        double f = Median(floor), r = Median(rt), rn = Median(rtNoBeat);
        Console.WriteLine($"uncontended.floor_us={f:F1}");
        Console.WriteLine($"uncontended.runtime_us={r:F1} ratio={r / f:F2}");
        Console.WriteLine($"uncontended.runtime_no_heartbeat_timer_us={rn:F1} ratio={rn / f:F2}");
    }

    private static void Heartbeat(string dir)
    {
        string lockPath = Path.Combine(dir, "hb.lock");
        using var held = LockFile.TryAcquire(lockPath, NoBeat)!;
        string plain = Path.Combine(dir, "hb.plain");
        File.WriteAllText(plain, "x");
        for (int i = 0; i < 2000; i++)
        {
            held.CheckNow();
            LockHeartbeat.Refresh(plain);
        }

        var beat = new List<double>();
        var refresh = new List<double>();
        for (int b = 0; b < 20; b++)
        {
            beat.Add(TimeBlock(2000, () => held.CheckNow()));
            refresh.Add(TimeBlock(2000, () => LockHeartbeat.Refresh(plain)));
        }

        Console.WriteLine($"heartbeat.lockfile_beat_us={Median(beat):F2}");
        Console.WriteLine($"heartbeat.refresh_by_path_us={Median(refresh):F2}");
    }

    internal static double TimeBlock(int n, Action body)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            body();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / n;
    }

    internal static double Median(List<double> xs) => Percentile(xs, 50);

    internal static double Percentile(List<double> xs, double p)
    {
        var s = xs.OrderBy(x => x).ToArray();
        int i = (int)Math.Ceiling(p / 100 * s.Length) - 1;
        return s[Math.Clamp(i, 0, s.Length - 1)];
    }
}

internal static class Breakdown
{
    internal static void Run(string dir)
    {
        string side = Path.Combine(dir, "side.fence");
        string p = Path.Combine(dir, "x.lock");
        File.WriteAllText(side, "0");
        File.WriteAllText(p, "0");
        for (int round = 0; round < 3; round++)
        {
            Console.WriteLine($"open+close existing(None): {Program.TimeBlock(5000, () => File.OpenHandle(side, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose()):F1}");
            Console.WriteLine($"stat: {Program.TimeBlock(5000, () => File.GetLastWriteTimeUtc(p)):F1}");
            Console.WriteLine($"guid+owner: {Program.TimeBlock(5000, () => LockOwner.Current.ToRecord()):F1}");
            Console.WriteLine($"timer: {Program.TimeBlock(5000, () => new Timer(_ => { }, null, 5000, 5000).Dispose()):F1}");
            Console.WriteLine($"fullpath: {Program.TimeBlock(5000, () => Path.GetFullPath(p)):F1}");
            string q = Path.Combine(dir, "y.lock"), r = Path.Combine(dir, "z.lock");
            Console.WriteLine($"create+delete: {Program.TimeBlock(3000, () => { File.OpenHandle(q, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read).Dispose(); File.Delete(q); }):F1}");
            Console.WriteLine($"create+rename+delete: {Program.TimeBlock(3000, () => { File.OpenHandle(q, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read).Dispose(); File.Move(q, r); File.Delete(r); }):F1}");
        }
    }
}
