using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK004 showcase: seed 003's acquire loop ported to C#. A stale lock that cannot be deleted (permissions, a
    /// versioned store that re-creates it) sends every iteration down the cleanup path, whose <c>continue</c> jumps
    /// past the timeout check at the bottom: the loop never times out, and never sleeps either.
    /// </summary>
    public sealed class LCK004ContinueSkipsDeadline
    {
        private readonly string _lockPath;
        private readonly TimeSpan _maxWait;
        private readonly TimeSpan _staleAfter = TimeSpan.FromMinutes(1);

        public LCK004ContinueSkipsDeadline(string lockPath, TimeSpan maxWait)
        {
            _lockPath = lockPath;
            _maxWait = maxWait;
        }

        /// <summary>Expect LCK004 on the <c>continue</c>; fixes: move the check to the top, or use LockDeadline.</summary>
        public FileStream Acquire()
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                }
                catch (IOException)
                {
                    if (IsStale())
                    {
                        try
                        {
                            File.Delete(_lockPath);
                        }
                        catch (IOException)
                        {
                            // Could not delete it; retry straight away.
                        }

                        continue;
                    }
                }

                Thread.Sleep(100);
                if (sw.Elapsed > _maxWait)
                {
                    throw new TimeoutException($"Timed out after {_maxWait} waiting for {_lockPath}");
                }
            }
        }

        /// <summary>
        /// The same bug in an async loop with an absolute deadline; expect LCK004 on the <c>continue</c>. Its steal
        /// through <c>TryDelete</c> is also delete-then-create (LCK003).
        /// </summary>
        public async Task<FileStream> AcquireAsync()
        {
            var deadline = DateTime.UtcNow + _maxWait;
            do
            {
                try
                {
                    return new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                }
                catch (IOException) when (IsStale())
                {
                    TryDelete();
                    continue;
                }
                catch (IOException)
                {
                }

                await Task.Delay(100).ConfigureAwait(false);
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException("Timed out waiting for " + _lockPath);
                }
            }
            while (true);
        }

        /// <summary>
        /// Fixed shape (seed 003's fix): the timeout is checked first, so no path skips it, and LCK004 is quiet. The
        /// steal it kept is still unsafe, and is reported through <c>TryDelete</c>: the lock is judged stale by its mtime
        /// alone (LCK002) and broken by delete-then-create (LCK003).
        /// </summary>
        public FileStream AcquireFixed()
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                if (sw.Elapsed > _maxWait)
                {
                    throw new TimeoutException($"Timed out after {_maxWait} waiting for {_lockPath}");
                }

                try
                {
                    return new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                }
                catch (IOException)
                {
                    if (IsStale())
                    {
                        TryDelete();
                        Thread.Sleep(100);
                        continue;
                    }
                }

                Thread.Sleep(100);
            }
        }

        private bool IsStale() => File.GetLastWriteTimeUtc(_lockPath) < DateTime.UtcNow - _staleAfter;

        private void TryDelete()
        {
            try
            {
                File.Delete(_lockPath);
            }
            catch (IOException)
            {
            }
        }
    }
}
