using System.Diagnostics;

namespace LockAnalyzers.Runtime.Tests.Support;

/// <summary>A real directory under the system temp dir, removed (immutable flags cleared first) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lockrt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Sh.Run("chattr", "-R", "-i", Path);
        }
        catch (Exception)
        {
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception)
        {
        }
    }
}

/// <summary>Small process helpers: run a tool, get the pid of an exited process, make a zombie.</summary>
public static class Sh
{
    public static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>The pid of a process that has exited and been reaped: a provably dead owner.</summary>
    public static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true"))!;
        p.WaitForExit();
        return p.Id;
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>chattr +i (EPERM even for root). False when the facility is missing; under CI=true that fails the test.</summary>
    public static bool TryMakeImmutable(string path)
    {
        bool ok;
        try
        {
            ok = Environment.IsPrivilegedProcess && Run("chattr", "+i", path) == 0;
        }
        catch (Exception)
        {
            ok = false;
        }

        if (!ok && IsCi)
        {
            Assert.Fail("chattr +i is required under CI=true (run as root on a file system that supports it).");
        }

        return ok;
    }

    public static void ClearImmutable(string path) => Run("chattr", "-i", path);

    /// <summary>Writes a runtime owner record whose owner is provably dead (our own pid with a wrong start time)
    /// and backdates the file's mtime.</summary>
    public static LockOwner WriteDeadRuntimeLock(string path, TimeSpan age)
    {
        var me = LockOwner.Current;
        var dead = new LockOwner
        {
            Host = me.Host,
            BootId = me.BootId,
            ProcessId = me.ProcessId,
            ProcessStartTicks = me.ProcessStartTicks + 12345,
            PidNamespace = me.PidNamespace,
            Token = Guid.NewGuid().ToString("N"),
            AcquiredAt = DateTimeOffset.UtcNow - age,
        };
        System.IO.File.WriteAllText(path, dead.ToRecord());
        System.IO.File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return dead;
    }

    public static void Backdate(string path, TimeSpan age) => System.IO.File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
}

/// <summary>A logger that keeps what it was told.</summary>
public sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
{
    public List<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add(formatter(state, exception));
        }
    }
}
