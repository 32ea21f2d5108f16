using System.Text;

namespace LockAnalyzers.Runtime.Postgres;

/// <summary>The statements of one lease table. Every state change is one statement whose WHERE holds the owner token
/// and the fence (compare-and-set), and every time comparison uses the server's clock_timestamp(): the time when the
/// row is actually examined, after any wait for a row lock, not the start of the statement or transaction.</summary>
internal sealed class PostgresLeaseSql
{
    /// <summary>One channel for every lease table; the payload names the table and the lease.</summary>
    public const string Channel = "lockanalyzers_lease";

    private const int MaxIdentifierBytes = 63 - 6; // room for the sequence's "_fence" suffix within NAMEDATALEN - 1

    public PostgresLeaseSql(string schema, string table)
    {
        Schema = schema;
        Table = table;
        QualifiedTable = Quote(schema) + "." + Quote(table);
        QualifiedSequence = Quote(schema) + "." + Quote(table + "_fence");
        PayloadPrefix = schema + "." + table + "/";

        Create = $"""
            CREATE TABLE IF NOT EXISTS {QualifiedTable} (
                name text PRIMARY KEY,
                token text NOT NULL,
                holder text NOT NULL,
                fence bigint NOT NULL,
                acquired_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL);
            CREATE SEQUENCE IF NOT EXISTS {QualifiedSequence} AS bigint;
            """;

        // The NOT EXISTS pre-check makes an attempt on a live lease a plain read: no row lock, no WAL, no fence
        // drawn, so waiters that retry cost the server no commit flush. The ON CONFLICT ... WHERE still decides
        // on the newest row version, so a lease taken since our snapshot is never taken twice. The CTE's outer
        // SELECT reads the row as it was before the statement: the holder to name when we lost.
        Acquire = $"""
            WITH acquired AS (
                INSERT INTO {QualifiedTable} AS l (name, token, holder, fence, acquired_at, expires_at)
                SELECT $1, $2, $3, nextval('{EscapeLiteral(QualifiedSequence)}'), clock_timestamp(), clock_timestamp() + make_interval(secs => $4)
                WHERE NOT EXISTS (SELECT 1 FROM {QualifiedTable} AS live WHERE live.name = $1 AND live.expires_at > clock_timestamp())
                ON CONFLICT (name) DO UPDATE
                SET token = excluded.token, holder = excluded.holder, fence = greatest(l.fence + 1, excluded.fence),
                    acquired_at = clock_timestamp(), expires_at = clock_timestamp() + make_interval(secs => $4)
                WHERE l.expires_at <= clock_timestamp()
                RETURNING l.fence)
            SELECT a.fence, p.holder, p.fence, CASE WHEN isfinite(p.expires_at) THEN extract(epoch FROM p.expires_at - clock_timestamp())::float8 END
            FROM (SELECT 1) AS one
            LEFT JOIN acquired AS a ON true
            LEFT JOIN {QualifiedTable} AS p ON p.name = $1
            """;

        Renew = $"""
            WITH renewed AS (
                UPDATE {QualifiedTable} SET expires_at = clock_timestamp() + make_interval(secs => $4)
                WHERE name = $1 AND token = $2 AND fence = $3 AND expires_at > clock_timestamp()
                RETURNING 1)
            SELECT (SELECT count(*) FROM renewed), p.token = $2 AND p.fence = $3
            FROM (SELECT 1) AS one
            LEFT JOIN {QualifiedTable} AS p ON p.name = $1
            """;

        // The row is kept (emptied and expired) so the per-name fence never goes back, even without the sequence.
        Release = $"""
            UPDATE {QualifiedTable} SET token = '', holder = '', expires_at = clock_timestamp()
            WHERE name = $1 AND token = $2 AND fence = $3
            RETURNING pg_notify('{Channel}', $4)::text
            """;

        Guard = $"SELECT fence, expires_at > clock_timestamp() FROM {QualifiedTable} WHERE name = $1 FOR SHARE";

        Exists = "SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL";
    }

    public string Schema { get; }

    public string Table { get; }

    public string QualifiedTable { get; }

    public string QualifiedSequence { get; }

    public string PayloadPrefix { get; }

    public string Create { get; }

    public string Acquire { get; }

    public string Renew { get; }

    public string Release { get; }

    public string Guard { get; }

    public string Exists { get; }

    public string Payload(string name) => PayloadPrefix + name;

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public static void CheckIdentifier(string? identifier, string parameter)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            throw new ArgumentException("A schema and a table name are required.", parameter);
        }

        if (Encoding.UTF8.GetByteCount(identifier) > MaxIdentifierBytes || identifier.IndexOf('\0') >= 0)
        {
            throw new ArgumentException($"'{identifier}' is not a usable PostgreSQL identifier here (at most {MaxIdentifierBytes} bytes, no NUL).", parameter);
        }
    }

    private static string EscapeLiteral(string text) => text.Replace("'", "''");
}
