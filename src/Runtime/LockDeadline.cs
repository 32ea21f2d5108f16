using System.Diagnostics;

namespace LockAnalyzers.Runtime;

/// <summary>A monotonic deadline for lock waits, checked at the top of every loop iteration.</summary>
/// <remarks>
/// Built on <see cref="Stopwatch.GetTimestamp"/>, so wall-clock jumps neither shorten nor extend a wait.
/// <see cref="Timeout.InfiniteTimeSpan"/> never expires. <c>default(LockDeadline)</c> is already expired, so a
/// forgotten initialisation fails fast instead of hanging.
/// </remarks>
public readonly struct LockDeadline
{
    private readonly long _deadline;
    private readonly bool _infinite;

    private LockDeadline(long deadline, bool infinite)
    {
        _deadline = deadline;
        _infinite = infinite;
    }

    /// <summary>The deadline <paramref name="timeout"/> from now. Zero or negative is already expired.</summary>
    public static LockDeadline After(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return new LockDeadline(long.MaxValue, infinite: true);
        }

        long now = Stopwatch.GetTimestamp();
        if (timeout <= TimeSpan.Zero)
        {
            return new LockDeadline(now, infinite: false);
        }

        double ticks = timeout.TotalSeconds * Stopwatch.Frequency;
        long deadline = ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
        return new LockDeadline(deadline, infinite: false);
    }

    public static LockDeadline Infinite => new(long.MaxValue, infinite: true);

    public bool IsInfinite => _infinite;

    public bool IsExpired => !_infinite && Stopwatch.GetTimestamp() >= _deadline;

    /// <summary>Time left (zero when expired; <see cref="Timeout.InfiniteTimeSpan"/> when infinite).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (_infinite)
            {
                return Timeout.InfiniteTimeSpan;
            }

            long left = _deadline - Stopwatch.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
        }
    }

    /// <summary>Throws <see cref="LockTimeoutException"/> when expired, naming the lock path and, when its owner
    /// record is readable, the holder.</summary>
    public void ThrowIfExpired(string? lockPath = null)
    {
        if (IsExpired)
        {
            throw CreateTimeoutException(lockPath);
        }
    }

    /// <summary>Sleeps a jittered <paramref name="poll"/> (between half and all of it), never past the deadline.</summary>
    public void Delay(TimeSpan poll) => Delay(poll, attempt: 0);

    /// <summary>Sleeps with exponential backoff (poll × 2^attempt, capped at 8 × poll) and jitter, never past the deadline.</summary>
    public void Delay(TimeSpan poll, int attempt)
    {
        TimeSpan d = NextDelay(poll, attempt);
        if (d > TimeSpan.Zero)
        {
            Thread.Sleep(d);
        }
    }

    public Task DelayAsync(TimeSpan poll, CancellationToken cancellationToken = default) => DelayAsync(poll, 0, cancellationToken);

    public Task DelayAsync(TimeSpan poll, int attempt, CancellationToken cancellationToken = default)
    {
        TimeSpan d = NextDelay(poll, attempt);
        return d > TimeSpan.Zero ? Task.Delay(d, cancellationToken) : cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>The sleep <see cref="Delay(TimeSpan, int)"/> would take: jittered backoff clamped to <see cref="Remaining"/>.</summary>
    public TimeSpan NextDelay(TimeSpan poll, int attempt = 0) => Clamp(Backoff(poll, attempt, Random.Shared.NextDouble()), Remaining);

    internal static TimeSpan Backoff(TimeSpan poll, int attempt, double unit)
    {
        if (poll <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        int shift = Math.Clamp(attempt, 0, 3);
        double upper = poll.Ticks * (double)(1 << shift);
        // "Equal jitter": half fixed, half random, so contenders spread out but none waits much less than asked.
        return TimeSpan.FromTicks((long)(upper / 2 + (upper / 2 * Math.Clamp(unit, 0, 1))));
    }

    internal static TimeSpan Clamp(TimeSpan delay, TimeSpan remaining) =>
        remaining == Timeout.InfiniteTimeSpan || delay <= remaining ? delay : remaining;

    internal LockTimeoutException CreateTimeoutException(string? lockPath)
    {
        string? holder = null;
        if (lockPath != null)
        {
            try
            {
                holder = LockOwner.TryRead(lockPath)?.Describe();
            }
            catch (Exception)
            {
                // The holder is best effort; the timeout itself must still be reported.
            }
        }

        string message = lockPath == null
            ? "Timed out waiting for a lock."
            : holder == null
                ? $"Timed out waiting for lock '{lockPath}' (holder unknown). If no process holds it, remove the file by hand: rm -f '{lockPath}'."
                : $"Timed out waiting for lock '{lockPath}' held by {holder}. If that process is gone, remove the file by hand: rm -f '{lockPath}'.";
        return new LockTimeoutException(message, lockPath, holder);
    }
}
