using System;
using System.Diagnostics;
using System.Threading;
using LegacyLocks.Seeds;

namespace LegacyLocks.Scenarios
{
    /// <summary>
    /// Seed 000, two contenders. <c>holder</c> takes the lock and works for <c>--work-ms</c> (its heartbeat is made to
    /// fail from outside, by the fault shim); <c>contender</c> polls until it gets the lock or gives up after
    /// <c>--give-up-ms</c>, journalling "waiting" once it found the lock taken. Each journals enter / work / exit so
    /// the test can see whether both were inside at once.
    /// </summary>
    public static class Seed000Scenario
    {
        public static int Run(string[] args)
        {
            var options = new ScenarioOptions(args);
            using var journal = new Journal(options.Text("journal"), options.Role);
            var target = options.Text("target");
            var staleAfter = TimeSpan.FromMilliseconds(options.Int("stale-ms", 600));
            var beat = TimeSpan.FromMilliseconds(options.Int("beat-ms", 100));
            var workMs = options.Int("work-ms", 3000);
            var giveUpMs = options.Int("give-up-ms", 5000);

            using var runner = new JobRunnerLock(target, staleAfter, beat, ConsoleErrorLogger.Instance);
            var waited = Stopwatch.StartNew();
            var announced = false;
            while (!runner.TryAcquire())
            {
                if (!announced)
                {
                    journal.Record("waiting");
                    announced = true;
                }

                if (waited.ElapsedMilliseconds > giveUpMs)
                {
                    journal.Record("gave-up");
                    return 3;
                }

                Thread.Sleep(50);
            }

            journal.Record("enter");
            var working = Stopwatch.StartNew();
            while (working.ElapsedMilliseconds < workMs)
            {
                journal.Record("work");
                Thread.Sleep(25);
            }

            journal.Record("exit");
            return 0;
        }
    }
}
