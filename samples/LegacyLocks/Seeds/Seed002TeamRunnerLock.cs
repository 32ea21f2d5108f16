using System;
using System.IO;
using System.Text;
using System.Threading;

namespace LegacyLocks.Seeds
{
    /// <summary>
    /// Seed 002 (a TypeScript team runner, fs-lock.ts): the lock around the team's shared member-status file. Every
    /// worker and the leader take it for a few milliseconds to update a member's status.
    /// </summary>
    /// <remarks>
    /// What goes wrong: a worker killed mid-update leaves its lock behind. The lock is judged stale by age alone and
    /// broken by delete + re-create, so when several processes find the same stale lock at once (the leader and all
    /// workers on shutdown) each deletes it, some delete a lock another one has just re-created, and more than one
    /// "wins".
    /// </remarks>
    public static class TeamStatusLock
    {
        public const int DefaultStaleMs = 30_000;
        public const int DefaultTimeoutMs = 10_000;

        public static IDisposable Acquire(string lockPath, int staleMs = DefaultStaleMs, int timeoutMs = DefaultTimeoutMs)
        {
            var started = Environment.TickCount64;
            while (true)
            {
                try
                {
                    using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        var content = Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n");
                        stream.Write(content, 0, content.Length);
                    }

                    return new Releaser(lockPath);
                }
                catch (IOException)
                {
                    // Held by someone else. Break it if it has been around too long.
                    var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath);
                    if (age.TotalMilliseconds > staleMs)
                    {
                        Console.Error.WriteLine($"fs-lock: removing stale lock {lockPath} ({age.TotalMilliseconds:F0} ms old)");
                        File.Delete(lockPath);
                        continue;
                    }
                }

                if (Environment.TickCount64 - started > timeoutMs)
                {
                    throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for lock {lockPath}");
                }

                Thread.Sleep(50);
            }
        }

        private sealed class Releaser : IDisposable
        {
            private readonly string _lockPath;

            public Releaser(string lockPath)
            {
                _lockPath = lockPath;
            }

            public void Dispose()
            {
                try
                {
                    File.Delete(_lockPath);
                }
                catch (IOException)
                {
                    // Already gone.
                }
            }
        }
    }
}
