using System.Diagnostics;
using System.Globalization;

namespace LockAnalyzers.Lease.Benchmarks;

/// <summary>
/// Two processes, one lock: this process holds it, a waiter process (this program in "handoff-waiter" mode) blocks in
/// AcquireAsync, then this process releases. The handoff is the time from the start of the release call here to the
/// return of the waiter's acquire there; both read CLOCK_MONOTONIC (Stopwatch), which is one clock for the machine.
/// </summary>
internal static class Handoff
{
    public static async Task<List<double>> MeasureAsync(string kind, string conn, int count)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(Handoff).Assembly.Location);
        }

        psi.ArgumentList.Add("handoff-waiter");
        psi.ArgumentList.Add(kind);
        psi.ArgumentList.Add(conn);
        using var waiter = Process.Start(psi)!;
        await using var holder = Contender.Create(kind, conn);
        var name = "bench-handoff-" + Guid.NewGuid().ToString("N")[..6];
        var times = new List<double>(count);
        for (var i = 0; i < count + 10; i++)
        {
            var release = await holder.AcquireAsync(name);
            await waiter.StandardInput.WriteLineAsync(name);
            await waiter.StandardInput.FlushAsync();
            Expect(await waiter.StandardOutput.ReadLineAsync(), "waiting");
            // Let the waiter's attempt fail and settle into its wait.
            await Task.Delay(30);
            var released = Stopwatch.GetTimestamp();
            await release();
            var acquired = long.Parse(Expect(await waiter.StandardOutput.ReadLineAsync(), "acquired")[9..], CultureInfo.InvariantCulture);
            Expect(await waiter.StandardOutput.ReadLineAsync(), "released");
            if (i >= 10)
            {
                times.Add((acquired - released) * 1000.0 / Stopwatch.Frequency);
            }
        }

        waiter.StandardInput.Close();
        await waiter.WaitForExitAsync();
        return times;
    }

    public static async Task<int> WaiterAsync(string kind, string conn)
    {
        await using var contender = Contender.Create(kind, conn);
        string? name;
        while ((name = Console.ReadLine()) != null)
        {
            var acquiring = contender.AcquireAsync(name);
            Console.WriteLine("waiting");
            var release = await acquiring;
            var acquired = Stopwatch.GetTimestamp();
            Console.WriteLine("acquired " + acquired.ToString(CultureInfo.InvariantCulture));
            await release();
            Console.WriteLine("released");
        }

        return 0;
    }

    private static string Expect(string? line, string prefix) =>
        line != null && line.StartsWith(prefix, StringComparison.Ordinal) ? line : throw new InvalidOperationException($"waiter said '{line}', expected '{prefix}'");
}
