using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// hold lock=P [hb= stale= timeout= poll=] [witness=DIR] [holdms=N]: acquires, optionally enters the witness, then
/// obeys stdin: "leave" (exit the witness), "release" (leave + owned release), "exit". With holdms it leaves and
/// releases by itself after that long. Prints health changes and Lost as they happen.
/// </summary>
internal static class HoldRole
{
    public static int Run(Args args)
    {
        var lockPath = args.Str("lock");
        var witness = args.Opt("witness");
        var started = Events.NowMs();
        var held = LockFile.AcquireAsync(lockPath, Options.From(args)).GetAwaiter().GetResult();
        Options.Watch(held);
        Options.EmitAcquired(held, started);
        var inside = witness != null && Witness.Enter(witness, 0);
        if (inside)
        {
            Witness.Increment(witness!, TimeSpan.Zero);
        }

        var holdMs = args.Int("holdms", -1);
        var autoRelease = holdMs >= 0 ? DateTime.UtcNow.AddMilliseconds(holdMs) : DateTime.MaxValue;
        var released = false;
        while (true)
        {
            var wait = autoRelease == DateTime.MaxValue ? TimeSpan.FromSeconds(1) : autoRelease - DateTime.UtcNow;
            string command;
            if (wait <= TimeSpan.Zero)
            {
                command = released ? "exit" : "release";
                autoRelease = DateTime.MaxValue;
            }
            else if (!Commands.TryTake(out command, wait))
            {
                continue;
            }

            switch (command)
            {
                case "leave" when inside:
                    Witness.Leave(witness!, 0);
                    inside = false;
                    break;
                case "release" when !released:
                    if (inside)
                    {
                        Witness.Leave(witness!, 0);
                        inside = false;
                    }

                    var ok = held.Release();
                    released = true;
                    Events.Emit("released", ("ok", ok), ("health", held.Health), ("exists", File.Exists(lockPath)));
                    if (holdMs >= 0)
                    {
                        return 0;
                    }

                    break;
                case "exit":
                case "eof":
                    return 0;
            }
        }
    }
}
