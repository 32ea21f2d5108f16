using Npgsql;

namespace LockAnalyzers.Runtime.Postgres.TestChild;

/// <summary>The write the lease protects in the tests: one row per lease name in "protected", carrying the writer's
/// value and fence. Shared by the child and the in-process tests (linked there).</summary>
internal static class ProtectedWrite
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string value, long fence)
    {
        var write = new NpgsqlCommand("INSERT INTO protected (name, value, fence) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = excluded.value, fence = excluded.fence", connection, transaction);
        write.Parameters.Add(new NpgsqlParameter { Value = name });
        write.Parameters.Add(new NpgsqlParameter { Value = value });
        write.Parameters.Add(new NpgsqlParameter { Value = fence });
        return write;
    }
}
