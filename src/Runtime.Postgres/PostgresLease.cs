using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres;

/// <summary>A lease on PostgreSQL: one row per name, expiry on the server's clock, a fencing token that rises with every
/// acquisition of a name, renewal that reports its health, owned release, and waiters woken by NOTIFY.</summary>
/// <remarks>See docs/lease.md for the protocol, the guarantees and their limits.</remarks>
public static class PostgresLease
{
    private const int MaxNameLength = 1024;

    private static readonly ConcurrentDictionary<(NpgsqlDataSource, string), Task> Ensured = new();

    /// <summary>Waits for the lease: one compare-and-set attempt, then LISTEN for releases and retry at once on a
    /// matching NOTIFY, when the holder's lease is due to expire, or after <see cref="PostgresLeaseOptions.PollInterval"/>.
    /// Throws <see cref="LockTimeoutException"/> naming the lease and its holder after <see cref="PostgresLeaseOptions.Timeout"/>;
    /// <see cref="LockHealthException"/> when the database refuses for a reason other than the lease being held (no
    /// privilege, read-only, disk full, missing schema). A lost connection is retried until the deadline.</summary>
    public static async Task<PostgresLeaseHandle> AcquireAsync(NpgsqlDataSource dataSource, string name, PostgresLeaseOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (sql, opts) = Prepare(dataSource, name, options);
        var deadline = opts.Timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + ToTicks(opts.Timeout);
        NpgsqlConnection? listener = null;
        var woken = new SemaphoreSlim(0);
        var payload = sql.Payload(name);
        Attempt? last = null;
        Exception? lastConnectionError = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    throw TimedOut(name, opts, last, lastConnectionError);
                }

