using LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres.Tests;

/// <summary>The lease's contract in one process against the real server: compare-and-set acquisition, rising fences,
/// renewal, owned release, NOTIFY handoff, the guard, timeouts that name the holder, first-use schema creation.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaseTests
{
    [PgFact]
    public async Task Acquire_release_and_reacquire_with_a_higher_fence()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Acquire_release_and_reacquire_with_a_higher_fence));
        var first = await PostgresLease.AcquireAsync(db.DataSource, "job", db.Options);
        Assert.Equal("job", first.Name);
        Assert.Equal(LockHealth.Healthy, first.Health);
        Assert.Null(await PostgresLease.TryAcquireAsync(db.DataSource, "job", db.Options));
        Assert.True(await first.ReleaseAsync());
        Assert.False(first.Lost.IsCancellationRequested);

        await using var second = await PostgresLease.AcquireAsync(db.DataSource, "job", db.Options);
        Assert.True(second.FencingToken > first.FencingToken, $"{second.FencingToken} > {first.FencingToken}");
        Assert.Contains($"pid {Environment.ProcessId}", second.Holder);
    }

    [PgFact]
    public async Task Different_names_are_independent_leases()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Different_names_are_independent_leases));
        await using var a = await PostgresLease.AcquireAsync(db.DataSource, "a", db.Options);
        await using var b = await PostgresLease.TryAcquireAsync(db.DataSource, "b", db.Options);
        Assert.NotNull(b);
    }

    [PgFact]
    public async Task Renewal_keeps_the_lease_past_its_duration()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Renewal_keeps_the_lease_past_its_duration));
        // Long enough that a renewal delayed by a loaded 2-core CI machine (a commit flush behind parallel builds) still
        // lands before the holder's own deadline; the test is about renewal, not about how tight the margin can be.
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(3) };
        await using var held = await PostgresLease.AcquireAsync(db.DataSource, "renewed", options);
        await Task.Delay(7000);
        Assert.False(held.Lost.IsCancellationRequested, $"lost: {held.Health} {held.LastError}");
        Assert.Equal(LockHealth.Healthy, held.Health);
        var row = await db.RowAsync("renewed");
        Assert.Equal((held.FencingToken, true), (row!.Value.Fence, row.Value.Live));
        Assert.Null(await PostgresLease.TryAcquireAsync(db.DataSource, "renewed", options));
    }

    [PgFact]
    public async Task Timeout_names_the_lease_and_its_holder()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Timeout_names_the_lease_and_its_holder));
        await using var held = await PostgresLease.AcquireAsync(db.DataSource, "busy", db.Options);
        var options = new PostgresLeaseOptions { Table = db.Table, Timeout = TimeSpan.FromMilliseconds(300) };
        var e = await Assert.ThrowsAsync<LockTimeoutException>(() => PostgresLease.AcquireAsync(db.DataSource, "busy", options));
        Assert.Equal("busy", e.LockPath);
        Assert.Equal(held.Holder, e.Holder);
        Assert.Contains("busy", e.Message);
        Assert.Contains(held.Holder, e.Message);
        Assert.Contains($"fencing token {held.FencingToken}", e.Message);
    }

    [PgFact]
    public async Task Release_wakes_a_waiter_without_waiting_for_the_poll()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Release_wakes_a_waiter_without_waiting_for_the_poll));
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(60), PollInterval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(60) };
        var held = await PostgresLease.AcquireAsync(db.DataSource, "handoff", options);
        var waiter = PostgresLease.AcquireAsync(db.DataSource, "handoff", options);
        await Task.Delay(500);
        Assert.False(waiter.IsCompleted);
        var released = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await held.ReleaseAsync());
        await using var next = await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        // Far below the 30 s poll and the 60 s lease: only the NOTIFY can have woken it.
        Assert.True(released.Elapsed < TimeSpan.FromSeconds(15), released.Elapsed.ToString());
        Assert.True(next.FencingToken > held.FencingToken);
    }

    [PgFact]
    public async Task A_waiter_takes_an_expired_lease_when_it_runs_out()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(A_waiter_takes_an_expired_lease_when_it_runs_out));
        var held = await PostgresLease.AcquireAsync(db.DataSource, "expiring", db.Options);
        // The holder dies without releasing: its row stays until the server's clock passes its expiry.
        await db.ExecAsync($"UPDATE \"{db.Table}\" SET expires_at = clock_timestamp() + interval '300 milliseconds' WHERE name = 'expiring'");
        var options = new PostgresLeaseOptions { Table = db.Table, PollInterval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(20) };
        await using var next = await PostgresLease.AcquireAsync(db.DataSource, "expiring", options);
        Assert.True(next.FencingToken > held.FencingToken);
        Assert.False(await held.ReleaseAsync());
    }

    [PgFact]
    public async Task Release_after_takeover_returns_false_and_changes_nothing()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Release_after_takeover_returns_false_and_changes_nothing));
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(30) };
        var old = await PostgresLease.AcquireAsync(db.DataSource, "taken", options);
        var lost = new TaskCompletionSource<LockHealth>();
        old.HealthChanged += (_, h) => lost.TrySetResult(h);
        await db.ExecAsync($"UPDATE \"{db.Table}\" SET expires_at = '-infinity' WHERE name = 'taken'");
        await using var successor = await PostgresLease.AcquireAsync(db.DataSource, "taken", options);
        var before = await db.RowAsync("taken");

        Assert.False(await old.ReleaseAsync());
        Assert.False(await old.ReleaseAsync());
        Assert.Equal(before, await db.RowAsync("taken"));
        Assert.True(before!.Value.Live);
        Assert.Equal(successor.FencingToken, before.Value.Fence);
    }

    [PgFact]
    public async Task A_takeover_ends_the_old_holders_lease_as_Replaced()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(A_takeover_ends_the_old_holders_lease_as_Replaced));
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(3), RenewInterval = TimeSpan.FromMilliseconds(200) };
        await using var old = await PostgresLease.AcquireAsync(db.DataSource, "stolen", options);
        await db.ExecAsync($"UPDATE \"{db.Table}\" SET expires_at = '-infinity' WHERE name = 'stolen'");
        await using var successor = await PostgresLease.AcquireAsync(db.DataSource, "stolen", options);
        await WaitCancelled(old.Lost, TimeSpan.FromSeconds(10));
        Assert.Equal(LockHealth.Replaced, old.Health);
        Assert.False(successor.Lost.IsCancellationRequested);
    }

    [PgFact]
    public async Task A_deleted_row_ends_the_lease_as_Unlinked()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(A_deleted_row_ends_the_lease_as_Unlinked));
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(3), RenewInterval = TimeSpan.FromMilliseconds(200) };
        await using var held = await PostgresLease.AcquireAsync(db.DataSource, "deleted", options);
        await db.ExecAsync($"DELETE FROM \"{db.Table}\" WHERE name = 'deleted'");
        await WaitCancelled(held.Lost, TimeSpan.FromSeconds(10));
        Assert.Equal(LockHealth.Unlinked, held.Health);
    }

    [PgFact]
    public async Task Guard_admits_the_holder_and_rejects_a_stale_token_in_the_same_transaction()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(Guard_admits_the_holder_and_rejects_a_stale_token_in_the_same_transaction));
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(30) };
        var old = await PostgresLease.AcquireAsync(db.DataSource, "guarded", options);
        Assert.Equal("ok", await GuardedWrite(db, options, "guarded", old.FencingToken, "from-old"));

        await db.ExecAsync($"UPDATE \"{db.Table}\" SET expires_at = '-infinity' WHERE name = 'guarded'");
        await using var successor = await PostgresLease.AcquireAsync(db.DataSource, "guarded", options);
        Assert.Equal("ok", await GuardedWrite(db, options, "guarded", successor.FencingToken, "from-new"));
        Assert.Equal("Replaced", await GuardedWrite(db, options, "guarded", old.FencingToken, "late-old"));
        Assert.Equal("from-new", await db.ScalarAsync("SELECT value FROM protected WHERE name = 'guarded'"));

        Assert.True(await successor.ReleaseAsync());
        Assert.Equal("Expired", await GuardedWrite(db, options, "guarded", successor.FencingToken, "after-release"));
        Assert.Equal("Unlinked", await GuardedWrite(db, options, "never-held", 1, "x"));
        Assert.Equal("from-new", await db.ScalarAsync("SELECT value FROM protected WHERE name = 'guarded'"));
    }

    [PgFact]
    public async Task The_documented_sql_guard_fragment_writes_nothing_for_a_stale_token()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(The_documented_sql_guard_fragment_writes_nothing_for_a_stale_token));
        var options = new PostgresLeaseOptions { Table = db.Table, LeaseDuration = TimeSpan.FromSeconds(30) };
        await using var held = await PostgresLease.AcquireAsync(db.DataSource, "frag", options);
        var sql = $"""
            INSERT INTO protected (name, value, fence)
            SELECT $1, $2, $3
            WHERE EXISTS (SELECT 1 FROM "{db.Table}" WHERE name = $1 AND fence = $3 AND expires_at > clock_timestamp() FOR SHARE)
            """;
        async Task<int> Write(long fence)
        {
            await using var command = db.DataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = "frag" });
            command.Parameters.Add(new NpgsqlParameter { Value = "v" + fence });
            command.Parameters.Add(new NpgsqlParameter { Value = fence });
            return await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await Write(held.FencingToken - 1));
        Assert.Equal(1, await Write(held.FencingToken));
    }

    [PgFact]
    public async Task The_table_is_created_on_first_use_by_concurrent_callers()
    {
        var server = SharedServer.Server;
        await using var dataSource = NpgsqlDataSource.Create(server.AppConnectionString);
        var table = "first_use_" + Guid.NewGuid().ToString("N")[..8];
        var options = new PostgresLeaseOptions { Table = table, Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            var attempts = Enumerable.Range(0, 6).Select(i => PostgresLease.TryAcquireAsync(dataSource, "n" + i, options)).ToArray();
            var handles = await Task.WhenAll(attempts);
            Assert.All(handles, Assert.NotNull);
            foreach (var h in handles)
            {
                Assert.True(await h!.ReleaseAsync());
            }
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS \"{table}\"; DROP SEQUENCE IF EXISTS \"{table}_fence\"");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [PgFact]
    public async Task A_missing_schema_is_a_health_error_not_a_hang()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, nameof(A_missing_schema_is_a_health_error_not_a_hang));
        var schema = "missing_" + Guid.NewGuid().ToString("N")[..8];
        var options = new PostgresLeaseOptions { Schema = schema, Table = "leases" };
        var e = await Assert.ThrowsAsync<LockHealthException>(() => PostgresLease.AcquireAsync(db.DataSource, "x", options));
        Assert.Equal(LockHealth.PathMissing, e.Health);

        // The failed first use is not remembered: once the schema exists, the same data source creates the table.
        await db.ExecAsync($"CREATE SCHEMA \"{schema}\"");
        try
        {
            await using var held = await PostgresLease.AcquireAsync(db.DataSource, "x", options);
            Assert.Equal(LockHealth.Healthy, held.Health);
        }
        finally
        {
            await db.ExecAsync($"DROP SCHEMA \"{schema}\" CASCADE");
        }
    }

    [Fact]
    public async Task Bad_options_and_names_are_argument_errors()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PostgresLease.TryAcquireAsync(dataSource, "x", new PostgresLeaseOptions { LeaseDuration = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PostgresLease.TryAcquireAsync(dataSource, "x", new PostgresLeaseOptions { RenewInterval = TimeSpan.FromSeconds(20) }));
        await Assert.ThrowsAsync<ArgumentException>(() => PostgresLease.TryAcquireAsync(dataSource, "", null));
        await Assert.ThrowsAsync<ArgumentException>(() => PostgresLease.TryAcquireAsync(dataSource, "x", new PostgresLeaseOptions { Table = new string('t', 80) }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => PostgresLease.TryAcquireAsync(null!, "x"));
    }

    [Fact]
    public async Task An_unreachable_server_is_ConnectionLost_for_one_attempt_and_a_timeout_for_AcquireAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2");
        var e = await Assert.ThrowsAsync<LockHealthException>(() => PostgresLease.TryAcquireAsync(dataSource, "x"));
        Assert.Equal(LockHealth.ConnectionLost, e.Health);
        var t = await Assert.ThrowsAsync<LockTimeoutException>(() => PostgresLease.AcquireAsync(dataSource, "x", new PostgresLeaseOptions { Timeout = TimeSpan.FromMilliseconds(500), PollInterval = TimeSpan.FromMilliseconds(100) }));
        Assert.Contains("could not be reached", t.Message);
    }

    [Theory]
    [InlineData("53100", LockHealth.DiskFull)]
    [InlineData("25006", LockHealth.ReadOnlyFileSystem)]
    [InlineData("42501", LockHealth.AccessDenied)]
    [InlineData("28P01", LockHealth.AccessDenied)]
    [InlineData("42P01", LockHealth.PathMissing)]
    [InlineData("3F000", LockHealth.PathMissing)]
    [InlineData("57P01", LockHealth.ConnectionLost)]
    [InlineData("57P02", LockHealth.ConnectionLost)]
    [InlineData("57P03", LockHealth.ConnectionLost)]
    [InlineData("08006", LockHealth.ConnectionLost)]
    [InlineData("08001", LockHealth.ConnectionLost)]
    [InlineData("58030", LockHealth.IoError)]
    [InlineData("40001", LockHealth.Unknown)]
    [InlineData("", LockHealth.Unknown)]
    public void Sql_states_classify_into_health(string sqlState, LockHealth expected) =>
        Assert.Equal(expected, PostgresLeaseClassifier.ClassifySqlState(sqlState));

    [Fact]
    public void Client_side_failures_classify_as_ConnectionLost()
    {
        Assert.Equal(LockHealth.ConnectionLost, PostgresLeaseClassifier.Classify(new NpgsqlException("broken", new IOException("eof"))));
        Assert.Equal(LockHealth.ConnectionLost, PostgresLeaseClassifier.Classify(new System.Net.Sockets.SocketException(111)));
        Assert.Equal(LockHealth.Unknown, PostgresLeaseClassifier.Classify(new InvalidOperationException()));
    }

    internal static async Task<string> GuardedWrite(LeaseDb db, PostgresLeaseOptions options, string name, long fence, string value)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        try
        {
            await PostgresLease.GuardAsync(connection, tx, name, fence, options);
        }
        catch (LockHealthException e)
        {
            await tx.RollbackAsync();
            return e.Health.ToString();
        }

        await using var write = TestChild.ProtectedWrite.Command(connection, tx, name, value, fence);
        await write.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return "ok";
    }

    internal static async Task WaitCancelled(CancellationToken token, TimeSpan timeout)
    {
        var fired = new TaskCompletionSource();
        using var registration = token.Register(() => fired.TrySetResult());
        await fired.Task.WaitAsync(timeout);
    }
}
