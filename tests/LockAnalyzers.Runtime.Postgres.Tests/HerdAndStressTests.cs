using System.Diagnostics;
using LockAnalyzers.Runtime.FaultTests.Infrastructure;
using LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

namespace LockAnalyzers.Runtime.Postgres.Tests;

/// <summary>
/// Many processes on one lease: a herd of 8 racing an expired lease (exactly one winner per round), and 8 workers
/// incrementing a counter under the lease and its fence while the test SIGKILLs and SIGSTOPs them at random (no two
/// fenced writes interleave, the counter equals the committed increments). Round counts are modest by default;
/// LOCK_FAULTS_LONG=1 runs the full ones (herd 200 rounds, stress 8 x 500).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HerdAndStressTests(ITestOutputHelper output)
{
    private const int Processes = 8;

    [PgFact]
    public async Task A_herd_racing_one_expired_lease_has_exactly_one_winner_every_round()
    {
        var rounds = Rounds.Pick(ci: 10, full: 200);
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, "herd");
        // Every round's lease is planted expired, as a holder that died would leave it.
        await db.ExecAsync($"INSERT INTO \"{db.Table}\" (name, token, holder, fence, acquired_at, expires_at) " +
            $"SELECT 'herd-' || r, 'dead', 'a dead holder', nextval('\"{db.Table}_fence\"'), now() - interval '1 hour', now() - interval '1 second' FROM generate_series(0, $1 - 1) AS r", rounds);
        using var scratch = new Scratch("pg-herd");
        var barrier = scratch.Dir("barrier");
        using var fleet = new Fleet();
        for (var id = 0; id < Processes; id++)
        {
            fleet.Start($"herd{id}", "herd", db.ChildArgs("prefix=herd", $"barrier={barrier}", $"id={id}", $"rounds={rounds}", "lease=30000"));
        }

        var spread = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await WaitUntil(() => Directory.GetFiles(barrier, $"ready-go-{round}-*").Length == Processes, fleet, $"round {round}: all {Processes} at the barrier");
            File.WriteAllText(Path.Combine(barrier, $"go-{round}"), "");
            var r = round;
            await WaitUntil(() => fleet.Events("attempt").Count(e => e.Int("round") == r) == Processes, fleet, $"round {round}: every attempt");
            var attempts = fleet.Events("attempt").Where(e => e.Int("round") == round).ToList();
            var winners = attempts.Where(e => e.Flag("acquired")).ToList();
            if (winners.Count != 1 || attempts.Any(e => e["error"] != "none"))
            {
                throw fleet.Fail($"round {round}: {winners.Count} winners\n" + string.Join("\n", attempts));
            }

            spread.Add(attempts.Max(e => e.T) - attempts.Min(e => e.T));
            File.WriteAllText(Path.Combine(barrier, $"end-{round}"), "");
        }

        foreach (var child in fleet.Children)
        {
            Assert.Equal(0, child.WaitExit(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(rounds, fleet.Events("released").Count(e => e.Flag("ok")));
        spread.Sort();
        output.WriteLine($"{rounds} rounds x {Processes} processes: exactly one winner every round; attempts of a round within {spread[spread.Count / 2]:F1} ms (median), {spread[^1]:F1} ms (max)");
    }

    [PgFact]
    public async Task Workers_under_random_SIGKILL_and_SIGSTOP_never_interleave_fenced_writes()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("LEASE_STRESS_ROUNDS"), out var r) ? r : Rounds.Pick(ci: 15, full: 500);
        var faults = Rounds.Pick(ci: 4, full: 60);
        const int leaseMs = 1500;
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, "stress");
        await db.ExecAsync("CREATE TABLE counter (id int PRIMARY KEY, value bigint NOT NULL); INSERT INTO counter VALUES (1, 0)");
        await db.ExecAsync("CREATE TABLE increments (value bigint NOT NULL, fence bigint NOT NULL, pid int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        // A worker frozen inside its transaction holds the lease row's share lock; the server ends such a transaction
        // (and its write) so the others can take over, as production connections doing guarded writes should.
        var conn = db.Server.AppConnectionString + ";Options=-c idle_in_transaction_session_timeout=1000";
        string[] Args(int n) => ["conn=" + conn, "table=" + db.Table, "name=counter", $"rounds={n}", $"lease={leaseMs}", "renew=150", "poll=200", "timeout=120000", "pausems=2"];

        using var fleet = new Fleet();
        var live = new List<Child>();
        for (var id = 0; id < Processes; id++)
        {
            live.Add(fleet.Start($"w{id}", "worker", Args(rounds)));
        }

        var random = new Random(20261206);
        int kills = 0, stops = 0, spawned = Processes;
        var clock = Stopwatch.StartNew();
        for (var fault = 0; fault < faults; fault++)
        {
            await Task.Delay(random.Next(300, 900));
            var running = live.Where(c => !c.HasExited).ToList();
            if (running.Count == 0)
            {
                break;
            }

            var victim = running[random.Next(running.Count)];
            if (random.Next(2) == 0)
            {
                var done = victim.Events.Count(e => e.Name == "released");
                victim.Kill();
                kills++;
                live.Remove(victim);
                if (rounds - done > 0)
                {
                    live.Add(fleet.Start($"w{spawned++}", "worker", Args(rounds - done)));
                }
            }
            else
            {
                Signals.Stop(victim.Pid);
                stops++;
                await Task.Delay(leaseMs + random.Next(200, 1000));
                Signals.Continue(victim.Pid);
            }
        }

        foreach (var child in live)
        {
            if (child.WaitExit(TimeSpan.FromMinutes(Rounds.Long ? 30 : 5)) != 0)
            {
                throw fleet.Fail($"worker {child.Name} failed");
            }
        }

        var counter = Convert.ToInt64(await db.ScalarAsync("SELECT value FROM counter WHERE id = 1"));
        var committed = Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM increments"));
        var distinct = Convert.ToInt64(await db.ScalarAsync("SELECT count(DISTINCT value) FROM increments"));
        // Writes in commit order (value) must carry non-decreasing fences: a lower fence after a higher one is a holder
        // that wrote after it had been replaced.
        var fenceInversions = Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM (SELECT fence, lag(fence) OVER (ORDER BY value) AS prev FROM increments) AS w WHERE fence < prev"));
        var reported = fleet.Events("inc").Count();
        var fenced = fleet.Events("fenced").Count();
        var lost = fleet.Events("lost").Count();
        var failed = fleet.Events("fail").Count();
        output.WriteLine($"{Processes} workers x {rounds} rounds, {kills} SIGKILL, {stops} SIGSTOP, {spawned - Processes} replacements, {clock.Elapsed.TotalSeconds:F1} s: " +
                         $"counter {counter}, committed increments {committed}, reported {reported}, fenced {fenced}, lost {lost}, failed writes {failed}, fence inversions {fenceInversions}");
        foreach (var e in fleet.Events("fail").Take(3))
        {
            output.WriteLine(e.ToString());
        }

        if (fleet.Events("crash").Any())
        {
            throw fleet.Fail("a worker crashed");
        }

        Assert.Equal(committed, counter);
        Assert.Equal(committed, distinct);
        Assert.Equal(0, fenceInversions);
        Assert.InRange(committed - reported, 0, kills);
        Assert.True(committed >= Processes * rounds / 2, $"only {committed} increments");
    }

    private static async Task WaitUntil(Func<bool> condition, Fleet fleet, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw fleet.Fail("timed out waiting for " + what);
            }

            if (fleet.Events("crash").Any())
            {
                throw fleet.Fail("a child crashed waiting for " + what);
            }

            await Task.Delay(2);
        }
    }
}
