using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers
{
    /// <summary>The one catalogue of LockAnalyzers rules. Every analyzer takes its descriptor from here.</summary>
    public static class DiagnosticCatalogue
    {
        /// <summary>Help links point at the rule pages in the repository, so a link always matches the shipped docs.</summary>
        public const string HelpLinkBase = "https://github.com/lockanalyzers/lockanalyzers/blob/main/docs/rules/";

        /// <summary>One category for every lock rule, so one `dotnet_analyzer_diagnostic.category-LockFiles.severity` line sets them all without touching the CA reliability rules.</summary>
        public const string Category = "LockFiles";

        public const string LCK001 = nameof(LCK001);
        public const string LCK002 = nameof(LCK002);
        public const string LCK003 = nameof(LCK003);
        public const string LCK004 = nameof(LCK004);
        public const string LCK005 = nameof(LCK005);
        public const string LCK006 = nameof(LCK006);
        public const string LCK007 = nameof(LCK007);
        public const string LCK008 = nameof(LCK008);
        public const string LCK009 = nameof(LCK009);
        public const string LCK010 = nameof(LCK010);

        public static readonly DiagnosticDescriptor HeartbeatFailureSwallowed = Create(
            LCK001,
            "Heartbeat failure is swallowed",
            "Heartbeat write to '{0}' can fail silently: the catch on line {1} swallows its failure, so the holder keeps working while contenders see a stale lock",
            "A heartbeat that fails (disk full, I/O error, permissions, missing path) must stop the protected work or mark the lock unhealthy. Swallowing the error lets a contender judge the lock stale and enter while the holder is still inside.");

        public static readonly DiagnosticDescriptor StaleByTimestampAlone = Create(
            LCK002,
            "Stale lock judged by a timestamp alone",
            "Lock '{0}' is broken because it looks old, with no evidence that its owner is dead",
            "An old timestamp proves only that the heartbeat stopped, not that the owner is gone: a full disk or a permission change stops heartbeats of a live owner. Require dead-owner evidence before breaking a lock.");

        public static readonly DiagnosticDescriptor DeleteThenCreate = Create(
            LCK003,
            "Lock file deleted then re-created",
            "Lock '{0}' is deleted and then re-created: two contenders that both delete it both win",
            "Breaking a lock by delete-then-create is not atomic: a second breaker deletes the first breaker's fresh lock and creates its own. Retire the old lock by an atomic rename so only one contender proceeds.");

        public static readonly DiagnosticDescriptor ContinueSkipsDeadline = Create(
            LCK004,
            "'continue' skips the loop's deadline check",
            "This 'continue' skips the deadline check on line {0}: if the retry keeps failing the loop never times out{1}",
            "A retry loop whose deadline check sits at the bottom of the body is skipped by every 'continue'. When the retried step keeps failing (a stale lock that cannot be deleted) the loop spins forever. Check the deadline at the top of the loop.");

        public static readonly DiagnosticDescriptor LockWaitWithoutDeadline = Create(
            LCK005,
            "Lock wait with no deadline",
            "This loop waits for lock '{0}' {1}",
            "A loop that waits for a lock must be bounded by a deadline, a counter or a cancellation token, and must sleep between attempts; otherwise a lock that is never released hangs the process or burns a core.");

        public static readonly DiagnosticDescriptor CheckThenCreate = Create(
            LCK006,
            "Lock acquired by check-then-create",
            "Lock '{0}' is created after an existence check: two processes can both pass the check and both own the lock",
            "Checking that a lock file does not exist and then creating it is a race. Create the lock exclusively (FileMode.CreateNew, O_EXCL) and treat 'already exists' as 'not acquired'.");

        public static readonly DiagnosticDescriptor ReleaseWithoutOwnershipCheck = Create(
            LCK007,
            "Lock released without checking ownership",
            "Lock '{0}' is deleted {1} without checking that it is still ours",
            "Deleting a lock on release without checking that this process still owns it removes the lock of whoever took it over; deleting the path after closing a handle lock lets a third process in while a waiter holds the unlinked inode.");

        public static readonly DiagnosticDescriptor PidOnlyLiveness = Create(
            LCK008,
            "Lock owner liveness decided by PID alone",
            "Owner liveness of lock '{0}' is decided by PID alone: a reused PID makes a dead owner look alive, and a PID from another host means nothing here",
            "PIDs are reused and are local to a host and a boot. Compare the process start time, host and boot id recorded in the lock before trusting that the owner is alive or dead.");

        public static readonly DiagnosticDescriptor HandleLockPathNotWatched = Create(
            LCK009,
            "Handle lock does not notice its path being replaced",
            "Lock '{0}' is held through the handle in '{1}', but nothing checks that the path still names the locked file: if the path is removed or re-created, a second holder locks a new file while this one runs on",
            "A FileShare.None handle (a flock on Linux) locks the inode, not the path. After an rm -rf of the directory, or an unlink and re-create of the path, the holder keeps its lock on an orphaned inode while a second holder locks a new file at the same path, and both run; the first one's shutdown then deletes the second one's files. Compare the handle's device and inode with the path's while holding the lock, and stop when they differ.");

        public static readonly DiagnosticDescriptor BaselineUnreadable = Create(
            LCK010,
            "Lock findings baseline cannot be read",
            "The baseline '{0}' cannot be read ({1}): it accepts no finding, so every lock finding is reported",
            "A project that lists lockanalyzers.baseline.json as an AdditionalFiles item gates only new lock findings. When the file is not the JSON that `lockanalyzers audit --write-baseline` writes, it accepts nothing; this says so instead of leaving every old finding to look new.",
            WellKnownDiagnosticTags.CompilationEnd);

        public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
            HeartbeatFailureSwallowed,
            StaleByTimestampAlone,
            DeleteThenCreate,
            ContinueSkipsDeadline,
            LockWaitWithoutDeadline,
            CheckThenCreate,
            ReleaseWithoutOwnershipCheck,
            PidOnlyLiveness,
            HandleLockPathNotWatched,
            BaselineUnreadable);

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        private static DiagnosticDescriptor Create(string id, string title, string message, string description, params string[] customTags) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                Category,
                DiagnosticSeverity.Warning,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id),
                customTags: customTags);
    }
}
