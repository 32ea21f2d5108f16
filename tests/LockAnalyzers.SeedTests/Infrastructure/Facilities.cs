using System.Diagnostics;
using Xunit.Abstractions;

namespace LockAnalyzers.SeedTests.Infrastructure;

/// <summary>
/// What a scenario needs from the machine (root, gcc, chattr). Missing locally: the test passes with a clear message in
/// its output. Missing with <c>CI=true</c>: the test fails, so CI never goes green by skipping.
/// </summary>
public static class Facilities
{
    public static bool IsCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot { get; } = OperatingSystem.IsLinux() && Run("id", "-u").Trim() == "0";

    public static bool HasGcc { get; } = OperatingSystem.IsLinux() && Exists("gcc");

    public static bool HasChattr { get; } = OperatingSystem.IsLinux() && Exists("chattr");

    /// <summary>Returns a reason when the facility is missing (and fails under CI), null when it is there.</summary>
    public static string? Missing(ITestOutputHelper output, params (bool Present, string What)[] needs)
    {
        var missing = needs.Where(n => !n.Present).Select(n => n.What).ToArray();
        if (missing.Length == 0)
        {
            return null;
        }

        var reason = "SKIPPED: this scenario needs " + string.Join(", ", missing) + " (install it, or run as root, to run it)";
        if (IsCi)
        {
            Assert.Fail("CI=true but " + reason);
        }

        output.WriteLine(reason);
        return reason;
    }

    private static bool Exists(string tool) => Run("sh", "-c", $"command -v {tool}").Trim().Length > 0;

    internal static string Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        catch (Exception)
        {
            return "";
        }
    }
}
