using Npgsql;

namespace LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

/// <summary>One test's corner of a server: its own lease table (so tests never see each other's rows), the
/// app role's data source, and the tables the guarded writes and the stress workers use.</summary>
public sealed class LeaseDb : IAsyncDisposable
{
    private LeaseDb(PostgresServer server, string table)
    {
        Server = server;
        Table = table;
        DataSource = NpgsqlDataSource.Create(server.AppConnectionString);
        Options = new PostgresLeaseOptions { Table = table, LeaseDuration = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(10) };
    }

    public PostgresServer Server { get; }

    public string Table { get; }

    public NpgsqlDataSource DataSource { get; }

    public PostgresLeaseOptions Options { get; }

    public static async Task<LeaseDb> CreateAsync(PostgresServer server, string testName)
    {
        var table = "t_" + testName.ToLowerInvariant().Replace('.', '_')[..Math.Min(testName.Length, 40)] + "_" + Guid.NewGuid().ToString("N")[..6];
        var db = new LeaseDb(server, table);
        await PostgresLease.EnsureSchemaAsync(db.DataSource, db.Options);
        await db.ExecAsync("CREATE TABLE IF NOT EXISTS protected (name text PRIMARY KEY, value text NOT NULL, fence bigint NOT NULL)");
        return db;
    }

    /// <summary>Child arguments naming this table and server.</summary>
    public IEnumerable<string> ChildArgs(params string[] more) =>
        new[] { "conn=" + Server.AppConnectionString, "table=" + Table }.Concat(more);

    public async Task ExecAsync(string sql, params object[] parameters) => await ScalarAsync(sql, parameters);

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>The lease row as the server sees it now: (token, fence, live), or null without a row.</summary>
    public async Task<(string Token, long Fence, bool Live)?> RowAsync(string name)
    {
        await using var command = DataSource.CreateCommand($"SELECT token, fence, expires_at > clock_timestamp() FROM \"{Table}\" WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecAsync($"DROP TABLE IF EXISTS \"{Table}\"; DROP SEQUENCE IF EXISTS \"{Table}_fence\"");
        }
        catch (NpgsqlException)
        {
            // the server of a fault test may be gone; it is deleted with its directory
        }

        await DataSource.DisposeAsync();
    }
}
