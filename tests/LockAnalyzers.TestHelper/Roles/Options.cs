using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

internal static class Options
{
    /// <summary>LockOptions from hb=, stale=, timeout=, poll= (milliseconds).</summary>
    public static LockOptions From(Args args) => new()
    {
        HeartbeatInterval = args.Ms("hb", 200),
        StaleAfter = args.Ms("stale", 1000),
        Timeout = args.Ms("timeout", 10000),
        PollInterval = args.Ms("poll", 20),
    };

    /// <summary>Prints every health change and the Lost cancellation of a held lock.</summary>
    public static void Watch(LockFile held)
    {
        held.HealthChanged += (_, health) => Events.Emit("health", ("h", health));
        held.Lost.Register(() => Events.Emit("lost", ("h", held.Health)));
    }

    public static void EmitAcquired(LockFile held, double startedMs) => Events.Emit(
        "acquired",
        ("token", held.Owner.Token),
        ("fencing", held.FencingToken),
        ("waitms", Events.NowMs() - startedMs));
}
