using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// handle-hold lock=P pid=Q [interval=MS] [events=1|0]: the seed-001 daemon after the LCK009 fix. Opens P with
/// FileShare.None (a flock) and keeps it, writes its pid to Q, starts a LockPathWatch with LockLossAction.ExitProcess,
/// prints "held", then beats ("tick") until stdin says "release" (watch disposed first, then handle closed and both
/// files deleted, as the legacy daemon's shutdown does). Exits 0 by itself (through the watch) when P is replaced.
/// </summary>
internal static class HandleHoldRole
{
    public static int Run(Args args)
    {
        var lockPath = args.Str("lock");
        var pidPath = args.Str("pid");
        var handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        File.WriteAllText(pidPath, Environment.ProcessId.ToString());
        var watch = LockPathWatch.Start(
            handle,
            lockPath,
            LockLossAction.ExitProcess,
            new LockPathWatchOptions { Interval = args.Ms("interval", 1000), WatchDirectoryEvents = args.Int("events", 1) == 1 });
        watch.HealthChanged += (_, h) => Events.Emit("health", ("h", h));
        Events.Emit("held", ("health", watch.Health));
        while (true)
        {
            if (Commands.TryTake(out var command, TimeSpan.FromMilliseconds(25)) && command == "release")
            {
                watch.Dispose();
                handle.Dispose();
                File.Delete(pidPath);
                File.Delete(lockPath);
                Events.Emit("released");
                return 0;
            }

            Events.Emit("tick");
        }
    }
}
