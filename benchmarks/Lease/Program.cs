using System.Diagnostics;
using System.Globalization;
using LockAnalyzers.Lease.Benchmarks;
using LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

// dotnet run -c Release --project benchmarks/Lease [-- iterations=500 handoffs=200]
// Starts its own PostgreSQL (as the tests do) unless LEASE_BENCH_CONN names one; runs both implementations on it.
if (args.Length > 0 && args[0] == "handoff-waiter")
{
    return await Handoff.WaiterAsync(args[1], args[2]);
}

int Arg(string key, int fallback) =>
    args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0] == key).Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

var iterations = Arg("iterations", 500);
var handoffs = Arg("handoffs", 200);
PostgresServer? server = null;
var conn = Environment.GetEnvironmentVariable("LEASE_BENCH_CONN");
if (string.IsNullOrEmpty(conn))
{
    server = PostgresServer.Start();
    conn = server.AppConnectionString;
}

try
{
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine($"PostgreSQL lease vs DistributedLock.Postgres, one server, {Environment.ProcessorCount} cores, load average {load}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine();
    Console.WriteLine("| implementation | uncontended acquire + release p50 | p99 | mean | handoff p50 | p99 | max |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var kind in new[] { "lease", "advisory", "lease-noflush", "lease", "advisory", "lease-noflush" })
    {
        await using var contender = Contender.Create(kind, conn);
        var uncontended = await Uncontended(contender, iterations);
        var handoff = await Handoff.MeasureAsync(kind, conn, handoffs);
        Console.WriteLine($"| {contender.Name} | {Ms(uncontended, 0.50)} | {Ms(uncontended, 0.99)} | {uncontended.Average():F2} ms | {Ms(handoff, 0.50)} | {Ms(handoff, 0.99)} | {handoff.Max():F2} ms |");
    }

    Console.WriteLine();
    Console.WriteLine($"load average at the end {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")}");
    Console.WriteLine($"{iterations} uncontended acquire + release pairs after 50 warm-up pairs; {handoffs} two-process handoffs (release call start in one process to the acquire's return in the other, CLOCK_MONOTONIC). Each implementation ran twice, alternating.");
    return 0;
}
finally
{
    server?.Dispose();
    PostgresServer.DeleteTemplate();
}

static async Task<List<double>> Uncontended(Contender contender, int iterations)
{
    var name = "bench-uncontended-" + Guid.NewGuid().ToString("N")[..6];
    for (var i = 0; i < 50; i++)
    {
        await (await contender.AcquireAsync(name))();
    }

    var times = new List<double>(iterations);
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var release = await contender.AcquireAsync(name);
        await release();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    return times;
}

static string Ms(List<double> values, double quantile)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))].ToString("F2", CultureInfo.InvariantCulture) + " ms";
}
