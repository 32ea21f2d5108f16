using System;
using System.Collections.Generic;

namespace LegacyLocks
{
    /// <summary>Seed ports register a named scenario here so a test can run it in a child process.</summary>
    public static partial class ScenarioRegistry
    {
        private static readonly Dictionary<string, Func<string[], int>> Scenarios = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase);

        public static void Register(string name, Func<string[], int> scenario) => Scenarios[name] = scenario;

        public static int Run(string name, string[] args)
        {
            RegisterAll();
            if (!Scenarios.TryGetValue(name, out var scenario))
            {
                Console.Error.WriteLine($"unknown scenario '{name}'. Known: {string.Join(", ", Scenarios.Keys)}");
                return 2;
            }

            return scenario(args);
        }

        static partial void RegisterAll();
    }
}
