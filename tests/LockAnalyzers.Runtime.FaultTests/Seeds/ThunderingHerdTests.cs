using System.Diagnostics;
using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Seeds;

/// <summary>
/// Seeds 002 and 004 (issue 3 item 3): every round a real owner acquires the lock and is SIGKILLed; once the lock is
/// stale, 8 breaker processes leave a file barrier together and each makes one attempt (TryBreakStale, then
/// TryAcquire). Exactly one Stolen and exactly one acquirer per round; never two inside.
/// </summary>
public sealed class ThunderingHerdTests(ITestOutputHelper output)
{
    private const int Breakers = 8;
    private const int StaleMs = 150;

    [FaultFact(Facility.Linux)]
    public void Eight_breakers_of_a_SIGKILLed_owners_lock_give_exactly_one_winner_per_round()
    {
        Facilities.Require(Facility.Linux);
        var rounds = Rounds.Pick(ci: 25, full: 200);
        using var scratch = new Scratch("herd");
        var lockPath = Path.Combine(scratch.Dir("locks"), "herd.lock");
        var barrier = scratch.Dir("barrier");
        var witness = scratch.Dir("witness");
        using var fleet = new Fleet();
        var breakers = Enumerable.Range(0, Breakers)
            .Select(id => fleet.Start($"breaker{id}", "herd", [$"lock={lockPath}", $"barrier={barrier}", $"witness={witness}", $"id={id}", $"rounds={rounds}", $"stale={StaleMs}", "mode=break-acquire", "hb=1000", "timeout=2000"]))
            .ToList();

        Child NextOwner() => fleet.Start("owner", "owner", [$"lock={lockPath}", "wait=1", "hb=60000", $"stale={StaleMs}", "timeout=10000"]);
        var owner = NextOwner();
        var spread = new List<double>();
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            // A real owner acquires and is SIGKILLed (the next owner is started meanwhile, to hide its start-up).
            var current = owner;
            current.Send("go");
            current.WaitFor("acquired", TimeSpan.FromSeconds(30));
            current.Kill();
            owner = NextOwner();
            Thread.Sleep(StaleMs + 60);
            if (!File.Exists(lockPath))
            {
                throw fleet.Fail($"round {round}: the killed owner's lock vanished by itself");
            }

            WaitForFiles(fleet, barrier, round);
            File.WriteAllText(Path.Combine(barrier, $"go-{round}"), "");

            var attempts = breakers.Select(b => b.WaitFor("attempt", TimeSpan.FromSeconds(30), e => e.Int("round") == round)).ToList();
            spread.Add(attempts.Max(a => a.T) - attempts.Min(a => a.T));
            var stolen = attempts.Count(a => a["steal"] == "Stolen");
            var acquired = attempts.Where(a => a.Flag("acquired")).ToList();
            if (stolen != 1 || acquired.Count != 1)
            {
                throw fleet.Fail($"round {round}: {stolen} Stolen and {acquired.Count} acquirers (want 1 and 1):\n" + string.Join("\n", attempts));
            }

            File.WriteAllText(Path.Combine(barrier, $"end-{round}"), "");
            var winner = breakers.Single(b => b.Pid == acquired[0].Pid);
            var released = winner.WaitFor("released", TimeSpan.FromSeconds(30), e => e.Int("round") == round);
            Assert.True(released.Flag("ok"), $"round {round}: the winner's release failed: {released}");
        }

        foreach (var breaker in breakers)
        {
            Assert.Equal(0, breaker.WaitExit(TimeSpan.FromSeconds(30)));
        }

        fleet.AssertNoOverlap();
        var incs = fleet.Events("inc").Select(e => e.Long("from")).OrderBy(v => v).ToList();
        Assert.Equal(Enumerable.Range(0, rounds).Select(i => (long)i), incs);
        spread.Sort();
        output.WriteLine($"herd: {rounds} rounds x {Breakers} breakers in {total.Elapsed.TotalSeconds:F1}s; exactly one winner per round; " +
                         $"0 overlaps; barrier spread p50 {spread[spread.Count / 2]:F1} ms, max {spread[^1]:F1} ms; outcomes: " +
                         string.Join(", ", fleet.Events("attempt").GroupBy(e => e["steal"]).Select(g => $"{g.Key} {g.Count()}")));
    }

    private static void WaitForFiles(Fleet fleet, string barrier, int round)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Enumerable.Range(0, Breakers).Any(id => !File.Exists(Path.Combine(barrier, $"ready-go-{round}-{id}"))))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw fleet.Fail($"round {round}: not every breaker reached the barrier");
            }

            Thread.Sleep(2);
        }
    }
}
