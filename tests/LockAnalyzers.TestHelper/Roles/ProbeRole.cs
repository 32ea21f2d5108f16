using System.Text;
using LockAnalyzers.Runtime;

namespace LockAnalyzers.TestHelper;

/// <summary>
/// probe (path=P | dir=D) ops=a,b,c [path2=Q]: runs plain .NET file operations (and the runtime's heartbeat, acquire and
/// classifier) once each and prints the raw exception type and HResult of each failure, plus the runtime's
/// classification of it. The fault comes from outside: the LD_PRELOAD shim, a full tmpfs, chattr +i, a read-only
/// bind mount or an unprivileged uid. With dir=D each op works on its own file D/OP.t (so the shim can fault one
/// function per op: FAULTSHIM_PATH="touch.t@utimensat:fsync.t@fsync:...").
/// </summary>
internal static class ProbeRole
{
    public static int Run(Args args)
    {
        var dir = args.Opt("dir");
        foreach (var op in args.Str("ops").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = dir == null ? args.Str("path") : Path.Combine(dir, op + ".t");
            Probe(op, path, dir == null ? args.Opt("path2") : path + ".moved");
        }

        return 0;
    }

    private static void Probe(string op, string path, string? path2)
    {
        switch (op)
        {
            case "heartbeat":
                Heartbeat(path);
                return;
            case "tryacquire":
                TryAcquire(path);
                return;
        }

        Exception? error = null;
        try
        {
            Raw(op, path, path2);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Events.Emit("raw", [("op", op), ("ok", error == null), .. Events.DescribeException(error), ("health", Classify(error)), ("msg", error?.Message)]);
    }

    private static void Raw(string op, string path, string? path2)
    {
        switch (op)
        {
            case "touch":
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                break;
            case "touch-handle":
                using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
                {
                    File.SetLastWriteTimeUtc(handle, DateTime.UtcNow);
                }

                break;
            case "create":
                using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    fs.Write(Encoding.ASCII.GetBytes("owner 1234\n"));
                }

                break;
            case "write-small":
                File.WriteAllText(path, "owner 1234\n");
                break;
            case "write-large":
                File.WriteAllText(path, new string('x', 1 << 20));
                break;
            case "append":
                using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                {
                    fs.Write(new byte[4096]);
                }

                break;
            case "fsync":
                using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    fs.Write(new byte[16]);
                    fs.Flush(flushToDisk: true);
                }

                break;
            case "rename":
                File.Move(path, path2 ?? path + ".moved", overwrite: true);
                break;
            case "delete":
                File.Delete(path);
                break;
            case "read":
                _ = File.ReadAllText(path);
                break;
            case "mkfile":
                // a fresh name each time, for inode exhaustion
                File.WriteAllText(path + "." + Guid.NewGuid().ToString("N"), "");
                break;
            default:
                throw new ArgumentException($"unknown probe op '{op}'");
        }
    }

    private static void Heartbeat(string path)
    {
        var result = LockHeartbeat.Refresh(path);
        Events.Emit("heartbeat", [("op", "heartbeat"), ("ok", result.IsHealthy), ("health", result.Health), ("operation", result.Operation), .. Events.DescribeException(result.Error), ("msg", result.Error?.Message)]);
    }

    private static void TryAcquire(string path)
    {
        try
        {
            using var held = LockFile.TryAcquire(path, new LockOptions { Timeout = TimeSpan.FromSeconds(2) });
            Events.Emit("tryacquire", ("op", "tryacquire"), ("ok", held != null), ("health", held?.Health.ToString() ?? "null"), ("exists", File.Exists(path)));
        }
        catch (NotImplementedException)
        {
            throw;
        }
        catch (Exception ex)
        {
            var health = ex is LockHealthException lhe ? lhe.Health.ToString() : Classify(ex);
            Events.Emit("tryacquire", [("op", "tryacquire"), ("ok", false), .. Events.DescribeException(ex), ("health", health), ("exists", File.Exists(path)), ("msg", ex.Message)]);
        }
    }

    private static string Classify(Exception? error)
    {
        if (error == null)
        {
            return "Healthy";
        }

        try
        {
            return LockHealthClassifier.Classify(error).ToString();
        }
        catch (NotImplementedException)
        {
            return "NotImplemented";
        }
    }
}
