using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace LegacyLocks.Seeds
{
    /// <summary>What a datastore lock file holds.</summary>
    public sealed class DatastoreLockInfo
    {
        public string Holder { get; set; } = "";

        public int Pid { get; set; }

        public long AcquiredAtMs { get; set; }

        public long TtlMs { get; set; }
    }

    public sealed class LockTimeoutError : Exception
    {
        public LockTimeoutError(string lockPath, DatastoreLockInfo? holder, long waitedMs)
            : base($"Timed out after {waitedMs} ms waiting for {lockPath}" + (holder == null ? "" : $" (held by {holder.Holder}, pid {holder.Pid})"))
        {
        }
    }

    /// <summary>
    /// Seed 003 (a Deno tool's FileLock): the file lock around a local datastore. A lock older than its TTL is
    /// considered abandoned and removed; acquisition gives up after <c>maxWaitMs</c>.
    /// </summary>
    /// <remarks>
    /// What goes wrong: after removing (or failing to remove) a stale lock the loop jumps straight back to the top
    /// with <c>continue</c>, past the timeout check at the bottom. A stale lock that cannot be removed — an immutable
    /// or read-only directory, a permission change — spins the loop forever and the CI job hangs. Failures to release
    /// are swallowed.
    /// </remarks>
    public sealed class DatastoreFileLock
    {
        private readonly string _lockPath;
        private readonly long _ttlMs;
        private readonly int _retryIntervalMs;
        private readonly long _maxWaitMs;
        private readonly ILogger _logger;

        public DatastoreFileLock(string lockPath, long ttlMs, int retryIntervalMs, long maxWaitMs, ILogger logger)
        {
            _lockPath = lockPath;
            _ttlMs = ttlMs;
            _retryIntervalMs = retryIntervalMs;
            _maxWaitMs = maxWaitMs;
            _logger = logger;
        }

        public async Task AcquireAsync()
        {
            var stopwatch = Stopwatch.StartNew();
            while (true)
            {
                if (TryCreate())
                {
                    return;
                }

                var existing = ReadInfo();
                if (existing != null && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - existing.AcquiredAtMs > existing.TtlMs)
                {
                    _logger.LogInformation("Removing stale lock {LockPath} held by {Holder}", _lockPath, existing.Holder);
                    try
                    {
                        File.Delete(_lockPath);
                    }
                    catch (Exception ex)
                    {
                        _logger.LogDebug(ex, "Could not remove stale lock {LockPath}", _lockPath);
                    }

                    continue;
                }

                if (stopwatch.ElapsedMilliseconds >= _maxWaitMs)
                {
                    throw new LockTimeoutError(_lockPath, existing, stopwatch.ElapsedMilliseconds);
                }

                await Task.Delay(_retryIntervalMs);
            }
        }

        public void Release()
        {
            try
            {
                File.Delete(_lockPath);
            }
            catch (Exception)
            {
                // Nothing useful to do if it is already gone.
            }
        }

        private bool TryCreate()
        {
            var info = new DatastoreLockInfo
            {
                Holder = Environment.MachineName,
                Pid = Environment.ProcessId,
                AcquiredAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                TtlMs = _ttlMs,
            };
            try
            {
                using (var stream = new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write))
                {
                    JsonSerializer.Serialize(stream, info);
                }

                return true;
            }
            catch (IOException)
            {
                // Already exists: someone else holds it.
                return false;
            }
        }

        private DatastoreLockInfo? ReadInfo()
        {
            try
            {
                return JsonSerializer.Deserialize<DatastoreLockInfo>(File.ReadAllText(_lockPath));
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
