using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using LegacyLocks.Seeds;

namespace LegacyLocks.Scenarios
{
    /// <summary>
    /// Seed 001. <c>daemon</c> starts the singleton for <c>--state</c> and serves for <c>--run-ms</c>, journalling
    /// every tick, then shuts down. Before it shuts down it journals whether its own pid file is still its own, so the
    /// test sees a daemon whose advertisement another daemon deleted.
    /// </summary>
    public static class Seed001Scenario
    {
        public static int Run(string[] args)
        {
            var options = new ScenarioOptions(args);
            using var journal = new Journal(options.Text("journal"), options.Role);
            var stateDir = options.Text("state");
            var runMs = options.Int("run-ms", 3000);

            var daemon = new AgentDaemonSingleton(stateDir);
            if (!daemon.TryStart())
            {
                journal.Record("refused");
                return 3;
            }

            journal.Record("enter");
            var serving = Stopwatch.StartNew();
            while (serving.ElapsedMilliseconds < runMs)
            {
                journal.Record("work");
                Thread.Sleep(25);
            }

            journal.Record("advert", ReadAdvert(daemon.PidPath) == Environment.ProcessId.ToString() ? "intact" : "gone");
            journal.Record("exit");
            daemon.Dispose();
            return 0;
        }

        private static string ReadAdvert(string file)
        {
            try
            {
                return File.ReadAllText(file).Trim();
            }
            catch (IOException)
            {
                return "";
            }
        }
    }
}
