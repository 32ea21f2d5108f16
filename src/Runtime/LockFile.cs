using LockAnalyzers.Runtime.Internal;
using Microsoft.Win32.SafeHandles;

namespace LockAnalyzers.Runtime;

/// <summary>A held lock file: exclusive create, owner record, heartbeat through the handle, explicit health, owned release.</summary>
/// <remarks>See docs/runtime.md for the protocol. In short: the file is created with O_EXCL under the transition lock
/// and the owner record is written through the creating handle before the transition lock is let go, so no runtime
/// breaker ever sees it empty; the handle is kept open (a shared flock: evidence of a live holder) and its mtime is
/// refreshed with futimens every <see cref="LockOptions.HeartbeatInterval"/>; each beat also checks that the path still
/// names our inode. Any unhealthy beat sets <see cref="Health"/>, raises <see cref="HealthChanged"/> and cancels
/// <see cref="Lost"/>.</remarks>
public sealed partial class LockFile : IDisposable, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lost = new();
    private SafeFileHandle _handle = null!;
    private FileIdentity _identity;
    private LockOptions _options = null!;
    private Timer? _timer;
    private int _beating;
    private bool _released;

    private LockFile()
    {
    }

    public string Path { get; private init; } = "";

    /// <summary>The result of the latest heartbeat. <see cref="LockHealth.Replaced"/> and <see cref="LockHealth.Unlinked"/>
    /// are final: the path no longer names our file and the heartbeat stops.</summary>
    public LockHealth Health { get; private set; }

    /// <summary>Raised (on a timer thread) whenever <see cref="Health"/> changes. Exceptions from handlers are logged and ignored.</summary>
    public event EventHandler<LockHealth>? HealthChanged;

    /// <summary>Cancelled at the first unhealthy heartbeat and never un-cancelled: stop the protected work. Not
    /// cancelled by a normal <see cref="Release()"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Strictly greater than the token of every earlier holder of this path (kept in the sidecar
    /// <c>&lt;path&gt;.fence</c> and bumped under the transition lock). The protected resource must remember the highest
    /// token it has seen and reject writes carrying a lower one: that, not the lock file, is what stops a holder that
    /// was paused or partitioned past its lease from writing after a successor took over.</summary>
    public long FencingToken { get; private init; }

    public LockOwner Owner { get; private init; } = null!;

    /// <summary>The last heartbeat's error, when it failed.</summary>
    public Exception? LastError { get; private set; }

    public void Dispose() => Release();

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }
}
