using System;
using System.IO;
using System.Threading;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK002: a build-cache lock broken because its file looks old. A holder whose disk filled up stops touching the
    /// file but is still inside; after ten seconds every waiting build decides it is dead and breaks in.
    /// </summary>
    public sealed class BuildCacheLock
    {
        private const int StaleMs = 10_000;
        private readonly string _lockPath;

        public BuildCacheLock(string cacheDirectory)
        {
            _lockPath = Path.Combine(cacheDirectory, "cache.lock");
        }

        public FileStream Acquire(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    return new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                }
                catch (IOException)
                {
                    var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(_lockPath);
                    if (age.TotalMilliseconds > StaleMs)
                    {
                        // Nobody has touched it for a while: the owner must have crashed.
                        File.Delete(_lockPath);
                        continue;
                    }
                }

                Thread.Sleep(50);
            }
        }

        /// <summary>The same judgement through a helper: still nothing but a timestamp.</summary>
        public void BreakIfAbandoned()
        {
            if (LooksAbandoned())
            {
                File.Move(_lockPath, _lockPath + ".abandoned");
            }
        }

        private bool LooksAbandoned() => File.GetLastWriteTimeUtc(_lockPath) < DateTime.UtcNow.AddMinutes(-5);
    }
}
