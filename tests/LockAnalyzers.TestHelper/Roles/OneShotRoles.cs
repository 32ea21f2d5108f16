using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>steal lock=P stale=MS; retire lock=P; release-token lock=P token=T: one runtime call each, result printed.</summary>
internal static class OneShotRoles
{
    public static int Steal(Args args)
    {
        var outcome = LockSteal.TryBreakStale(args.Str("lock"), args.Ms("stale", 1000));
        Events.Emit("steal", ("outcome", outcome));
        return 0;
    }

    public static int Retire(Args args)
    {
        var retired = LockSteal.TryRetire(args.Str("lock"));
        Events.Emit("retire", ("ok", retired));
        return 0;
    }

    public static int ReleaseToken(Args args)
    {
        var ok = LockFile.Release(args.Str("lock"), args.Str("token"));
        Events.Emit("release-token", ("ok", ok), ("exists", File.Exists(args.Str("lock"))));
        return 0;
    }
}
