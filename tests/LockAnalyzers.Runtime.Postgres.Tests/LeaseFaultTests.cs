using LockAnalyzers.Runtime.FaultTests.Infrastructure;
using LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

namespace LockAnalyzers.Runtime.Postgres.Tests;

/// <summary>
/// Real faults under a holder process: it is frozen past its lease, its connection is killed, the server restarts,
/// the database turns read-only, its rights are revoked, the data directory's disk fills. Each ends in the right
/// health with Lost fired, and a contender never holds the lease before the holder's Lost fired.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaseFaultTests(ITestOutputHelper output)
{
    private const int LeaseMs = 1500;
    private const int RenewMs = 150;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PgFact]
    public async Task A_holder_frozen_past_its_lease_learns_it_lost_before_renewing_and_its_writes_are_fenced()
    {
        await using var db = await LeaseDb.CreateAsync(SharedServer.Server, "sigstop");
        using var fleet = new Fleet();
        var old = fleet.Start("old", "hold", db.ChildArgs("name=job", $"lease={LeaseMs}", $"renew={RenewMs}"));
        var oldFence = old.WaitFor("acquired", Wait).Long("fence");
        old.Send("write before-stop");
        Assert.Equal("ok", old.WaitFor("write", Wait)["result"]);

        Signals.Stop(old.Pid);
        var stoppedAt = Signals.NowMs();
        try
        {
            var successor = fleet.Start("new", "hold", db.ChildArgs("name=job", $"lease={LeaseMs}", $"renew={RenewMs}", "poll=50"));
            var acquired = successor.WaitFor("acquired", Wait);
            var newFence = acquired.Long("fence");
            Assert.True(newFence > oldFence, $"{newFence} > {oldFence}");
            Assert.True(acquired.T - stoppedAt >= LeaseMs - 300, $"the successor got in {acquired.T - stoppedAt:F0} ms after the stop");
            successor.Send("write from-new");
            Assert.Equal("ok", successor.WaitFor("write", Wait)["result"]);
            await Task.Delay(LeaseMs);
        }
        finally
        {
            Signals.Continue(old.Pid);
        }

        // Expired, not Replaced: Lost came from the holder's own deadline. A renewal that reached the server after the
        // freeze would have been refused because the row names the successor, and would have reported Replaced.
        var lost = old.WaitFor("lost", Wait);
        Assert.Equal("Expired", lost["health"]);

        old.Send("write stale");
        var write = old.WaitFor("write", Wait, e => e.T >= lost.T);
        Assert.Equal("rejected:Replaced", write["result"]);
        old.Send("release");
        Assert.Equal("0", old.WaitFor("released", Wait)["ok"]);

        var row = await db.RowAsync("job");
        var successorFence = fleet.Children[1].Events.First(e => e.Name == "acquired").Long("fence");
        Assert.Equal((successorFence, true), (row!.Value.Fence, row.Value.Live));
        Assert.Equal("from-new", await db.ScalarAsync("SELECT value FROM protected WHERE name = 'job'"));
        Assert.False(fleet.Children[1].Events.Any(e => e.Name == "lost"), "the new holder was disturbed");
        output.WriteLine($"old fence {oldFence} lost {lost.T - stoppedAt:F0} ms after SIGSTOP ({lost["health"]}); new fence {successorFence}");
    }

    [PgFact]
    public Task A_killed_connection_is_ConnectionLost_and_the_successor_waits_for_the_expiry() =>
        HolderFaultAsync("terminate", "ConnectionLost", refusedHealth: null,
            async (server, db) =>
            {
                var killed = await server.AdminScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'lease-holder'");
                Assert.True(Convert.ToInt64(killed) >= 1, "no backend of the holder was found");
            },
            undo: null);

    [PgFact]
    public Task A_server_crash_restart_is_ConnectionLost_and_fences_still_rise_after_it() =>
        HolderFaultAsync("restart", "ConnectionLost", refusedHealth: null,
            (server, _) =>
            {
                server.RestartImmediate();
                return Task.CompletedTask;
            },
            undo: null);

    [PgFact]
    public Task A_read_only_database_is_ReadOnlyFileSystem_and_no_one_else_gets_in() =>
        HolderFaultAsync("readonly", "ReadOnlyFileSystem", refusedHealth: "ReadOnlyFileSystem",
            async (server, _) =>
            {
                await server.AdminAsync("ALTER SYSTEM SET default_transaction_read_only = on");
                await server.AdminAsync("SELECT pg_reload_conf()");
            },
            async (server, _) =>
            {
                await server.AdminAsync("ALTER SYSTEM RESET default_transaction_read_only");
                await server.AdminAsync("SELECT pg_reload_conf()");
            });

    [PgFact]
    public Task Revoked_rights_are_AccessDenied_and_no_one_else_gets_in() =>
        HolderFaultAsync("revoked", "AccessDenied", refusedHealth: "AccessDenied",
            (server, db) => server.AdminAsync($"REVOKE UPDATE ON \"{db.Table}\" FROM {PostgresServer.AppRole}"),
            (server, db) => server.AdminAsync($"GRANT UPDATE ON \"{db.Table}\" TO {PostgresServer.AppRole}"));

    /// <summary>A holder renewing every 150 ms meets the fault: its Lost fires with <paramref name="health"/>; while the
    /// fault lasts a contender is refused with <paramref name="refusedHealth"/> (when given); after the fault is undone
    /// a successor gets in only after the holder's Lost, with a higher fence.</summary>
    private async Task HolderFaultAsync(string name, string health, string? refusedHealth, Func<PostgresServer, LeaseDb, Task> fault, Func<PostgresServer, LeaseDb, Task>? undo)
    {
        var server = SharedServer.Server;
        await using var db = await LeaseDb.CreateAsync(server, name);
        using var fleet = new Fleet();
        var holder = fleet.Start("holder", "hold", db.ChildArgs("name=job", $"lease={LeaseMs}", $"renew={RenewMs}", "appname=lease-holder"));
        var fence = holder.WaitFor("acquired", Wait).Long("fence");
        var faultAt = Signals.NowMs();
        Evt lost;
        try
        {
            await fault(server, db);
            lost = holder.WaitFor("lost", Wait);
            Assert.Equal(health, lost["health"]);
            if (refusedHealth != null)
            {
                var contender = fleet.Start("contender", "hold", db.ChildArgs("name=job", "try=1"));
                Assert.Equal(refusedHealth, contender.WaitFor("refused", Wait)["health"]);
            }
        }
        finally
        {
            if (undo != null)
            {
                await undo(server, db);
            }
        }

        AssertSuccessorAfter(db, fleet, lost, fence);
        output.WriteLine($"{name}: Lost {lost.T - faultAt:F0} ms after the fault with {lost["health"]} ({lost.Get("msg")})" +
                         (refusedHealth != null ? $"; a contender was refused with {refusedHealth}" : ""));
    }

    [PgFact(Facility.Root, Facility.Tmpfs)]
    public async Task A_full_disk_under_the_data_directory_is_DiskFull()
    {
        Facilities.Require(Facility.Root, Facility.Tmpfs);
        using var scratch = new Scratch("pg-diskfull");
        var mount = scratch.Dir("mnt");
        scratch.MountTmpfs(mount, "size=160m");
        using var server = PostgresServer.Start(Path.Combine(mount, "data"));
        await using var db = await LeaseDb.CreateAsync(server, "diskfull");
        using var fleet = new Fleet();
        var holder = fleet.Start("holder", "hold", db.ChildArgs("name=job", "lease=3000", "renew=100"));
        holder.WaitFor("acquired", Wait);

        // An open snapshot keeps every dead row version, so each renewal needs fresh space in the heap.
        await using var snapshot = new Npgsql.NpgsqlConnection(server.AdminConnectionString);
        await snapshot.OpenAsync();
        await using (var begin = new Npgsql.NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM pg_class", snapshot))
        {
            await begin.ExecuteNonQueryAsync();
        }

        Fill(Path.Combine(mount, "filler"));
        // Fill the lease table's pages with live rows until the next row version needs a page the disk cannot give.
        var fillerError = "";
        for (var i = 0; i < 20000 && !holder.Events.Any(e => e.Name == "lost"); i++)
        {
            try
            {
                await server.AdminAsync($"INSERT INTO \"{db.Table}\" (name, token, holder, fence, acquired_at, expires_at) VALUES ($1, 'filler', 'filler', 0, now(), now() + interval '1 hour')", "filler-" + i);
            }
            catch (Npgsql.PostgresException e)
            {
                fillerError = e.SqlState + " " + e.MessageText;
                break;
            }
        }

        var lost = holder.WaitFor("lost", Wait);
        output.WriteLine($"filler insert stopped with: {fillerError}; Lost with {lost["health"]} ({lost.Get("msg")})");
        Assert.Equal("DiskFull", lost["health"]);
        // The holder may run out of space before the filler does; either way the server itself must have said 53100.
        Assert.True(fillerError.StartsWith("53100", StringComparison.Ordinal) || (lost.Get("msg") ?? "").Contains("53100", StringComparison.Ordinal),
            $"no 53100 from the server: filler '{fillerError}', holder '{lost.Get("msg")}'");
    }

    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[1 << 20];
        foreach (var size in new[] { 1 << 20, 4096 })
        {
            try
            {
                while (true)
                {
                    file.Write(block, 0, size);
                    file.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC at this granularity: go on with smaller blocks
            }
        }
    }

    /// <summary>A contender gets the lease only after the holder's Lost fired, and with a higher fence.</summary>
    private static void AssertSuccessorAfter(LeaseDb db, Fleet fleet, Evt lost, long oldFence)
    {
        var successor = fleet.Start("successor", "hold", db.ChildArgs("name=job", $"lease={LeaseMs}", "poll=100", "timeout=30000"));
        var acquired = successor.WaitFor("acquired", Wait);
        Assert.True(acquired.T > lost.T, $"the successor acquired at {acquired.T:F0}, before the holder's Lost at {lost.T:F0}");
        Assert.True(acquired.Long("fence") > oldFence, $"{acquired.Long("fence")} > {oldFence}");
        successor.Send("release");
        Assert.Equal("1", successor.WaitFor("released", Wait)["ok"]);
    }
}
