using System;
using System.IO;

namespace LegacyLocks.Seeds
{
    /// <summary>
    /// Seed 001 (a Go daemon with a flock singleton): one agent daemon per state directory. The daemon opens
    /// <c>daemon.lock</c> with <see cref="FileShare.None"/> (on Linux .NET takes flock(LOCK_EX|LOCK_NB) on it) and keeps
    /// the handle for its whole life, then advertises itself in <c>daemon.pid</c>.
    /// </summary>
    /// <remarks>
    /// What goes wrong: a flock pins the inode, not the path. After an <c>rm -rf</c> of the state directory the running
    /// daemon still holds its lock on the orphaned inode, a second daemon creates and locks a new file at the same path,
    /// and both run. When the first one shuts down it deletes the second one's pid file and lock file.
    /// </remarks>
    public sealed class AgentDaemonSingleton : IDisposable
    {
        private readonly string _stateDir;
        private FileStream? _lockHandle;

        public AgentDaemonSingleton(string stateDir)
        {
            _stateDir = stateDir;
        }

        public string LockPath => Path.Combine(_stateDir, "daemon.lock");

        public string PidPath => Path.Combine(_stateDir, "daemon.pid");

        /// <summary>Returns false when another daemon already runs for this state directory.</summary>
        public bool TryStart()
        {
            Directory.CreateDirectory(_stateDir);
            try
            {
                _lockHandle = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return false;
            }

            File.WriteAllText(PidPath, Environment.ProcessId.ToString());
            return true;
        }

        public void Dispose()
        {
            if (_lockHandle == null)
            {
                return;
            }

            _lockHandle.Dispose();
            _lockHandle = null;
            File.Delete(PidPath);
            File.Delete(LockPath);
        }
    }
}
