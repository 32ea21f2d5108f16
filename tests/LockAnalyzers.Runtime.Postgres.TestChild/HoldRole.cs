using System.Diagnostics;
using LockAnalyzers.Runtime.Postgres;
using LockAnalyzers.TestHelper;

namespace LockAnalyzers.Runtime.Postgres.TestChild;

/// <summary>
/// hold conn=.. name=N [lease= renew= timeout= table=] [try=1]: acquires N (AcquireAsync, or one TryAcquireAsync with
/// try=1), emits "acquired fence=.." (or "busy"), reports "health"/"lost", then obeys stdin: "release" (emits
/// "released ok=.."), "write VALUE" (a guarded write, emits "write result=.."), "exit".
/// </summary>
internal static class HoldRole
{
    public static async Task<int> RunAsync(Args args)
    {
        var name = args.Str("name");
        var options = Lease.Options(args);
        await using var dataSource = Lease.DataSource(args);
        var started = Stopwatch.GetTimestamp();
        PostgresLeaseHandle? held;
        try
        {
            held = args.Opt("try") == "1"
                ? await PostgresLease.TryAcquireAsync(dataSource, name, options)
                : await PostgresLease.AcquireAsync(dataSource, name, options);
        }
        catch (LockTimeoutException e)
        {
            Events.Emit("timeout", ("holder", e.Holder ?? "none"), ("msg", e.Message));
            return 0;
        }
        catch (LockHealthException e)
        {
            Events.Emit("refused", ("health", e.Health.ToString()), ("msg", e.Message));
            return 0;
        }

        if (held == null)
        {
            Events.Emit("busy");
            return 0;
        }

        Lease.Report(held);
        Events.Emit("acquired", ("fence", held.FencingToken), ("waitms", Lease.Ms(Stopwatch.GetElapsedTime(started).TotalMilliseconds)));
        string? line;
        while ((line = Console.ReadLine()) != null)
        {
            var parts = line.Split(' ', 2);
            switch (parts[0])
            {
                case "release":
                    Events.Emit("released", ("ok", await held.ReleaseAsync()));
                    break;
                case "write":
                    var result = await Lease.GuardedWriteAsync(dataSource, options, name, held.FencingToken, parts.Length > 1 ? parts[1] : "x");
                    Events.Emit("write", ("result", result), ("lost", held.Lost.IsCancellationRequested));
                    break;
                case "exit":
                    return 0;
            }
        }

        return 0;
    }
}
