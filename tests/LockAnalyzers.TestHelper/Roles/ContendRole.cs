using System.Diagnostics;
using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// contend lock=P [hb= stale= timeout= poll=] [witness=DIR] [holdms=N]: one AcquireAsync; on success enter the
/// witness, increment with a pause of holdms, leave and release. A LockTimeoutException is printed with its elapsed
/// time, lock path and holder.
/// </summary>
internal static class ContendRole
{
    public static int Run(Args args)
    {
        var lockPath = args.Str("lock");
        var witness = args.Opt("witness");
        var options = Options.From(args);
        var started = Events.NowMs();
        var watch = Stopwatch.StartNew();
        LockFile held;
        try
        {
            held = LockFile.AcquireAsync(lockPath, options).GetAwaiter().GetResult();
        }
        catch (LockTimeoutException ex)
        {
            Events.Emit("timeout", ("elapsedms", watch.Elapsed.TotalMilliseconds), ("lockpath", ex.LockPath), ("holder", ex.Holder ?? "null"), ("msg", ex.Message));
            return 0;
        }
        catch (NotImplementedException)
        {
            throw;
        }
        catch (Exception ex)
        {
            Events.Emit("acquire-failed", [("elapsedms", watch.Elapsed.TotalMilliseconds), ("health", ex is LockHealthException h ? h.Health.ToString() : "none"), .. Events.DescribeException(ex), ("msg", ex.Message)]);
            return 0;
        }

        Options.Watch(held);
        Options.EmitAcquired(held, started);
        if (witness != null && Witness.Enter(witness, 0))
        {
            var from = Witness.Increment(witness, args.Ms("holdms", 0));
            Events.Emit("inc", ("round", 0), ("from", from));
            Witness.Leave(witness, 0);
        }

        var ok = held.Release();
        Events.Emit("released", ("ok", ok), ("health", held.Health), ("exists", File.Exists(lockPath)));
        return 0;
    }
}
