using System;

namespace LegacyLocks
{
    /// <summary>Entry point for running one legacy lock scenario in its own process (used by the seed tests).</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: LegacyLocks <scenario> [args...]");
                return 2;
            }

            return ScenarioRegistry.Run(args[0], args.AsSpan(1).ToArray());
        }
    }
}
