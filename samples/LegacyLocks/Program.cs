using System;
using LegacyLocks.Scenarios;

namespace LegacyLocks
{
    /// <summary>
    /// Runs one role of a seed scenario in this process, so that a test can start several processes against the same
    /// lock: <c>dotnet LegacyLocks.dll seed002 contender --lock-dir /tmp/x ...</c>.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: LegacyLocks <seed000|seed001|seed002|seed003|seed004> <role> [--option value ...]");
                return 2;
            }

            var rest = args.AsSpan(1).ToArray();
            switch (args[0].ToLowerInvariant())
            {
                case "seed000": return Seed000Scenario.Run(rest);
                case "seed001": return Seed001Scenario.Run(rest);
                case "seed002": return Seed002Scenario.Run(rest);
                case "seed003": return Seed003Scenario.Run(rest);
                case "seed004": return Seed004Scenario.Run(rest);
                default:
                    Console.Error.WriteLine($"unknown seed '{args[0]}'");
                    return 2;
            }
        }
    }
}
