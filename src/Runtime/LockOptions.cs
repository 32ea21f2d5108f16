using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime;

/// <summary>How a <see cref="LockFile"/> waits, beats and judges staleness.</summary>
public sealed class LockOptions
{
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public ILogger? Logger { get; init; }
}
