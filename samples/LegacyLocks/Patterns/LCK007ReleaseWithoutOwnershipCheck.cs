using System;
using System.IO;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK007: lock files released by deleting them without checking that they are still ours. After a takeover the
    /// delete removes the new owner's lock (seed 004); deleting the path after closing a handle lock lets a third
    /// process in while a waiter still holds the unlinked inode (seed 001).
    /// </summary>
    public sealed class LCK007ReleaseWithoutOwnershipCheck : IDisposable
    {
        private readonly string _lockPath;
        private readonly string _token = Guid.NewGuid().ToString("N");

        public LCK007ReleaseWithoutOwnershipCheck(string directory)
        {
            _lockPath = Path.Combine(directory, "restart.lock");
        }

        public void Acquire()
        {
            using (var stream = new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }

            File.WriteAllText(_lockPath, _token);
        }

        /// <summary>Deletes whoever's lock is there now. Fix (runtime referenced): LockFile.Release(_lockPath, _token).</summary>
        public void Release()
        {
            if (File.Exists(_lockPath))
            {
                File.Delete(_lockPath); // LCK007
            }
        }

        /// <summary>The same in a finally after acquiring.</summary>
        public void RunExclusive(Action work)
        {
            Acquire();
            try
            {
                work();
            }
            finally
            {
                File.Delete(_lockPath); // LCK007
            }
        }

        /// <summary>Not flagged: the release reads the lock and deletes only while our token is in it.</summary>
        public void ReleaseIfOurs()
        {
            string current;
            try
            {
                current = File.ReadAllText(_lockPath).Trim();
            }
            catch (FileNotFoundException)
            {
                return;
            }

            if (current == _token)
            {
                File.Delete(_lockPath);
            }
        }

        public void Dispose() => Release();
    }

    /// <summary>A handle lock (FileShare.None) closed and then deleted by path: the seed 001 shape.</summary>
    public sealed class LCK007HandleLockDaemon : IDisposable
    {
        private readonly string _lockPath;
        private readonly FileStream _lockHandle;

        public LCK007HandleLockDaemon(string directory)
        {
            _lockPath = Path.Combine(directory, "daemon.lock");
            _lockHandle = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }

        public void Dispose()
        {
            _lockHandle.Dispose();
            File.Delete(_lockPath); // LCK007: after closing its handle
        }
    }

    /// <summary>Not flagged: the handle deletes the file as it closes, while it is still the lock.</summary>
    public sealed class LCK007DeleteOnCloseDaemon : IDisposable
    {
        private readonly FileStream _lockHandle;

        public LCK007DeleteOnCloseDaemon(string directory)
        {
            _lockHandle = new FileStream(
                Path.Combine(directory, "daemon.lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        }

        public void Dispose() => _lockHandle.Dispose();
    }
}
