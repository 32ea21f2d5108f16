using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.Runtime;
using Microsoft.Extensions.Logging;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK001 showcase: heartbeats whose failure is swallowed, in the shapes legacy lock code takes (a timer callback,
    /// an async keep-alive loop, a touch helper called from a try, a lease renewal that writes the file), and the
    /// shapes that are right (the failure stops the work or is returned to the caller).
    /// </summary>
    public sealed class LegacyLeaseHolder : IDisposable
    {
        private readonly string _lockPath;
        private readonly string _leasePath;
        private readonly ILogger _logger;
        private Timer? _heartbeatTimer;
        private int _missedBeats;

        public LegacyLeaseHolder(string lockPath, ILogger logger)
        {
            _lockPath = lockPath;
            _leasePath = lockPath + ".lease";
            _logger = logger;
        }

        // LCK001: the timer logs the failed refresh and carries on; the lock's mtime goes stale while we still work.
        public void StartHeartbeat(TimeSpan interval)
        {
            _heartbeatTimer = new Timer(_ =>
            {
                try
                {
                    File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
                }
                catch (IOException ex)
                {
                    _logger.LogWarning(ex, "Heartbeat for {LockPath} failed, will retry", _lockPath);
                }
            }, null, interval, interval);
        }

        // LCK001: the same swallow in an async keep-alive loop; DateTimeOffset forms are heartbeats too.
        public async Task KeepAliveAsync(TimeSpan interval, CancellationToken token)
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    new FileInfo(_lockPath).LastWriteTimeUtc = DateTimeOffset.UtcNow.UtcDateTime;
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine("keep-alive failed: " + ex.Message);
                }

                await Task.Delay(interval, token).ConfigureAwait(false);
            }
        }

        // LCK001 (one call deep): the touch itself is unguarded, but its only caller swallows the failure.
        private void TouchLock() => File.SetLastWriteTime(_lockPath, DateTime.Now);

        public void OnTick()
        {
            try
            {
                TouchLock();
            }
            catch
            {
                // ignore: the next tick will try again
            }
        }

        // LCK001: a lease renewal that rewrites the lease file, swallowed in a Task.Run body.
        public Task RenewLeaseInBackground() => Task.Run(async () =>
        {
            try
            {
                await File.WriteAllTextAsync(_leasePath, DateTime.UtcNow.ToString("O")).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException)
            {
            }
        });

        // Not LCK001: counting the miss is state the holder acts on (see IsHealthy).
        public void HeartbeatCountingMisses()
        {
            try
            {
                File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
                _missedBeats = 0;
            }
            catch (IOException)
            {
                _missedBeats++;
            }
        }

        public bool IsHealthy => _missedBeats == 0;

        // Not LCK001: the runtime classifies the failure (disk full, EIO, access denied, missing path) and the holder stops.
        public void HeartbeatWithRuntime()
        {
            var heartbeat = LockHeartbeat.Refresh(_lockPath, _lockPath, _logger);
            if (!heartbeat.IsHealthy)
            {
                heartbeat.ThrowIfUnhealthy();
            }
        }

        // Not LCK001: the caller learns the heartbeat failed.
        public bool TryHeartbeat()
        {
            try
            {
                File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
                return true;
            }
            catch (IOException ex)
            {
                _logger.LogError(ex, "Heartbeat for {LockPath} failed", _lockPath);
                return false;
            }
        }

        // Not LCK001: copying a timestamp from another file is not a heartbeat.
        public void CopyStamp(string source)
        {
            try
            {
                File.SetLastWriteTimeUtc(_lockPath, File.GetLastWriteTimeUtc(source));
            }
            catch (IOException)
            {
            }
        }

        public void Dispose() => _heartbeatTimer?.Dispose();
    }
}
