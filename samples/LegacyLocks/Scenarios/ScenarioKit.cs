using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace LegacyLocks.Scenarios
{
    /// <summary>The <c>--name value</c> options a scenario role is started with.</summary>
    public sealed class ScenarioOptions
    {
        private readonly Dictionary<string, string> _values = new Dictionary<string, string>(StringComparer.Ordinal);

        public ScenarioOptions(string[] args)
        {
            Role = args.Length > 0 ? args[0] : "";
            for (var i = 1; i + 1 < args.Length; i += 2)
            {
                _values[args[i].TrimStart('-')] = args[i + 1];
            }
        }

        public string Role { get; }

        public string Text(string name) =>
            _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing option --{name}");

        public string Text(string name, string fallback) => _values.TryGetValue(name, out var value) ? value : fallback;

        public int Int(string name, int fallback) => _values.TryGetValue(name, out var value) ? int.Parse(value) : fallback;

        public long Long(string name, long fallback) => _values.TryGetValue(name, out var value) ? long.Parse(value) : fallback;
    }

    /// <summary>
    /// What this process did, one line per event, in a file of its own (several processes never share a file, so no
    /// line is lost to an interleaved write). Each line carries the machine-wide monotonic clock
    /// (<see cref="Stopwatch.GetTimestamp"/> is CLOCK_MONOTONIC on Linux) so the test can merge the journals of all
    /// processes into one timeline.
    /// </summary>
    public sealed class Journal : IDisposable
    {
        private readonly StreamWriter _writer;
        private readonly object _gate = new object();

        public Journal(string directory, string role)
        {
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, $"{role}-{Environment.ProcessId}.journal");
            _writer = new StreamWriter(new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }

        public void Record(string kind, string detail = "")
        {
            lock (_gate)
            {
                _writer.WriteLine($"{Stopwatch.GetTimestamp()} {Environment.ProcessId} {kind} {detail}".TrimEnd());
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _writer.Dispose();
            }
        }
    }

    public static class ScenarioClock
    {
        /// <summary>
        /// The start line of a multi-process round: say "ready" on stdout, then wait for the test to write the common
        /// start instant (Unix milliseconds) into <paramref name="goFile"/> once every process is ready.
        /// </summary>
        public static long WaitForGo(string goFile)
        {
            Console.WriteLine("ready");
            while (true)
            {
                try
                {
                    var text = File.ReadAllText(goFile).Trim();
                    if (text.Length > 0 && long.TryParse(text, out var start))
                    {
                        return start;
                    }
                }
                catch (IOException)
                {
                }

                Thread.Sleep(5);
            }
        }

        /// <summary>One line, for a journal entry.</summary>
        public static string OneLine(Exception ex) => (ex.GetType().Name + ": " + ex.Message).Replace('\n', ' ').Replace('\r', ' ');

        /// <summary>A start line for several processes: sleep until the given wall-clock instant (Unix milliseconds).</summary>
        public static void WaitUntil(long unixMs)
        {
            var wait = unixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }
        }
    }

    /// <summary>A plain stderr logger, standing in for whatever logging the legacy code was wired to.</summary>
    public sealed class ConsoleErrorLogger : ILogger
    {
        public static readonly ConsoleErrorLogger Instance = new ConsoleErrorLogger();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"[{logLevel}] {formatter(state, exception)}";
            if (exception != null)
            {
                line += $" ({exception.GetType().Name}: {exception.Message})";
            }

            Console.Error.WriteLine(line);
        }
    }
}
