using System;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace LegacyLocks.Seeds
{
    /// <summary>
    /// Seed 000 (a heartbeat-failure runbook): the lock a batch job runner takes before it touches the shared output.
    /// A timer refreshes the lock file's mtime while the job runs; a waiting runner treats a lock whose mtime has not
    /// moved for <c>staleAfter</c> as abandoned and takes it over.
    /// </summary>
    /// <remarks>
    /// What goes wrong: when the disk fills up (ENOSPC), the device errors (EIO) or someone tightens permissions on the
    /// lock directory (EACCES), the refresh throws, the timer logs and carries on, and the job keeps writing. The mtime
    /// stops moving, the waiting runner judges the lock stale and enters while the first job is still inside.
    /// </remarks>
    public sealed class JobRunnerLock : IDisposable
    {
        private readonly string _lockPath;
        private readonly TimeSpan _staleAfter;
        private readonly TimeSpan _heartbeatInterval;
        private readonly ILogger _logger;
        private Timer? _heartbeatTimer;

        public JobRunnerLock(string lockPath, TimeSpan staleAfter, TimeSpan heartbeatInterval, ILogger logger)
        {
            _lockPath = lockPath;
            _staleAfter = staleAfter;
            _heartbeatInterval = heartbeatInterval;
            _logger = logger;
        }

        public bool TryAcquire()
        {
            if (File.Exists(_lockPath))
            {
                var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(_lockPath);
                if (age < _staleAfter)
                {
                    return false;
                }

                // Nobody has refreshed it for a while: the previous runner must have died.
                _logger.LogWarning("Lock {LockPath} was last refreshed {Age} ago, taking it over", _lockPath, age);
                File.Delete(_lockPath);
            }

            try
            {
                using (var stream = new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(Environment.ProcessId);
                }
            }
            catch (IOException)
            {
                // Someone else created it first.
                return false;
            }

            _heartbeatTimer = new Timer(Heartbeat, null, _heartbeatInterval, _heartbeatInterval);
            return true;
        }

        private void Heartbeat(object? state)
        {
            try
            {
                File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
            }
            catch (Exception ex)
            {
                // A missed beat is not fatal: the next tick tries again.
                _logger.LogWarning(ex, "Heartbeat for {LockPath} failed", _lockPath);
            }
        }

        public void Dispose()
        {
            _heartbeatTimer?.Dispose();
            File.Delete(_lockPath);
        }
    }
}
