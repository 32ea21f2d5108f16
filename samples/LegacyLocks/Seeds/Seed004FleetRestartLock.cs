using System;
using System.IO;
using System.Threading;

namespace LegacyLocks.Seeds
{
    /// <summary>How long a fleet restart may hold the lock before others treat it as crashed, and how long they wait.</summary>
    public sealed class RestartLockSettings
    {
        public int StaleMs { get; set; } = 120_000;

        public int MaxWaitMs { get; set; } = 600_000;

        public int PollIntervalMs { get; set; } = 1_000;
    }

    /// <summary>
    /// Seed 004 (a TypeScript fleet manager): the lock that keeps two fleet restarts from interleaving. The lock file
    /// holds the owner's pid, the acquisition time and a per-acquire token; a lock older than <c>StaleMs</c> was left
    /// by a crashed restart and is broken, and after <c>MaxWaitMs</c> any lock is broken to avoid a permanent deadlock.
    /// </summary>
    /// <remarks>
    /// What goes wrong: two (or three) restarts that find the same stale lock both judge it stale, both break it and
    /// both proceed. And a restart that outlived <c>StaleMs</c> releases by deleting the path, which by then holds the
    /// lock of the restart that took over, so a third restart walks in.
    /// </remarks>
    public static class FleetRestartLock
    {
        public static RestartGuard Acquire(string fleetHome, RestartLockSettings settings)
        {
            var token = Guid.NewGuid().ToString("N");
            var lockPath = Path.Combine(fleetHome, "fleet", "restart.lock");
            Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
            var deadline = DateTime.UtcNow.AddMilliseconds(settings.MaxWaitMs);
            while (true)
            {
                try
                {
                    using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                    using (var writer = new StreamWriter(stream))
                    {
                        writer.Write(Format(token));
                    }

                    return new RestartGuard(lockPath, token);
                }
                catch (IOException)
                {
                    // A restart is already in flight, or its lock was left behind.
                    var stale = IsStale(lockPath, settings.StaleMs);
                    var timedOut = DateTime.UtcNow >= deadline;
                    if (stale || timedOut)
                    {
                        Console.Error.WriteLine(stale
                            ? "Breaking stale fleet restart lock and proceeding."
                            : $"Timed out after {settings.MaxWaitMs}ms waiting for the in-flight fleet restart; breaking the lock and proceeding.");
                        File.Delete(lockPath);
                        File.WriteAllText(lockPath, Format(token));
                        return new RestartGuard(lockPath, token);
                    }
                }

                Thread.Sleep(settings.PollIntervalMs);
            }
        }

        private static string Format(string token) =>
            $"{Environment.ProcessId}\n{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n{token}\n";

        /// <summary>Older than <paramref name="staleMs"/>, or unreadable: a corrupt lock left by a crashed owner.</summary>
        private static bool IsStale(string lockPath, int staleMs)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(lockPath);
            }
            catch (FileNotFoundException)
            {
                return false;
            }
            catch (IOException)
            {
                return true;
            }

            if (lines.Length < 2 || !long.TryParse(lines[1].Trim(), out var stamp))
            {
                return true;
            }

            return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - stamp >= staleMs;
        }
    }

    public sealed class RestartGuard : IDisposable
    {
        public RestartGuard(string lockPath, string token)
        {
            LockPath = lockPath;
            Token = token;
        }

        public string LockPath { get; }

        public string Token { get; }

        public void Release()
        {
            try
            {
                File.Delete(LockPath);
            }
            catch (IOException)
            {
                // Raced away: nothing more to do.
            }
        }

        public void Dispose() => Release();
    }
}
