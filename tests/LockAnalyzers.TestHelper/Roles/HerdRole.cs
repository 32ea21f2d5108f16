using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// herd lock=P barrier=DIR witness=DIR id=N rounds=R stale=MS [mode=break-acquire|acquire|steal]: for each round r,
/// waits at the barrier "go-r" with the other breakers, then (mode) calls LockSteal.TryBreakStale and/or
/// LockFile.TryAcquire once. A winner enters the witness and holds until the host creates "end-r", so every breaker's
/// single attempt in a round meets either the stale lock or the winner's fresh one.
/// </summary>
internal static class HerdRole
{
    public static int Run(Args args)
    {
        var lockPath = args.Str("lock");
        var barrier = args.Str("barrier");
        var witness = args.Str("witness");
        var id = args.Int("id", 0);
        var rounds = args.Int("rounds", 1);
        var first = args.Int("first", 0);
        var mode = args.Opt("mode") ?? "break-acquire";
        var stale = args.Ms("stale", 200);
        var options = Options.From(args);

        // JIT the runtime's paths before the first barrier, so round 0 races like the others.
        _ = LockSteal.TryBreakStale(Path.Combine(barrier, $"warmup-{id}.lock"), stale);

        for (var round = first; round < first + rounds; round++)
        {
            Barrier.Arrive(barrier, $"go-{round}", id);
            var outcome = "none";
            LockFile? held = null;
            string? error = null;
            try
            {
                if (mode != "acquire")
                {
                    outcome = LockSteal.TryBreakStale(lockPath, stale).ToString();
                }

                if (mode != "steal")
                {
                    held = LockFile.TryAcquire(lockPath, options);
                }
            }
            catch (NotImplementedException)
            {
                throw;
            }
            catch (Exception ex)
            {
                error = ex.GetType().Name + ":" + ex.HResult;
            }

            Events.Emit("attempt", ("round", round), ("steal", outcome), ("acquired", held != null), ("error", error ?? "none"), ("fencing", held?.FencingToken ?? -1));
            if (held != null)
            {
                if (Witness.Enter(witness, round))
                {
                    var from = Witness.Increment(witness, TimeSpan.Zero);
                    Events.Emit("inc", ("round", round), ("from", from));
                    Barrier.Wait(barrier, $"end-{round}");
                    Witness.Leave(witness, round);
                }
                else
                {
                    Barrier.Wait(barrier, $"end-{round}");
                }

                var ok = held.Release();
                Events.Emit("released", ("round", round), ("ok", ok));
            }
        }

        return 0;
    }
}
