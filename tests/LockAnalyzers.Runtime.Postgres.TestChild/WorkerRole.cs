using LockAnalyzers.Runtime.Postgres;
using LockAnalyzers.TestHelper;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres.TestChild;

/// <summary>
/// worker conn=.. name=N rounds=R [lease= renew= table= pausems=]: R times: acquire N, then in one transaction guard
/// with the fencing token, read the counter, pause, write it plus one and log the increment (value, fence, pid) in
/// "increments"; commit; release. A second writer inside at the same time would lose an update or log a value twice.
/// Emits "inc value=.. fence=.." per committed increment, "fenced" when the guard refused, "fail" for other errors.
/// </summary>
internal static class WorkerRole
{
    public static async Task<int> RunAsync(Args args)
    {
        var name = args.Str("name");
        var rounds = args.Int("rounds", 1);
        var pause = args.Ms("pausems", 2);
        var options = Lease.Options(args);
        await using var dataSource = Lease.DataSource(args);
        for (var round = 0; round < rounds; round++)
        {
            PostgresLeaseHandle held;
            try
            {
                held = await PostgresLease.AcquireAsync(dataSource, name, options);
            }
            catch (Exception e) when (e is LockTimeoutException or LockHealthException)
            {
                Events.Emit("fail", ("round", round), ("stage", "acquire"), ("msg", e.Message));
                continue;
            }

            Lease.Report(held);
            Events.Emit("acquired", ("round", round), ("fence", held.FencingToken));
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await PostgresLease.GuardAsync(connection, tx, name, held.FencingToken, options);
                long value;
                await using (var read = new NpgsqlCommand("SELECT value FROM counter WHERE id = 1", connection, tx))
                {
                    value = (long)(await read.ExecuteScalarAsync())!;
                }

                await Task.Delay(pause);
                await using (var write = new NpgsqlCommand("UPDATE counter SET value = $1 WHERE id = 1", connection, tx))
                {
                    write.Parameters.Add(new NpgsqlParameter { Value = value + 1 });
                    await write.ExecuteNonQueryAsync();
                }

                await using (var log = new NpgsqlCommand("INSERT INTO increments (value, fence, pid) VALUES ($1, $2, $3)", connection, tx))
                {
                    log.Parameters.Add(new NpgsqlParameter { Value = value });
                    log.Parameters.Add(new NpgsqlParameter { Value = held.FencingToken });
                    log.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
                    await log.ExecuteNonQueryAsync();
                }

                await tx.CommitAsync();
                Events.Emit("inc", ("round", round), ("value", value), ("fence", held.FencingToken));
            }
            catch (LockHealthException e)
            {
                Events.Emit("fenced", ("round", round), ("fence", held.FencingToken), ("health", e.Health.ToString()));
            }
            catch (NpgsqlException e)
            {
                Events.Emit("fail", ("round", round), ("stage", "write"), ("state", (e as PostgresException)?.SqlState ?? e.GetType().Name), ("msg", e.Message));
            }

            Events.Emit("released", ("round", round), ("ok", await held.ReleaseAsync()));
        }

        return 0;
    }
}
