using System.Net.Sockets;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres;

/// <summary>Maps a failed lease statement to a <see cref="LockHealth"/>; never Healthy for an exception. Server errors
/// are judged by SQLSTATE (docs/lease.md has the table); client-side failures by Npgsql's own classification.</summary>
internal static class PostgresLeaseClassifier
{
    public static LockHealth Classify(Exception exception)
    {
        switch (exception)
        {
            case AggregateException { InnerExceptions.Count: 1 } agg:
                return Classify(agg.InnerExceptions[0]);
            case PostgresException pg:
                return ClassifySqlState(pg.SqlState);
            case NpgsqlException npgsql:
                // No SQLSTATE: the client could not reach the server, or the connection broke (IOException,
                // SocketException, EndOfStream), or a connect or command timeout passed.
                return npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException
                    ? LockHealth.ConnectionLost
                    : LockHealth.Unknown;
            case SocketException or IOException or TimeoutException:
                return LockHealth.ConnectionLost;
            default:
                return LockHealth.Unknown;
        }
    }

    public static LockHealth ClassifySqlState(string? sqlState)
    {
        if (string.IsNullOrEmpty(sqlState))
        {
            return LockHealth.Unknown;
        }

        switch (sqlState)
        {
            case "53100": // disk_full
                return LockHealth.DiskFull;
            case "25006": // read_only_sql_transaction (default_transaction_read_only, a hot standby)
                return LockHealth.ReadOnlyFileSystem;
            case "42501": // insufficient_privilege
            case "28000": // invalid_authorization_specification
            case "28P01": // invalid_password
                return LockHealth.AccessDenied;
            case "42P01": // undefined_table
            case "3F000": // invalid_schema_name
            case "3D000": // invalid_catalog_name
                return LockHealth.PathMissing;
            case "57P01": // admin_shutdown (pg_terminate_backend, pg_ctl stop -m fast)
            case "57P02": // crash_shutdown (another backend crashed: pg_ctl -m immediate)
            case "57P03": // cannot_connect_now (starting up, shutting down, recovering)
            case "57P04": // database_dropped
            case "57P05": // idle_session_timeout
            case "53300": // too_many_connections
            case "25P03": // idle_in_transaction_session_timeout
                return LockHealth.ConnectionLost;
            case "58030": // io_error
                return LockHealth.IoError;
        }

        // Class 08: connection exceptions.
        return sqlState.StartsWith("08", StringComparison.Ordinal) ? LockHealth.ConnectionLost : LockHealth.Unknown;
    }
}
