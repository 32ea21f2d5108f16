using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

public sealed partial class LockFile
{
    private void StartHeartbeat()
    {
        var interval = _options.HeartbeatInterval;
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _timer = new Timer(static s => ((LockFile)s!).OnBeat(), this, interval, interval);
    }

    private void OnBeat()
    {
        // A timer callback must never throw: an unhandled exception here would kill the process.
        if (_released || Interlocked.Exchange(ref _beating, 1) == 1)
        {
            return;
        }

        try
        {
            var (health, operation, error) = Beat();
            SetHealth(health, operation, error);
        }
        catch (Exception e)
        {
            try
            {
                SetHealth(IoFailure.Is(e) ? LockHealthClassifier.Classify(e) : LockHealth.Unknown, "heartbeat", e);
            }
            catch (Exception)
            {
            }
        }
        finally
        {
            Volatile.Write(ref _beating, 0);
        }
    }

    /// <summary>One heartbeat: futimens through the held handle (no path race; works on a full disk), then check the
    /// path still names our inode and our inode still has a name.</summary>
    internal (LockHealth Health, string Operation, Exception? Error) Beat()
    {
        if (_released)
        {
            return (Health, "heartbeat", null);
        }

        try
        {
            File.SetLastWriteTimeUtc(_handle, DateTime.UtcNow);
        }
        catch (ObjectDisposedException)
        {
            return (Health, "heartbeat", null); // released concurrently
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
            return (LockHealthClassifier.Classify(e), "futimens", e);
        }

        int err = Native.TryStat(_handle, out var mine);
        if (err != 0)
        {
            var e = Native.ToException(err, "fstat", Path);
            return (LockHealthClassifier.Classify(e), "fstat", e);
        }

        err = Native.TryStat(Path, out var atPath);
        if (err == Native.ENOENT)
        {
            return (LockHealth.Unlinked, "stat", null);
        }

        if (err != 0)
        {
            var e = Native.ToException(err, "stat", Path);
            return (LockHealthClassifier.Classify(e), "stat", e);
        }

        if (!atPath.SameFileAs(_identity))
        {
            return (LockHealth.Replaced, "stat", null);
        }

        if (mine.Known && mine.LinkCount == 0)
        {
            return (LockHealth.Unlinked, "stat", null);
        }

        return (LockHealth.Healthy, "futimens", null);
    }

    /// <summary>Runs one heartbeat now (tests, and callers that want a check before a critical write).</summary>
    public LockHealth CheckNow()
    {
        var (health, operation, error) = Beat();
        SetHealth(health, operation, error);
        return Health;
    }

    private void SetHealth(LockHealth health, string operation, Exception? error)
    {
        bool changed;
        lock (_gate)
        {
            if (_released || Health is LockHealth.Replaced or LockHealth.Unlinked)
            {
                return;
            }

            changed = Health != health;
            Health = health;
            LastError = error;
        }

        if (health != LockHealth.Healthy)
        {
            LockHeartbeat.Log(_options.Logger, new HeartbeatResult(Path, operation, health, error), Path);
            if (health is LockHealth.Replaced or LockHealth.Unlinked)
            {
                _timer?.Dispose();
            }
        }

        // HealthChanged before Lost, so code woken by Lost already sees the event's effects.
        if (changed)
        {
            try
            {
                OnHealthChanged(health);
            }
            catch (Exception e)
            {
                _options.Logger?.LogError(e, "A HealthChanged handler of lock {LockPath} threw", Path);
            }
        }

        if (health != LockHealth.Healthy)
        {
            try
            {
                _lost.Cancel();
            }
            catch (Exception e)
            {
                _options.Logger?.LogError(e, "A Lost callback of lock {LockPath} threw", Path);
            }
        }
    }

    private void OnHealthChanged(LockHealth health) => HealthChanged?.Invoke(this, health);
}
