using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

/// <summary>How often a <see cref="LockPathWatch"/> checks, and where it logs.</summary>
public sealed class LockPathWatchOptions
{
    /// <summary>The poll interval: the longest a loss goes unnoticed when no directory event arrives. 1 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Also check at once when the directory reports the name deleted, renamed or created (inotify). On by default.</summary>
    public bool WatchDirectoryEvents { get; init; } = true;

    public ILogger? Logger { get; init; }
}
