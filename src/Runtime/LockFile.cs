namespace LockAnalyzers.Runtime;

/// <summary>A held lock file: exclusive create, owner record, heartbeat through the handle, explicit health, owned release.</summary>
public sealed class LockFile : IDisposable, IAsyncDisposable
{
    private LockFile()
    {
    }

    public string Path { get; private init; } = "";

    public LockHealth Health { get; private set; }

    public event EventHandler<LockHealth>? HealthChanged;

    public CancellationToken Lost => throw new NotImplementedException();

    public long FencingToken { get; private init; }

    public LockOwner Owner { get; private init; } = null!;

    public static Task<LockFile> AcquireAsync(string path, LockOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public static LockFile? TryAcquire(string path, LockOptions? options = null) => throw new NotImplementedException();

    /// <summary>Removes the lock only when it is still ours; returns false and leaves the file alone otherwise.</summary>
    public bool Release() => throw new NotImplementedException();

    /// <summary>Owned release of a lock file identified by the token written into it, for code that does not hold a LockFile.</summary>
    public static bool Release(string path, string ownerToken) => throw new NotImplementedException();

    public void Dispose() => Release();

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    private void OnHealthChanged(LockHealth health) => HealthChanged?.Invoke(this, health);
}
