using System;
using System.IO;
using System.Threading;
using LegacyLocks.Seeds;

namespace LegacyLocks.Scenarios
{
    /// <summary>
    /// Seed 002, thundering herd. <c>owner</c> takes the lock of every round (<c>--dir</c>/round-N/team-status.lock),
    /// prints "ready" and waits to be SIGKILLed, leaving stale locks of a dead process. Each <c>contender</c> then, for
    /// every round, waits for the round's start instant and tries to take that round's lock; a winner keeps it until
    /// <c>--hold-ms</c> after the round's start (longer than anyone waits), so a second winner in a round means two
    /// holders at once.
    /// </summary>
    public static class Seed002Scenario
    {
        public static int Run(string[] args)
        {
            var options = new ScenarioOptions(args);
            var dir = options.Text("dir");
            var rounds = options.Int("rounds", 1);
            var staleMs = options.Int("stale-ms", 2000);

            if (options.Role == "owner")
            {
                var held = new IDisposable[rounds];
                for (var round = 0; round < rounds; round++)
                {
                    held[round] = TeamStatusLock.Acquire(RoundPath(dir, round), staleMs, 5000);
                }

                Console.WriteLine("ready");
                Thread.Sleep(Timeout.Infinite);
                return 0;
            }

            using var journal = new Journal(options.Text("journal"), options.Role);
            var start = ScenarioClock.WaitForGo(options.Text("go"));
            var periodMs = options.Int("period-ms", 1500);
            var timeoutMs = options.Int("timeout-ms", 700);
            var holdMs = options.Int("hold-ms", 1000);
            for (var round = 0; round < rounds; round++)
            {
                ScenarioClock.WaitUntil(start + (long)round * periodMs);
                try
                {
                    var won = TeamStatusLock.Acquire(RoundPath(dir, round), staleMs, timeoutMs);
                    journal.Record("enter", round.ToString());
                    var holdUntil = start + (long)round * periodMs + holdMs;
                    while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < holdUntil)
                    {
                        journal.Record("work", round.ToString());
                        Thread.Sleep(50);
                    }

                    journal.Record("exit", round.ToString());
                    won.Dispose();
                }
                catch (TimeoutException)
                {
                    journal.Record("timeout", round.ToString());
                }
                catch (Exception ex)
                {
                    journal.Record("error", round + " " + ScenarioClock.OneLine(ex));
                }
            }

            return 0;
        }

        private static string RoundPath(string dir, int round)
        {
            var roundDir = Path.Combine(dir, "round-" + round);
            Directory.CreateDirectory(roundDir);
            return Path.Combine(roundDir, "team-status.lock");
        }
    }
}
