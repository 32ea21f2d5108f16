using LockAnalyzers.Runtime.Postgres;
using Medallion.Threading.Postgres;
using Npgsql;

namespace LockAnalyzers.Lease.Benchmarks;

/// <summary>One lock implementation under test, behind the two calls the benchmark makes.</summary>
internal abstract class Contender : IAsyncDisposable
{
    public abstract string Name { get; }

    public static Contender Create(string kind, string connectionString) => kind switch
    {
        "lease" => new Lease(connectionString, "LockAnalyzers.Runtime.Postgres lease"),
        // Where the lease's time goes: the same lease without waiting for the WAL flush at commit. Not for production
        // (a crash can lose an acknowledged acquisition and hand its fence out again).
        "lease-noflush" => new Lease(connectionString + ";Options=-c synchronous_commit=off", "same lease, synchronous_commit=off (no WAL flush; measurement only)"),
        "advisory" => new Advisory(connectionString),
        _ => throw new ArgumentException("unknown contender " + kind),
    };

    /// <summary>Waits for the lock and returns the release.</summary>
    public abstract Task<Func<Task>> AcquireAsync(string name);

    public abstract ValueTask DisposeAsync();

    private sealed class Lease(string connectionString, string name) : Contender
    {
        private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        private readonly PostgresLeaseOptions options = new() { Timeout = TimeSpan.FromSeconds(60) };

        public override string Name => name;

        public override async Task<Func<Task>> AcquireAsync(string name)
        {
            var held = await PostgresLease.AcquireAsync(dataSource, name, options);
            return () => held.ReleaseAsync();
        }

        public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
    }

    private sealed class Advisory(string connectionString) : Contender
    {
        private readonly string connectionString = connectionString;

        public override string Name => "DistributedLock.Postgres 1.3.2 (advisory lock)";

        public override async Task<Func<Task>> AcquireAsync(string name)
        {
            var distributed = new PostgresDistributedLock(new PostgresAdvisoryLockKey(name, allowHashing: true), connectionString);
            var handle = await distributed.AcquireAsync(TimeSpan.FromSeconds(60));
            return async () => await handle.DisposeAsync();
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
