using System;
using System.IO;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK009: a FileShare.None handle (a flock on Linux) kept for the holder's life, and nothing notices when its path
    /// is removed or re-created (seed 001). The lock pins the inode: after an rm -rf of the directory a second instance
    /// locks a new file at the same path and both run.
    /// </summary>
    public sealed class LCK009HandleLockPathNotWatched : IDisposable
    {
        private readonly string _lockPath;
        private FileStream? _instanceLock;

        public LCK009HandleLockPathNotWatched(string directory)
        {
            _lockPath = Path.Combine(directory, "instance.lock");
        }

        /// <summary>Fix (runtime referenced): LockPathWatch.Start(_instanceLock, _lockPath, LockLossAction.ExitProcess)
        /// right after the open, and the watch disposed first in Dispose.</summary>
        public bool TryBecomeTheInstance()
        {
            try
            {
                _instanceLock = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>Not flagged: the handle lives only for this member.</summary>
        public void RunOnce(Action work)
        {
            using (new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                work();
            }
        }

        public void Dispose()
        {
            _instanceLock?.Dispose();
            _instanceLock = null;
        }
    }
}