                try
                {
                    await EnsureOnceAsync(dataSource, sql, cancellationToken).ConfigureAwait(false);
                    // A takeover waits for the row lock of a guarded transaction on the expired lease: bound that wait.
                    using var attemptCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    if (deadline != long.MaxValue)
                    {
                        attemptCancel.CancelAfter(TimeSpan.FromTicks(Math.Max(1, (deadline - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                    }

                    try
                    {
                        last = await TryOnceAsync(dataSource, sql, name, opts, attemptCancel.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw TimedOut(name, opts, last, lastConnectionError);
                    }

                    lastConnectionError = null;
                    if (last.Handle != null)
                    {
                        return last.Handle;
                    }

                    if (listener == null)
                    {
                        // Only a waiter listens (an uncontended acquisition costs no extra connection). Retry at once
                        // after the LISTEN: a release between the failed attempt and the LISTEN is not missed.
                        listener = await ListenAsync(dataSource, payload, woken, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                catch (Exception e) when (IsDatabaseFailure(e, cancellationToken))
                {
                    var health = PostgresLeaseClassifier.Classify(e);
                    if (health != LockHealth.ConnectionLost)
                    {
                        throw new LockHealthException(health, name, "acquire", e);
                    }

                    // The server restarts or the network is down: keep trying until the deadline, on a fresh listener.
                    lastConnectionError = e;
                    DisposeQuietly(listener);
                    listener = null;
                }

                var wait = opts.PollInterval;
                if (last?.HolderRemaining is { } remaining && remaining < wait)
                {
                    // Wake when the holder's lease runs out (plus a little, so the server agrees it has).
                    wait = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining + TimeSpan.FromMilliseconds(5);
                }

                var left = deadline == long.MaxValue ? wait : TimeSpan.FromTicks(Math.Max(0, (deadline - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                await WaitAsync(listener, woken, wait < left ? wait : left, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            DisposeQuietly(listener);
            woken.Dispose();
        }
    }

    /// <summary>One compare-and-set attempt: the handle, or null when another holder's lease has not expired. Throws
    /// <see cref="LockHealthException"/> when the database refuses (connection lost included).</summary>
    public static async Task<PostgresLeaseHandle?> TryAcquireAsync(NpgsqlDataSource dataSource, string name, PostgresLeaseOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (sql, opts) = Prepare(dataSource, name, options);
        try
        {
            await EnsureOnceAsync(dataSource, sql, cancellationToken).ConfigureAwait(false);
            var attempt = await TryOnceAsync(dataSource, sql, name, opts, cancellationToken).ConfigureAwait(false);
            return attempt.Handle;
        }
        catch (Exception e) when (IsDatabaseFailure(e, cancellationToken))
        {
            throw new LockHealthException(PostgresLeaseClassifier.Classify(e), name, "acquire", e);
        }
    }

    /// <summary>Creates the lease table and its fence sequence when missing (CREATE ... IF NOT EXISTS, serialized by a
    /// transaction-scoped advisory lock). Needs CREATE on the schema only when something is missing.</summary>
    public static async Task EnsureSchemaAsync(NpgsqlDataSource dataSource, PostgresLeaseOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresLeaseOptions();
        options.Validate();
        await EnsureAsync(dataSource, new PostgresLeaseSql(options.Schema, options.Table), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fence for a protected write: locks the lease row FOR SHARE inside <paramref name="transaction"/> and
    /// throws <see cref="LockHealthException"/> (operation "guard") unless the row still carries
    /// <paramref name="fencingToken"/> and has not expired. Until the transaction ends no one can take the lease over
    /// (a takeover updates the row and waits for the share lock), so writes made after the guard in the same
    /// transaction commit before any successor's; a holder that lost the lease has its transaction fail instead.
    /// Use it in READ COMMITTED or stricter isolation; a successor's takeover after our snapshot surfaces as a
    /// serialization failure in REPEATABLE READ.</summary>
    public static async Task GuardAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, long fencingToken, PostgresLeaseOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        CheckName(name);
        options ??= new PostgresLeaseOptions();
        options.Validate();
        var sql = new PostgresLeaseSql(options.Schema, options.Table);
        await using var command = new NpgsqlCommand(sql.Guard, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new LockHealthException(LockHealth.Unlinked, name, "guard");
        }

        var fence = reader.GetInt64(0);
        var live = reader.GetBoolean(1);
        if (fence != fencingToken)
        {
            throw new LockHealthException(LockHealth.Replaced, name, "guard",
                new InvalidOperationException($"fencing token {fencingToken} is stale: the lease now carries {fence.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (!live)
        {
            throw new LockHealthException(LockHealth.Expired, name, "guard");
        }
    }

    internal static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A lease name is required.", nameof(name));
        }

        if (name.Length > MaxNameLength || name.IndexOf('\0') >= 0)
        {
            throw new ArgumentException($"A lease name has at most {MaxNameLength} characters and no NUL.", nameof(name));
        }
    }

    internal static bool IsDatabaseFailure(Exception e, CancellationToken callerToken) =>
        e is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException
        || (e is OperationCanceledException && !callerToken.IsCancellationRequested && e.InnerException is NpgsqlException or TimeoutException);

    internal static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    internal static void DisposeQuietly(NpgsqlConnection? connection)
    {
        if (connection == null)
        {
            return;
        }

        // Closing a listener whose server is gone can block on the socket: do it off the caller's path.
        ThreadPool.UnsafeQueueUserWorkItem(static c =>
        {
            try
            {
                c.Dispose();
            }
            catch (Exception)
            {
                // a broken connection is discarded by Npgsql; nothing to report
            }
        }, connection, preferLocal: false);
    }

    private static (PostgresLeaseSql, PostgresLeaseOptions) Prepare(NpgsqlDataSource dataSource, string name, PostgresLeaseOptions? options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        CheckName(name);
        options ??= new PostgresLeaseOptions();
        options.Validate();
        return (new PostgresLeaseSql(options.Schema, options.Table), options);
    }

    private static async Task<Attempt> TryOnceAsync(NpgsqlDataSource dataSource, PostgresLeaseSql sql, string name, PostgresLeaseOptions options, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var holder = Describe(token);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql.Acquire, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = token });
        command.Parameters.Add(new NpgsqlParameter { Value = holder });
        command.Parameters.Add(new NpgsqlParameter { Value = options.LeaseDuration.TotalSeconds });

        // The lease can only be ours from this instant on: the holder's expiry clock starts before the statement is sent.
        var sent = Stopwatch.GetTimestamp();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!reader.IsDBNull(0))
        {
            var fence = reader.GetInt64(0);
            return new Attempt(new PostgresLeaseHandle(dataSource, sql, options, name, token, holder, fence, sent), null, null, null);
        }

        var previousHolder = reader.IsDBNull(1) ? null : reader.GetString(1);
        long? previousFence = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        TimeSpan? remaining = reader.IsDBNull(3) ? null : TimeSpan.FromSeconds(reader.GetDouble(3));
        return new Attempt(null, string.IsNullOrEmpty(previousHolder) ? null : previousHolder, previousFence, remaining);
    }

    private static string Describe(string token) =>
        string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName} ({Process.GetCurrentProcess().ProcessName}) token {token[..8]}");

    private static Task EnsureOnceAsync(NpgsqlDataSource dataSource, PostgresLeaseSql sql, CancellationToken cancellationToken)
    {
        var key = (dataSource, sql.QualifiedTable);
        var task = Ensured.GetOrAdd(key, _ =>
        {
            var ensure = EnsureAsync(dataSource, sql, CancellationToken.None);
            // A failure is not cached: the next call tries again (the server may be back, the rights granted).
            ensure.ContinueWith(
                t => Ensured.TryRemove(new KeyValuePair<(NpgsqlDataSource, string), Task>(key, t)),
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return ensure;
        });
        if (task.IsFaulted || task.IsCanceled)
        {
            // It failed before it was stored, so its continuation found nothing to remove.
            Ensured.TryRemove(new KeyValuePair<(NpgsqlDataSource, string), Task>(key, task));
        }

        return task.WaitAsync(cancellationToken);
    }

    private static async Task EnsureAsync(NpgsqlDataSource dataSource, PostgresLeaseSql sql, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand(sql.Exists, connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = sql.QualifiedTable });
            exists.Parameters.Add(new NpgsqlParameter { Value = sql.QualifiedSequence });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                // CREATE ... IF NOT EXISTS checks the CREATE privilege even when the table exists: skip it.
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            // Concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog's unique index: one creator at a time.
            serialize.Parameters.Add(new NpgsqlParameter { Value = "lockanalyzers:" + sql.QualifiedTable });
            await serialize.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(sql.Create, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<NpgsqlConnection> ListenAsync(NpgsqlDataSource dataSource, string payload, SemaphoreSlim woken, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += (_, e) =>
            {
                if (e.Payload == payload)
                {
                    woken.Release();
                }
            };
            await using var listen = new NpgsqlCommand("LISTEN " + PostgresLeaseSql.Channel, connection);
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sleeps until a matching release notification, or <paramref name="wait"/>. Without a listener (its
    /// connection broke) this is a plain sleep: the poll is the fallback.</summary>
    private static async Task WaitAsync(NpgsqlConnection? listener, SemaphoreSlim woken, TimeSpan wait, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + ToTicks(wait);
        while (true)
        {
            if (woken.CurrentCount > 0)
            {
                // Drain: one retry answers every notification that arrived so far.
                while (woken.Wait(0))
                {
                }

                return;
            }

            var left = until - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            var leftMs = (int)Math.Max(1, Math.Min(int.MaxValue, left * 1000 / Stopwatch.Frequency));
            if (listener == null || listener.State != System.Data.ConnectionState.Open)
            {
                await Task.Delay(leftMs, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                // Returns when any notification arrives (also for other leases: then loop and keep waiting).
                await listener.WaitAsync(leftMs, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsDatabaseFailure(e, cancellationToken))
            {
                // The listener broke: sleep the rest; the next attempt reports the failure if the server is gone.
                await Task.Delay(leftMs, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private static LockTimeoutException TimedOut(string name, PostgresLeaseOptions options, Attempt? last, Exception? connectionError)
    {
        string message;
        if (last?.Holder != null)
        {
            var expires = last.HolderRemaining is { } r ? string.Create(CultureInfo.InvariantCulture, $", its lease runs {r.TotalSeconds:F1} s more") : "";
            message = $"Lease '{name}' in {options.Schema}.{options.Table} was not acquired within {options.Timeout}: held by {last.Holder} (fencing token {last.HolderFence}{expires}).";
        }
        else if (connectionError != null)
        {
            message = $"Lease '{name}' in {options.Schema}.{options.Table} was not acquired within {options.Timeout}: the database could not be reached ({connectionError.Message}).";
        }
        else
        {
            message = $"Lease '{name}' in {options.Schema}.{options.Table} was not acquired within {options.Timeout}: held by an unknown holder.";
        }

        options.Logger?.LogWarning("{Message}", message);
        return new LockTimeoutException(message, name, last?.Holder);
    }

    private sealed record Attempt(PostgresLeaseHandle? Handle, string? Holder, long? HolderFence, TimeSpan? HolderRemaining);
}
