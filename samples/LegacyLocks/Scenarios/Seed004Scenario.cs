using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using LegacyLocks.Seeds;

namespace LegacyLocks.Scenarios
{
    /// <summary>
    /// Seed 004, three breakers and a release after takeover. <c>owner</c> takes the lock of every round
    /// (<c>--dir</c>/round-N) and waits to be SIGKILLed. Each <c>breaker</c> then, per round, waits for the round's start
    /// instant, acquires, runs a "restart" of <c>--hold-ms</c> (longer than <c>--stale-ms</c>, as a slow restart is),
    /// checks that the lock file still carries its token, and releases. The journal shows overlapping owners and
    /// owners whose lock file disappeared or changed hands under them.
    /// </summary>
    public static class Seed004Scenario
    {
        public static int Run(string[] args)
        {
            var options = new ScenarioOptions(args);
            var dir = options.Text("dir");
            var rounds = options.Int("rounds", 1);
            var settings = new RestartLockSettings
            {
                StaleMs = options.Int("stale-ms", 800),
                MaxWaitMs = options.Int("max-wait-ms", 6000),
                PollIntervalMs = options.Int("poll-ms", 50),
            };

            if (options.Role == "owner")
            {
                for (var round = 0; round < rounds; round++)
                {
                    FleetRestartLock.Acquire(RoundHome(dir, round), settings);
                }

                Console.WriteLine("ready");
                Thread.Sleep(Timeout.Infinite);
                return 0;
            }

            using var journal = new Journal(options.Text("journal"), options.Role);
            var start = ScenarioClock.WaitForGo(options.Text("go"));
            var periodMs = options.Int("period-ms", 4000);
            var holdMs = options.Int("hold-ms", 1000);
            for (var round = 0; round < rounds; round++)
            {
                ScenarioClock.WaitUntil(start + (long)round * periodMs);
                var home = RoundHome(dir, round);
                try
                {
                    var guard = FleetRestartLock.Acquire(home, settings);
                    journal.Record("enter", round.ToString());
                    var restarting = Stopwatch.StartNew();
                    while (restarting.ElapsedMilliseconds < holdMs)
                    {
                        journal.Record("work", round.ToString());
                        Thread.Sleep(50);
                    }

                    journal.Record("ownership", round + " " + (HoldsToken(guard.LockPath, guard.Token) ? "intact" : "lost"));
                    journal.Record("exit", round.ToString());
                    guard.Release();
                }
                catch (Exception ex)
                {
                    journal.Record("error", round + " " + ScenarioClock.OneLine(ex));
                }
            }

            return 0;
        }

        private static string RoundHome(string dir, int round) => Path.Combine(dir, "round-" + round);

        private static bool HoldsToken(string file, string token)
        {
            try
            {
                return File.ReadAllText(file).Contains(token);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
