using LockAnalyzers.Runtime.FaultTests.Infrastructure;
using Xunit.Sdk;

namespace LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

/// <summary>
/// The one server most tests share, started on first use (by the first [PgFact]'s probe) and stopped at process exit.
/// Locally a server that cannot start skips the tests with the reason; under CI=true it fails them (.ci/run installs
/// Debian's postgresql package).
/// </summary>
public static class SharedServer
{
    private static readonly Lazy<(PostgresServer? Server, string? Error)> Started = new(() =>
    {
        try
        {
            return (PostgresServer.Start(), null);
        }
        catch (Exception e)
        {
            return (null, "PostgreSQL could not start: " + e.Message);
        }
    });

    public static string? Missing => Started.Value.Error;

    /// <summary>Stops the shared server and deletes the template, if they were made. Called by the collection
    /// fixture when the last test is done: a process-exit handler is not given the time to run pg_ctl.</summary>
    public static void Stop()
    {
        if (Started.IsValueCreated)
        {
            Started.Value.Server?.Dispose();
        }

        PostgresServer.DeleteTemplate();
    }

    public static PostgresServer Server => Started.Value.Server ??
        throw new XunitException((Facilities.IsCi ? "CI=true requires PostgreSQL; " : "") + Started.Value.Error);
}

/// <summary>[Fact] needing PostgreSQL (and the given facilities): skips locally when missing, never under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PgFactAttribute : FactAttribute
{
    public PgFactAttribute(params Facility[] needs)
    {
        if (Facilities.IsCi)
        {
            return;
        }

        var missing = Facilities.FirstMissing(needs) ?? SharedServer.Missing;
        if (missing != null)
        {
            Skip = missing + " (skipped locally; fails under CI=true)";
        }
    }
}

/// <summary>Every test class that uses a server belongs to this collection, so the shared server is stopped when the
/// collection is done.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCollection.Lifetime>
{
    public const string Name = "PostgreSQL";

    public sealed class Lifetime : IDisposable
    {
        public void Dispose() => SharedServer.Stop();
    }
}
