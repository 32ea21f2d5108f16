using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Sdk;

namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>
/// Probes each facility once (by really doing it: mounting a tmpfs, chattr +i on a probe file, ...). Locally a missing
/// facility skips the test with the reason; under CI=true it fails the test, because CI promises root, gcc, e2fsprogs
/// and util-linux (.ci/run installs them).
/// </summary>
public static class Facilities
{
    private static readonly ConcurrentDictionary<Facility, string?> Missing = new();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reason the first missing facility is missing, or null when all are there.</summary>
    public static string? FirstMissing(IEnumerable<Facility> needs)
    {
        foreach (var need in needs)
        {
            var why = Missing.GetOrAdd(need, Probe);
            if (why != null)
            {
                return $"facility {need} is missing: {why}";
            }
        }

        return null;
    }

    /// <summary>Call at the top of a test: fails under CI=true when something is missing (locally the attribute already skipped it).</summary>
    public static void Require(params Facility[] needs)
    {
        var missing = FirstMissing(needs);
        if (missing != null)
        {
            throw new XunitException((IsCi ? "CI=true requires every fault-test facility; " : "") + missing);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    private static string? Probe(Facility facility)
    {
        try
        {
            return facility switch
            {
                Facility.Linux => OperatingSystem.IsLinux() ? null : "not Linux",
                Facility.Root => Need(Facility.Linux) ?? (geteuid() == 0 ? null : "not running as root (uid " + geteuid() + ")"),
                Facility.Gcc => Need(Facility.Linux) ?? FaultShim.BuildError(),
                Facility.Tmpfs => Need(Facility.Root) ?? ProbeTmpfs(),
                Facility.Chattr => Need(Facility.Root) ?? ProbeChattr(),
                Facility.BindMountReadOnly => Need(Facility.Root) ?? ProbeBindRo(),
                Facility.Setpriv => Need(Facility.Root) ?? ProbeSetpriv(),
                _ => "unknown facility",
            };
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static string? Need(Facility other) => Missing.GetOrAdd(other, Probe);

    private static string? ProbeTmpfs()
    {
        using var scratch = new Scratch("probe-tmpfs");
        var dir = scratch.Dir("mnt");
        return scratch.TryMountTmpfs(dir, "size=64k,nr_inodes=16", out var error) ? null : "mount -t tmpfs failed: " + error;
    }

    private static string? ProbeChattr()
    {
        using var scratch = new Scratch("probe-chattr");
        var file = scratch.File("probe", "x");
        return scratch.TryChattrImmutable(file, out var error) ? null : "chattr +i failed (file system without FS_IMMUTABLE_FL? e2fsprogs missing?): " + error;
    }

    private static string? ProbeBindRo()
    {
        using var scratch = new Scratch("probe-bindro");
        var dir = scratch.Dir("ro");
        return scratch.TryBindReadOnly(dir, out var error) ? null : "read-only bind mount failed: " + error;
    }

    private static string? ProbeSetpriv()
    {
        var (code, output) = Shell.Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "id", "-u");
        return code == 0 && output.Trim() == "65534" ? null : $"setpriv failed (exit {code}): {output.Trim()}";
    }
}

/// <summary>[Fact] that skips locally (never under CI=true) when a facility is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FaultFactAttribute : FactAttribute
{
    public FaultFactAttribute(params Facility[] needs)
    {
        if (!Facilities.IsCi && Facilities.FirstMissing(needs) is { } missing)
        {
            Skip = missing + " (skipped locally; fails under CI=true)";
        }
    }
}

/// <summary>[Theory] that skips locally (never under CI=true) when a facility is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FaultTheoryAttribute : TheoryAttribute
{
    public FaultTheoryAttribute(params Facility[] needs)
    {
        if (!Facilities.IsCi && Facilities.FirstMissing(needs) is { } missing)
        {
            Skip = missing + " (skipped locally; fails under CI=true)";
        }
    }
}

internal static class Shell
{
    public static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment.Remove("LD_PRELOAD");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30000))
        {
            process.Kill();
            return (-1, $"{file} {string.Join(' ', arguments)}: timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
