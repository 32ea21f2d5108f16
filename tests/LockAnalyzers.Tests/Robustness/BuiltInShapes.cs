namespace LockAnalyzers.Tests.Robustness;

/// <summary>
/// Lock-file shapes the fuzz test always covers, whatever the rule tests hold: one per seed mistake, written in the
/// less common syntax (top-level statements, file-scoped namespaces, local functions, lambdas, async, records,
/// expression bodies, using declarations, pattern matching) that a rule's own tests may not reach.
/// </summary>
public static class BuiltInShapes
{
    public sealed record Shape(string Name, string Text);

    public static IReadOnlyList<Shape> All { get; } = new[]
    {
        new Shape("top-level-wait-and-steal", """
            using System;
            using System.IO;
            using System.Threading;

            var lockPath = Path.Combine(Path.GetTempPath(), "tool.lock");
            while (File.Exists(lockPath))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromMinutes(5))
                {
                    File.Delete(lockPath);
                    continue;
                }

                Thread.Sleep(100);
            }

            File.WriteAllText(lockPath, Environment.ProcessId.ToString());
            try { Console.WriteLine("work"); }
            finally { File.Delete(lockPath); }
            """),
        new Shape("file-scoped-heartbeat-local-function", """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Shapes;

            public sealed class Heartbeat
            {
                private readonly string _lockFile;
                public Heartbeat(string lockFile) => _lockFile = lockFile;

                public async Task RunAsync(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        Touch();
                        await Task.Delay(1000, token);
                    }

                    void Touch()
                    {
                        try { File.SetLastWriteTimeUtc(_lockFile, DateTime.UtcNow); }
                        catch (IOException) { }
                    }
                }

                public Action Refresh => () => { try { File.WriteAllText(_lockFile, "alive"); } catch { } };
            }
            """),
        new Shape("check-then-create-expression-bodies", """
            using System.IO;

            namespace Shapes
            {
                public record LockSpec(string Dir, string Name)
                {
                    public string LockPath => Path.Combine(Dir, Name + ".lock");
                }

                public static class Acquire
                {
                    public static bool TryTake(LockSpec spec) => !File.Exists(spec.LockPath) && Create(spec.LockPath);

                    private static bool Create(string lockPath)
                    {
                        using var stream = File.Create(lockPath);
                        return true;
                    }

                    public static bool TryTakeInfo(string lockFile)
                    {
                        var info = new FileInfo(lockFile);
                        if (info.Exists) return false;
                        using (info.Create()) { }
                        return true;
                    }
                }
            }
            """),
        new Shape("pid-liveness-and-unowned-release", """
            using System;
            using System.Diagnostics;
            using System.IO;

            namespace Shapes
            {
                public sealed class PidLock : IDisposable
                {
                    private readonly string _pidFile;
                    public PidLock(string pidFile) { _pidFile = pidFile; }

                    public bool OwnerAlive()
                    {
                        if (!File.Exists(_pidFile)) return false;
                        var pid = int.Parse(File.ReadAllText(_pidFile));
                        try { return Process.GetProcessById(pid) is { HasExited: false }; }
                        catch (ArgumentException) { return false; }
                    }

                    public void StealIfDead()
                    {
                        if (!OwnerAlive())
                        {
                            File.Delete(_pidFile);
                            File.WriteAllText(_pidFile, Environment.ProcessId.ToString());
                        }
                    }

                    public void Dispose() => File.Delete(_pidFile);
                }
            }
            """),
        new Shape("retry-loop-continue-before-deadline", """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Threading;

            namespace Shapes
            {
                public static class Retry
                {
                    public static FileStream Acquire(string lockPath, TimeSpan timeout)
                    {
                        var watch = Stopwatch.StartNew();
                        for (;;)
                        {
                            try { return new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None); }
                            catch (IOException)
                            {
                                if (File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-1))
                                {
                                    File.Delete(lockPath);
                                    continue;
                                }
                            }

                            if (watch.Elapsed > timeout) throw new TimeoutException(lockPath);
                            Thread.Sleep(50);
                        }
                    }

                    public static void Spin(string lockFile)
                    {
                        do { } while (File.Exists(lockFile));
                    }
                }
            }
            """),
        new Shape("logger-and-runtime", """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            using LockAnalyzers.Runtime;

            namespace Shapes
            {
                public sealed class Worker
                {
                    private readonly ILogger _logger;
                    private readonly string _lockPath = "/var/run/worker.lock";
                    public Worker(ILogger logger) => _logger = logger;

                    public void Beat()
                    {
                        try
                        {
                            File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
                        }
                        catch (Exception ex)
                        {
                            _logger.LogWarning(ex, "heartbeat failed");
                        }
                    }

                    public void Release()
                    {
                        if (File.Exists(_lockPath)) File.Delete(_lockPath);
                    }
                }
            }
            """),
        new Shape("content-time-record-helpers-and-pid-any", """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Linq;
            using System.Text.Json;

            namespace Shapes;

            public sealed record LeaseRecord(int Pid, long AcquiredAtMs, long TtlMs);

            public sealed class Lease(string leasePath)
            {
                public bool TryBreak() =>
                    Read() is { } lease && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - lease.AcquiredAtMs > lease.TtlMs
                        ? Break()
                        : false;

                private bool Break()
                {
                    File.Delete(leasePath);
                    return IsStale(leasePath) || TryBreak();
                }

                private LeaseRecord? Read() => JsonSerializer.Deserialize<LeaseRecord>(File.ReadAllText(leasePath));

                private static bool IsStale(string path)
                {
                    bool Local() => File.ReadAllLines(path).Length > 1;
                    return Local() && DateTimeOffset.UtcNow > DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(File.ReadAllLines(path)[1]));
                }

                public bool OwnerListed() =>
                    Process.GetProcesses().Any(p => p.Id == int.Parse(File.ReadAllLines(leasePath)[0].Trim()));
            }
            """),
    };
}
