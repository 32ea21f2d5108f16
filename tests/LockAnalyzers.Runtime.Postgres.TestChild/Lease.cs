using System.Globalization;
using LockAnalyzers.Runtime.Postgres;
using LockAnalyzers.TestHelper;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres.TestChild;

/// <summary>What every role takes from its arguments: conn= (connection string), table=, lease=MS, renew=MS, timeout=MS.</summary>
internal static class Lease
{
    /// <summary>The data source of conn=, with appname= as its application_name (so a test can find its backends).</summary>
    public static NpgsqlDataSource DataSource(Args args)
    {
        var builder = new NpgsqlConnectionStringBuilder(args.Str("conn"));
        if (args.Opt("appname") is { } appName)
        {
            builder.ApplicationName = appName;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public static PostgresLeaseOptions Options(Args args) => new()
    {
        Table = args.Opt("table") ?? PostgresLeaseOptions.DefaultTable,
        LeaseDuration = args.Ms("lease", 2000),
        RenewInterval = args.Opt("renew") == null ? null : args.Ms("renew", 0),
        Timeout = args.Ms("timeout", 30000),
        PollInterval = args.Ms("poll", 1000),
    };

    /// <summary>Emits "lost" and "health" events for a held lease.</summary>
    public static void Report(PostgresLeaseHandle held)
    {
        held.HealthChanged += (_, h) => Events.Emit("health", ("fence", held.FencingToken), ("health", h.ToString()));
        held.Lost.Register(() => Events.Emit("lost", ("fence", held.FencingToken), ("health", held.Health.ToString()),
            ("error", held.LastError?.GetType().Name ?? "none"), ("msg", held.LastError?.Message ?? "")));
    }

    /// <summary>A protected write in one transaction with the guard: the fenced table "protected" gets our value.</summary>
    public static async Task<string> GuardedWriteAsync(NpgsqlDataSource dataSource, PostgresLeaseOptions options, string name, long fence, string value)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await PostgresLease.GuardAsync(connection, tx, name, fence, options);
            await using (var write = ProtectedWrite.Command(connection, tx, name, value, fence))
            {
                await write.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
            return "ok";
        }
        catch (LockHealthException e)
        {
            return "rejected:" + e.Health.ToString();
        }
        catch (NpgsqlException e)
        {
            return "error:" + ((e as PostgresException)?.SqlState ?? e.GetType().Name);
        }
    }

    public static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
