using LockAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

/// <summary>Breaks stale locks atomically by rename, and only with dead-owner evidence.</summary>
/// <remarks>
/// A lock is broken only when, under the transition lock (see docs/runtime.md):
/// <list type="bullet">
/// <item>its mtime is older than <c>staleAfter</c> (a heartbeat that stopped), and</item>
/// <item>no process holds a flock on it (the kernel drops flocks of dead processes; a live holder keeps one), and</item>
/// <item>its owner is definitely dead (<see cref="LockOwner.IsDefinitelyDead"/>), or, when the record names no pid
/// (empty, torn, garbage), its mtime is older than the hard limit <see cref="UnreadableRecordHardLimit"/>.</item>
/// </list>
/// Time alone is never evidence: a holder whose heartbeat fails on a full disk is still inside.
/// </remarks>
public static class LockSteal
{
    /// <summary>How long a transition waits for the transition lock, which is held for a few syscalls at a time.</summary>
    internal static readonly TimeSpan TransitionWait = TimeSpan.FromSeconds(2);

    /// <summary>The staleAfter assumed by <see cref="TryRetire(string)"/>, which is not told the caller's threshold.</summary>
    internal static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How old a lock whose record names no owner (empty, torn, unparseable) must be before it is broken:
    /// max(10 × staleAfter, 10 minutes). This library writes its record through the creating handle within
    /// microseconds of the O_EXCL create and under the transition lock, so an empty record of its own older than a
    /// few seconds is a crash. Legacy code, however, often creates an empty lock and holds it by existence alone for
    /// as long as its job runs, and such a lock carries no evidence at all. An order of magnitude beyond the
    /// caller's own staleness threshold, and never less than ten minutes, keeps a short staleAfter (tests, tight
    /// loops) from breaking a live holder while still letting a crashed writer's lock clear without a human.
    /// </summary>
    public static TimeSpan UnreadableRecordHardLimit(TimeSpan staleAfter)
    {
        TimeSpan floor = TimeSpan.FromMinutes(10);
        if (staleAfter <= TimeSpan.Zero)
        {
            return floor;
        }

        return staleAfter.Ticks > TimeSpan.MaxValue.Ticks / 10 ? TimeSpan.MaxValue : TimeSpan.FromTicks(Math.Max(staleAfter.Ticks * 10, floor.Ticks));
    }

    public static StealOutcome TryBreakStale(string lockPath, TimeSpan staleAfter) => TryBreakStale(lockPath, staleAfter, logger: null);

    /// <summary>Breaks the lock when it is stale by time and its owner is provably dead (see the type remarks). On
    /// <see cref="StealOutcome.Stolen"/> the path is free and the caller still has to acquire it (O_EXCL create),
    /// competing fairly with everyone else.</summary>
    public static StealOutcome TryBreakStale(string lockPath, TimeSpan staleAfter, ILogger? logger) =>
        Break(lockPath, staleAfter, UnreadableRecordHardLimit(staleAfter), logger);

    /// <summary>
    /// The rename-based replacement for <c>File.Delete(lockPath)</c> in legacy steal code that has already judged
    /// the lock stale by its own rule. Retires the lock only when nothing shows a live owner: no flock is held on it
    /// and its owner (runtime or legacy record) is definitely dead, or it names no owner and is older than
    /// <see cref="UnreadableRecordHardLimit"/> of 30 s (10 minutes). Of N concurrent callers exactly one gets true;
    /// the others get false, and so does anyone who would retire the lock the winner creates next.
    /// </summary>
    public static bool TryRetire(string lockPath) => TryRetire(lockPath, DefaultStaleAfter, logger: null);

    /// <summary><see cref="TryRetire(string)"/> with the caller's staleness threshold for the hard limit.</summary>
    public static bool TryRetire(string lockPath, TimeSpan staleAfter, ILogger? logger = null) =>
        Break(lockPath, TimeSpan.Zero, UnreadableRecordHardLimit(staleAfter), logger) == StealOutcome.Stolen;

