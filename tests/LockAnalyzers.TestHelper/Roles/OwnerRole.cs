using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// owner lock=P [wait=1] [hb= stale=]: (after "go" on stdin when wait=1) acquires and then idles until killed or told
/// "exit" — the owner the host SIGKILLs to leave a stale lock behind.
/// </summary>
internal static class OwnerRole
{
    public static int Run(Args args)
    {
        var lockPath = args.Str("lock");
        if (args.Int("wait", 0) == 1 && Commands.WaitFor(TimeSpan.FromMinutes(10), "go", "exit", "eof") != "go")
        {
            return 0;
        }

        var started = Events.NowMs();
        var held = LockFile.AcquireAsync(lockPath, Options.From(args)).GetAwaiter().GetResult();
        Options.EmitAcquired(held, started);
        Commands.WaitFor(TimeSpan.FromMinutes(10), "exit", "eof");
        return 0;
    }
}
