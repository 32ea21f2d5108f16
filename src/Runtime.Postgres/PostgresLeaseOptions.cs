using Microsoft.Extensions.Logging;

namespace LockAnalyzers.Runtime.Postgres;

/// <summary>How a <see cref="PostgresLease"/> expires, renews, waits, and where its table lives.</summary>
public sealed class PostgresLeaseOptions
{
    /// <summary>The schema used when none is set. The table is never created in a schema the role cannot create in: set
    /// <see cref="Schema"/> to one it owns, or create the table beforehand with <see cref="PostgresLease.EnsureSchemaAsync"/>.</summary>
    public const string DefaultSchema = "public";

    public const string DefaultTable = "lockanalyzers_leases";

    /// <summary>How long a lease lives on the server after each acquisition or renewal (the server's clock). Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews. Default (null) a third of <see cref="LeaseDuration"/>; at most half of it.</summary>
    public TimeSpan? RenewInterval { get; init; }

    /// <summary>How long <see cref="PostgresLease.AcquireAsync"/> waits before it throws <see cref="LockTimeoutException"/>. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a waiter sleeps between attempts when no release notification arrives (a fallback: a
    /// release wakes waiters at once, and a waiter also wakes when the holder's lease is due to expire). Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public string Schema { get; init; } = DefaultSchema;

    public string Table { get; init; } = DefaultTable;

    public ILogger? Logger { get; init; }

    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? TimeSpan.FromTicks(LeaseDuration.Ticks / 3);

    /// <summary>Lost fires this long before the last confirmed expiry: room for clock-rate differences between client
    /// and server and for the protected work to notice the token.</summary>
    internal TimeSpan SafetyMargin => TimeSpan.FromTicks(LeaseDuration.Ticks / 10);

    internal void Validate()
    {
        if (LeaseDuration < TimeSpan.FromMilliseconds(100) || LeaseDuration > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration, "LeaseDuration must be between 100 ms and 1 day.");
        }

        var renew = EffectiveRenewInterval;
        if (renew <= TimeSpan.Zero || renew.Ticks > LeaseDuration.Ticks / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(RenewInterval), renew, "RenewInterval must be positive and at most half of LeaseDuration.");
        }

        if (Timeout < TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be zero or positive (or infinite).");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "PollInterval must be positive.");
        }

        PostgresLeaseSql.CheckIdentifier(Schema, nameof(Schema));
        PostgresLeaseSql.CheckIdentifier(Table, nameof(Table));
    }
}