    /// <summary>An ownerless lock file is a crashed runtime create when the sidecar's create marker is still set (its
    /// writer never finished: a live writer would hold the transition lock we now hold), the writer is provably dead,
    /// and the file was born within the marker's moment (statx birth time, which nothing can set afterwards). Without
    /// a birth time, or for any legacy empty lock, the hard limit applies.</summary>
    private static bool IsCrashedCreate(TransitionLock transition, LockSnapshot snap)
    {
        try
        {
            var marker = transition.ReadState().Marker;
            if (marker == null || snap.Identity.BirthUtc is not { } born || !marker.Writer.IsDefinitelyDead())
            {
                return false;
            }

            var marked = DateTime.UnixEpoch.AddMilliseconds(marker.UnixMs);
            return born >= marked.AddSeconds(-1) && born <= marked.AddSeconds(2);
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
            return false;
        }
    }

    internal static StealOutcome Break(string lockPath, TimeSpan staleAfter, TimeSpan hardLimit, ILogger? logger) =>
        Break(lockPath, staleAfter, hardLimit, logger, TransitionWait);

    internal static StealOutcome Break(string lockPath, TimeSpan staleAfter, TimeSpan hardLimit, ILogger? logger, TimeSpan transitionWait)
    {
        if (string.IsNullOrEmpty(lockPath))
        {
            throw new ArgumentException("A lock path is required.", nameof(lockPath));
        }

        int pre = Native.TryStat(lockPath, out var seen);
        if (pre == Native.ENOENT || pre == 20 /* ENOTDIR */)
        {
            return StealOutcome.NoLock;
        }

        if (pre != 0)
        {
            logger?.LogWarning("Cannot inspect lock {LockPath}: errno {Errno}", lockPath, pre);
            return StealOutcome.Unhealthy;
        }

        TransitionLock? transition;
        try
        {
            transition = TransitionLock.TryEnter(lockPath, transitionWait);
        }
        catch (Exception e) when (IoFailure.Is(e))
        {
            logger?.LogWarning(e, "Cannot take the transition lock of {LockPath} ({Health})", lockPath, LockHealthClassifier.Classify(e));
            return StealOutcome.Unhealthy;
        }

        if (transition is null)
        {
            return StealOutcome.LostRace;
        }

        using (transition)
        {
            var snap = LockRecordReader.ReadAndProbe(lockPath);
            if (snap is null)
            {
                return StealOutcome.LostRace; // it was there a moment ago: someone else removed it
            }

            if (snap.Error != null)
            {
                var health = LockHealthClassifier.Classify(snap.Error);
                if (health == LockHealth.PathMissing)
                {
                    return StealOutcome.LostRace;
                }

                logger?.LogWarning(snap.Error, "Cannot read lock {LockPath} ({Health})", lockPath, health);
                return StealOutcome.Unhealthy;
            }

            if (!snap.Identity.SameFileAs(seen))
            {
                return StealOutcome.LostRace; // replaced while we waited for the transition lock
            }

            TimeSpan age = DateTime.UtcNow - snap.Identity.LastWriteUtc;
            if (age < staleAfter)
            {
                return StealOutcome.NotStale;
            }

            if (snap.FlockHeld)
            {
                return StealOutcome.OwnerAlive;
            }

            var owner = snap.Owner;
            if (owner is null || owner.ProcessId <= 0)
            {
                if (age < hardLimit && !IsCrashedCreate(transition, snap))
                {
                    return StealOutcome.NotStale;
                }
            }
            else if (!owner.IsDefinitelyDead())
            {
                return StealOutcome.OwnerAlive;
            }

            string judgedText = snap.Text;
            string? judgedToken = owner is { IsLegacy: false, Token.Length: > 0 } ? owner.Token : null;
            bool Matches(string text) => judgedToken != null
                ? string.Equals(LockOwner.Parse(text)?.Token, judgedToken, StringComparison.Ordinal)
                : string.Equals(text, judgedText, StringComparison.Ordinal);

            try
            {
                if (!Retire.Verified(lockPath, snap.Identity, Matches, logger))
                {
                    return StealOutcome.LostRace;
                }
            }
            catch (Exception e) when (IoFailure.Is(e))
            {
                logger?.LogWarning(e, "Cannot break stale lock {LockPath} ({Health})", lockPath, LockHealthClassifier.Classify(e));
                return StealOutcome.Unhealthy;
            }

            logger?.LogInformation("Broke stale lock {LockPath} held by {Holder}", lockPath, owner?.Describe() ?? "an unreadable record");
            return StealOutcome.Stolen;
        }
    }
}
