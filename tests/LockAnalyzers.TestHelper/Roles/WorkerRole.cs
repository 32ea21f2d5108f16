using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// worker lock=P witness=DIR rounds=R [first=K] [holdmax=MS] [hb= stale= timeout= poll=]: the stress loop. Each round:
/// AcquireAsync, enter the witness, read the counter, pause a random 0..holdmax ms, write counter+1 unless Lost has
/// fired (then the protected work is abandoned: "abort"), leave, release.
/// </summary>
internal static class WorkerRole
{
    public static int Run(Args args)
    {
        var lockPath = args.Str("lock");
        var witness = args.Str("witness");
        var rounds = args.Int("rounds", 10);
        var first = args.Int("first", 0);
        var holdMax = args.Int("holdmax", 5);
        var options = Options.From(args);
        var random = new Random(Environment.ProcessId);
        for (var round = first; round < first + rounds; round++)
        {
            LockFile held;
            try
            {
                held = LockFile.AcquireAsync(lockPath, options).GetAwaiter().GetResult();
            }
            catch (LockTimeoutException ex)
            {
                Events.Emit("timeout", ("round", round), ("holder", ex.Holder ?? "null"));
                continue;
            }
            catch (NotImplementedException)
            {
                throw;
            }
            catch (Exception ex)
            {
                Events.Emit("acquire-failed", [("round", round), .. Events.DescribeException(ex), ("msg", ex.Message)]);
                Thread.Sleep(options.PollInterval);
                continue;
            }

            held.Lost.Register(() => Events.Emit("lost", ("round", round), ("h", held.Health)));
            Events.Emit("acquired", ("round", round), ("fencing", held.FencingToken));
            if (Witness.Enter(witness, round))
            {
                var from = Witness.Increment(witness, TimeSpan.FromMilliseconds(random.Next(0, holdMax + 1)), () => held.Lost.IsCancellationRequested);
                Events.Emit(from >= 0 ? "inc" : "abort", ("round", round), ("from", from));
                Witness.Leave(witness, round);
            }

            var ok = held.Release();
            Events.Emit("released", ("round", round), ("ok", ok), ("health", held.Health));
        }

        Events.Emit("done");
        return 0;
    }
}
