using System.Diagnostics;
using LockAnalyzers.SeedTests.Infrastructure;

namespace LockAnalyzers.SeedTests.Processes;

/// <summary>
/// The LD_PRELOAD fault shim of the runtime's fault tests (tests/LockAnalyzers.Runtime.FaultTests/Native/faultshim.c),
/// compiled with gcc at test time into artifacts/ — reused, not duplicated. Its environment variables (FAULTSHIM_PATH,
/// FAULTSHIM_ERRNO, FAULTSHIM_OPS, FAULTSHIM_TRIGGER, ...) are documented at the top of that file.
/// </summary>
public static class FaultShim
{
    private static readonly Lazy<string?> Built = new(Build);

    public static string SourcePath { get; } =
        Path.Combine(RepositoryRoot.Path, "tests", "LockAnalyzers.Runtime.FaultTests", "Native", "faultshim.c");

    public static bool SourcePresent => File.Exists(SourcePath);

    /// <summary>The built shim, or null (with <see cref="BuildError"/>) when gcc or the source is missing.</summary>
    public static string? LibraryPath => Built.Value;

    public static string? BuildError { get; private set; }

    /// <summary>Environment for a child whose calls on paths containing <paramref name="pathPart"/> fail while <paramref name="trigger"/> exists.</summary>
    public static Dictionary<string, string> Environment(string pathPart, string errno, string ops, string trigger) => new()
    {
        ["LD_PRELOAD"] = LibraryPath ?? throw new InvalidOperationException("fault shim not built: " + BuildError),
        ["FAULTSHIM_PATH"] = pathPart,
        ["FAULTSHIM_ERRNO"] = errno,
        ["FAULTSHIM_OPS"] = ops,
        ["FAULTSHIM_TRIGGER"] = trigger,
        ["FAULTSHIM_LOG"] = "1",
    };

    private static string? Build()
    {
        if (!SourcePresent)
        {
            BuildError = "fault shim source not found at " + SourcePath + " (it comes from the faults branch)";
            return null;
        }

        var output = Path.Combine(RepositoryRoot.Artifacts, "native");
        Directory.CreateDirectory(output);
        var library = Path.Combine(output, "libfaultshim-seeds.so");
        var start = new ProcessStartInfo("gcc") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-shared", "-fPIC", "-O2", "-o", library, SourcePath, "-ldl" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var gcc = Process.Start(start)!;
            var errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                BuildError = "gcc failed: " + errors;
                return null;
            }
        }
        catch (Exception ex)
        {
            BuildError = "gcc could not run: " + ex.Message;
            return null;
        }

        return library;
    }
}
