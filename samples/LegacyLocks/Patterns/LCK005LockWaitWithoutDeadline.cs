using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK005 showcase: seed 003's global-lock polling loops, which had no timeout at all. If the holder dies without
    /// cleaning up, or holds the lock longer than anyone expected, every waiter hangs for ever.
    /// </summary>
    public sealed class LCK005LockWaitWithoutDeadline
    {
        private readonly string _globalLockPath;

        public LCK005LockWaitWithoutDeadline(string repoDir)
        {
            _globalLockPath = Path.Combine(repoDir, ".swamp", "global.lock");
        }

        /// <summary>Expect LCK005 on <c>while</c>: no deadline, bound or cancellation. Fix: a named lockWaitTimeout and LockDeadline.</summary>
        public async Task WaitForGlobalLockAsync()
        {
            while (File.Exists(_globalLockPath))
            {
                await Task.Delay(500).ConfigureAwait(false);
            }
        }

        /// <summary>Expect LCK005 on <c>for</c>: the token is never checked. Fix: check it at the top, pass it to the delay.</summary>
        public async Task<FileStream> AcquireAsync(CancellationToken cancellationToken)
        {
            for (;;)
            {
                try
                {
                    return new FileStream(_globalLockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                }
                catch (IOException)
                {
                    await Task.Delay(250).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Expect LCK005 on <c>while</c>: bounded by the token, but a busy spin that burns a core.</summary>
        public void SpinUntilFree(CancellationToken cancellationToken)
        {
            while (File.Exists(_globalLockPath))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Fixed shape (seed 003's fix: 2x the TTL). No diagnostic.</summary>
        public async Task WaitForGlobalLockFixedAsync(TimeSpan ttl, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + ttl + ttl;
            while (File.Exists(_globalLockPath))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Timed out waiting for the global lock " + _globalLockPath);
                }

                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
