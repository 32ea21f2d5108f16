using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres;

/// <summary>A held lease: renewed on a timer, its health explicit, <see cref="Lost"/> cancelled before the lease can
/// expire under the holder, released only while it is still ours.</summary>
/// <remarks>The holder's own deadline is the instant its last successful acquire or renew statement was SENT plus
/// <see cref="PostgresLeaseOptions.LeaseDuration"/>, less a tenth of it, on the monotonic clock: the server computed
/// the expiry later than that send, so the holder gives up strictly before the server lets anyone else in (given
/// clocks that run at the same rate). A watchdog timer fires at that deadline even while a renewal hangs, and a renewal
/// is never sent once the deadline has passed (a process resumed from SIGSTOP learns it lost before it writes).</remarks>
public sealed class PostgresLeaseHandle : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresLeaseSql _sql;
    private readonly PostgresLeaseOptions _options;
    private readonly string _token;
    private readonly Timer _watchdog;
    private readonly Task _renewal;
    private long _lostAt;
    private bool _released;
    private Task<bool>? _release;

    internal PostgresLeaseHandle(NpgsqlDataSource dataSource, PostgresLeaseSql sql, PostgresLeaseOptions options, string name, string token, string holder, long fencingToken, long sentAt)
    {
        _dataSource = dataSource;
        _sql = sql;
        _options = options;
        _token = token;
        Name = name;
        Holder = holder;
        FencingToken = fencingToken;
        _lostAt = sentAt + PostgresLease.ToTicks(options.LeaseDuration - options.SafetyMargin);
        _watchdog = new Timer(static s => ((PostgresLeaseHandle)s!).OnWatchdog(), this, Timeout.Infinite, Timeout.Infinite);
        ArmWatchdog();
        _renewal = Task.Run(RenewLoopAsync);
    }

    public string Name { get; }

    /// <summary>This holder as the row records it (pid, host, process name, token prefix).</summary>
    public string Holder { get; }

    /// <summary>Greater than the token of every earlier holder of <see cref="Name"/> in this table, durable across
    /// server restarts. Pass it to <see cref="PostgresLease.GuardAsync"/> in the protected write's transaction.</summary>
    public long FencingToken { get; }

    /// <summary>The latest renewal's outcome. After <see cref="Lost"/> fires renewals stop, so it stays at the
    /// state that ended the lease.</summary>
    public LockHealth Health { get; private set; }

    /// <summary>The error of the renewal that failed, when one did.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Raised (on a timer thread) whenever <see cref="Health"/> changes. Exceptions from handlers are logged and ignored.</summary>
    public event EventHandler<LockHealth>? HealthChanged;

    /// <summary>Cancelled as soon as the lease can no longer be proven ours (a failed or refused renewal, or the
    /// holder's deadline passing) and never un-cancelled: stop the protected work. Not cancelled by a normal release.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Stops renewing and gives the lease up when it is still ours (the row carries our owner token and
    /// fence), notifying waiters. Returns false and changes nothing when the lease was taken over; false also when the
    /// database cannot be reached (the lease then expires on its own). Never throws for a database failure: it is
    /// logged and reflected in <see cref="Health"/>. Repeated calls return the first call's result.</summary>
    public Task<bool> ReleaseAsync()
    {
        lock (_gate)
        {
            if (_release == null)
            {
                _released = true;
                _release = ReleaseCoreAsync();
            }

            return _release;
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);

    private async Task<bool> ReleaseCoreAsync()
    {
        _stop.Cancel();
        _watchdog.Dispose();
        try
        {
            await _renewal.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the loop catches its own failures; cancellation ends it
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.LeaseDuration < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : _options.LeaseDuration);
            await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            // One round trip. The release alone commits without waiting for its WAL flush: a release lost in a
            // crash only leaves the lease to expire, and the next acquisition's flush persists it anyway (WAL is
            // sequential). Acquisitions and renewals do wait: their loss could hand out a fence twice or shorten a
            // lease its holder still counts on.
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
            var release = new NpgsqlBatchCommand(_sql.Release);
            release.Parameters.Add(new NpgsqlParameter { Value = Name });
            release.Parameters.Add(new NpgsqlParameter { Value = _token });
            release.Parameters.Add(new NpgsqlParameter { Value = FencingToken });
            release.Parameters.Add(new NpgsqlParameter { Value = _sql.Payload(Name) });
            batch.BatchCommands.Add(release);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await batch.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
            return release.RecordsAffected == 1;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            var health = e is OperationCanceledException ? LockHealth.ConnectionLost : PostgresLeaseClassifier.Classify(e);
            LastError = e;
            Log(e, "Releasing lease {Lease} (fencing token {Fence}) failed: {Health}", health);
            SetHealth(health);
            return false;
        }
    }

    private async Task RenewLoopAsync()
    {
        var interval = PostgresLease.ToTicks(_options.EffectiveRenewInterval);
        var next = Stopwatch.GetTimestamp() + interval;
        var stop = _stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var delay = next - Stopwatch.GetTimestamp();
                if (delay > 0)
                {
                    await Task.Delay(TimeSpan.FromTicks(delay * TimeSpan.TicksPerSecond / Stopwatch.Frequency), stop).ConfigureAwait(false);
                }

                long lostAt = Interlocked.Read(ref _lostAt);
                long sent = Stopwatch.GetTimestamp();
                if (sent >= lostAt)
                {
                    // Paused (SIGSTOP, a stalled VM, a long GC) or the last renewals hung: the server may already
                    // have handed the lease to someone else. Do not renew what may no longer be ours.
                    MarkLost(LockHealth.Expired, null, "the holder's deadline passed before a renewal could be sent");
                    return;
                }

                var outcome = await RenewOnceAsync(lostAt, sent, stop).ConfigureAwait(false);
                if (outcome != LockHealth.Healthy)
                {
                    return;
                }

                next = sent + interval;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Nothing escapes the renewal: an unexpected failure ends the lease as Unknown.
            MarkLost(LockHealth.Unknown, e, "the renewal loop failed");
        }
    }

    private async Task<LockHealth> RenewOnceAsync(long lostAt, long sent, CancellationToken stop)
    {
        // A renewal that cannot finish before the holder's deadline is useless: the watchdog reports the loss.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cancel.CancelAfter(TimeSpan.FromTicks(Math.Max(1, (lostAt - sent) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancel.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(_sql.Renew, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Name });
            command.Parameters.Add(new NpgsqlParameter { Value = _token });
            command.Parameters.Add(new NpgsqlParameter { Value = FencingToken });
            command.Parameters.Add(new NpgsqlParameter { Value = _options.LeaseDuration.TotalSeconds });
            await using var reader = await command.ExecuteReaderAsync(cancel.Token).ConfigureAwait(false);
            await reader.ReadAsync(cancel.Token).ConfigureAwait(false);
            var renewed = reader.GetInt64(0) == 1;
            if (renewed)
            {
                Interlocked.Exchange(ref _lostAt, sent + PostgresLease.ToTicks(_options.LeaseDuration - _options.SafetyMargin));
                ArmWatchdog();
                SetHealth(LockHealth.Healthy);
                return LockHealth.Healthy;
            }

            // Not renewed: the row is gone, carries another owner, or is still ours but the server says it expired.
            var health = reader.IsDBNull(1) ? LockHealth.Unlinked : reader.GetBoolean(1) ? LockHealth.Expired : LockHealth.Replaced;
            MarkLost(health, null, "the server refused the renewal");
            return health;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            MarkLost(LockHealth.Expired, e, "the renewal did not finish before the holder's deadline");
            return LockHealth.Expired;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            var health = PostgresLeaseClassifier.Classify(e);
            MarkLost(health, e, "the renewal failed");
            return health;
        }
    }

    private void ArmWatchdog()
    {
        var due = Interlocked.Read(ref _lostAt) - Stopwatch.GetTimestamp();
        try
        {
            _watchdog.Change(TimeSpan.FromTicks(Math.Max(0, due * TimeSpan.TicksPerSecond / Stopwatch.Frequency)), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // released meanwhile
        }
    }

    private void OnWatchdog()
    {
        if (Stopwatch.GetTimestamp() >= Interlocked.Read(ref _lostAt))
        {
            MarkLost(LockHealth.Expired, null, "no renewal confirmed the lease before the holder's deadline");
        }
        else
        {
            ArmWatchdog();
        }
    }

    private void MarkLost(LockHealth health, Exception? error, string why)
    {
        lock (_gate)
        {
            if (_released || _lost.IsCancellationRequested)
            {
                return;
            }
        }

        if (error != null)
        {
            LastError = error;
        }

        Log(error, "Lease {Lease} (fencing token {Fence}) lost: {Health}: " + why, health);
        SetHealth(health);
        try
        {
            _stop.Cancel();
            _lost.Cancel();
        }
        catch (AggregateException e)
        {
            Log(e, "A Lost callback of lease {Lease} (fencing token {Fence}) threw; ignored ({Health})", health);
        }
    }

    private void SetHealth(LockHealth health)
    {
        EventHandler<LockHealth>? handlers;
        lock (_gate)
        {
            if (Health == health)
            {
                return;
            }

            Health = health;
            handlers = HealthChanged;
        }

        if (handlers == null)
        {
            return;
        }

        foreach (EventHandler<LockHealth> handler in handlers.GetInvocationList())
        {
            try
            {
                handler(this, health);
            }
            catch (Exception e)
            {
                Log(e, "A HealthChanged handler of lease {Lease} (fencing token {Fence}) threw; ignored ({Health})", health);
            }
        }
    }

    private void Log(Exception? error, string message, LockHealth health)
    {
        try
        {
            _options.Logger?.LogWarning(error, message, Name, FencingToken, health);
        }
        catch (Exception)
        {
            // A throwing logger must not turn a classified failure into an exception.
        }
    }
}
