using LockAnalyzers.Runtime.Postgres;
using LockAnalyzers.TestHelper;
using Barrier = LockAnalyzers.TestHelper.Barrier;

namespace LockAnalyzers.Runtime.Postgres.TestChild;

/// <summary>
/// herd conn=.. prefix=P barrier=DIR id=N rounds=R [lease= table=]: for each round r, waits at the barrier "go-r" with
/// the others, makes one TryAcquireAsync of "P-r" (an expired lease the host planted), emits "attempt acquired=..
/// fence=..", and a winner holds until the host creates "end-r", then releases.
/// </summary>
internal static class HerdRole
{
    public static async Task<int> RunAsync(Args args)
    {
        var prefix = args.Str("prefix");
        var barrier = args.Str("barrier");
        var id = args.Int("id", 0);
        var rounds = args.Int("rounds", 1);
        var options = Lease.Options(args);
        await using var dataSource = Lease.DataSource(args);

        // Warm the pool and the JIT before the first barrier, so round 0 races like the others.
        var warm = await PostgresLease.TryAcquireAsync(dataSource, $"{prefix}-warmup-{id}", options);
        if (warm != null)
        {
            await warm.ReleaseAsync();
        }

        for (var round = 0; round < rounds; round++)
        {
            Barrier.Arrive(barrier, $"go-{round}", id);
            PostgresLeaseHandle? held = null;
            string error = "none";
            try
            {
                held = await PostgresLease.TryAcquireAsync(dataSource, $"{prefix}-{round}", options);
            }
            catch (LockHealthException e)
            {
                error = e.Health.ToString();
            }

            Events.Emit("attempt", ("round", round), ("acquired", held != null), ("fence", held?.FencingToken ?? -1), ("error", error));
            if (held != null)
            {
                Barrier.Wait(barrier, $"end-{round}");
                Events.Emit("released", ("round", round), ("ok", await held.ReleaseAsync()));
            }
        }

        return 0;
    }
}
