using System;
using System.Diagnostics;
using LegacyLocks.Seeds;

namespace LegacyLocks.Scenarios
{
    /// <summary>
    /// Seed 003. <c>acquire</c> tries to take <c>--target</c> (a stale lock the test made undeletable) with
    /// <c>--max-wait-ms</c> and <c>--retry-ms</c> and prints one line: <c>result acquired|timeout|error TYPE ELAPSED_MS</c>.
    /// A legacy build never prints it: the test stops it after a bound and records the hang.
    /// </summary>
    public static class Seed003Scenario
    {
        public static int Run(string[] args)
        {
            var options = new ScenarioOptions(args);
            var datastore = new DatastoreFileLock(
                options.Text("target"),
                ttlMs: options.Long("ttl-ms", 30_000),
                retryIntervalMs: options.Int("retry-ms", 100),
                maxWaitMs: options.Long("max-wait-ms", 1000),
                logger: ConsoleErrorLogger.Instance);
            Console.WriteLine("started");
            var elapsed = Stopwatch.StartNew();
            try
            {
                datastore.AcquireAsync().GetAwaiter().GetResult();
                Console.WriteLine($"result acquired - {elapsed.ElapsedMilliseconds}");
                return 0;
            }
            catch (Exception ex) when (ex is TimeoutException || ex is LockTimeoutError)
            {
                Console.WriteLine($"result timeout {ex.GetType().Name} {elapsed.ElapsedMilliseconds}");
                return 0;
            }
            catch (Exception ex)
            {
                Console.WriteLine($"result error {ex.GetType().Name} {elapsed.ElapsedMilliseconds}");
                return 1;
            }
        }
    }
}
