using System.Security.Cryptography;

namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>
/// Builds Native/faultshim.c with gcc once per test run into bin/.../native-build (never committed), and describes
/// one fault for one child: set only on that child's ProcessStartInfo, never on the test host.
/// </summary>
public static class FaultShim
{
    private static readonly Lazy<(string? Path, string? Error)> Built = new(Build);

    public static string LibraryPath => Built.Value.Path ?? throw new InvalidOperationException(Built.Value.Error);

    public static string? BuildError() => Built.Value.Error;

    private static (string?, string?) Build()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "faultshim.c");
        if (!File.Exists(source))
        {
            return (null, $"{source} was not copied to the test output");
        }

        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)))[..12];
        var outDir = Path.Combine(AppContext.BaseDirectory, "native-build");
        Directory.CreateDirectory(outDir);
        var library = Path.Combine(outDir, $"faultshim-{hash}.so");
        if (File.Exists(library))
        {
            return (library, null);
        }

        var temp = library + "." + Environment.ProcessId + ".tmp";
        try
        {
            var (code, output) = Shell.Run("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-o", temp, source, "-ldl");
            if (code != 0)
            {
                return (null, $"gcc failed (exit {code}): {output.Trim()}");
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            return (null, "gcc not found: " + ex.Message);
        }

        File.Move(temp, library, overwrite: true);
        return (library, null);
    }
}

/// <summary>One injected fault: which paths, which functions, which errno, when.</summary>
public sealed record ShimFault(string PathSubstring, string Errno)
{
    /// <summary>Wrapped function names to fault, e.g. "futimens,utimensat"; null = all of them.</summary>
    public string? Ops { get; init; }

    public int After { get; init; }

    public int? Count { get; init; }

    public double? Probability { get; init; }

    /// <summary>Fault only while this file exists: lets the test switch a running child's faults on and off.</summary>
    public string? TriggerFile { get; init; }

    public bool Log { get; init; } = true;

    /// <summary>The heartbeat operations of a held lock: mtime updates by path or by handle.</summary>
    public const string HeartbeatOps = "futimens,utimensat";

    public void ApplyTo(IDictionary<string, string?> environment)
    {
        environment["LD_PRELOAD"] = FaultShim.LibraryPath;
        environment["FAULTSHIM_PATH"] = PathSubstring;
        environment["FAULTSHIM_ERRNO"] = Errno;
        environment["FAULTSHIM_OPS"] = Ops ?? "";
        environment["FAULTSHIM_AFTER"] = After.ToString();
        environment["FAULTSHIM_COUNT"] = Count?.ToString() ?? "";
        environment["FAULTSHIM_PROB"] = Probability?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        environment["FAULTSHIM_TRIGGER"] = TriggerFile ?? "";
        if (Log)
        {
            environment["FAULTSHIM_LOG"] = "1";
        }
    }
}
