using System.Diagnostics;
using System.Globalization;
using LockAnalyzers.Runtime;

namespace LockAnalyzers.Runtime.Benchmarks;

/// <summary>A quick multi-process sanity check (not a benchmark figure): N processes × R rounds of
/// AcquireAsync / O_EXCL witness / read-modify-write counter / Release, with a SIGKILL of a random worker now and then.
/// The fault-injection suite (tests/LockAnalyzers.Runtime.FaultTests) is the real proof; this is for quick checks
/// while changing the runtime. Usage: stress [dir] → prints overlaps and counter vs increments.</summary>
internal static class Stress
{
    internal static async Task RunAsync(string dir, int workers = 6, int rounds = 150)
    {
        string lockPath = Path.Combine(dir, "stress.lock");
        File.WriteAllText(Path.Combine(dir, "counter"), "0");
        var procs = new List<Process>();
        for (int i = 0; i < workers; i++)
        {
            procs.Add(Start(lockPath, rounds));
        }

        var rng = new Random(1);
        int kills = 0;
        var sw = Stopwatch.StartNew();
        while (procs.Any(p => !p.HasExited) && sw.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
            if (kills < 3 && rng.Next(3) == 0)
            {
                var victim = procs.Where(p => !p.HasExited).OrderBy(_ => rng.Next()).FirstOrDefault();
                if (victim != null)
                {
                    victim.Kill();
                    kills++;
                }
            }
        }

        int increments = 0, overlaps = 0;
        foreach (var p in procs)
        {
            await p.WaitForExitAsync();
            string output = await p.StandardOutput.ReadToEndAsync();
            foreach (string line in output.Split('\n'))
            {
                if (line == "inc")
                {
                    increments++;
                }
                else if (line == "OVERLAP")
                {
                    overlaps++;
                }
            }
        }

        int counter = int.Parse(File.ReadAllText(Path.Combine(dir, "counter")).Trim(), CultureInfo.InvariantCulture);
        Console.WriteLine($"stress.workers={workers} rounds={rounds} kills={kills} overlaps={overlaps} counter={counter} increments_reported={increments} (counter may exceed reported by the kills) elapsed_s={sw.Elapsed.TotalSeconds:F1}");
    }

    private static Process Start(string lockPath, int rounds)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        string? entry = Environment.GetCommandLineArgs().FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
        if (entry != null && Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(entry);
        }

        psi.ArgumentList.Add("stress-child");
        psi.ArgumentList.Add(lockPath);
        psi.ArgumentList.Add(rounds.ToString(CultureInfo.InvariantCulture));
        return Process.Start(psi)!;
    }

    internal static async Task<int> ChildAsync(string lockPath, int rounds)
    {
        string dir = Path.GetDirectoryName(lockPath)!;
        string witness = Path.Combine(dir, "inside");
        string counter = Path.Combine(dir, "counter");
        var options = new LockOptions
        {
            StaleAfter = TimeSpan.FromMilliseconds(300),
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            Timeout = TimeSpan.FromSeconds(60),
            PollInterval = TimeSpan.FromMilliseconds(20),
        };
        for (int r = 0; r < rounds; r++)
        {
            await using var held = await LockFile.AcquireAsync(lockPath, options);
            try
            {
                using (new FileStream(witness, FileMode.CreateNew))
                {
                }
            }
            catch (IOException)
            {
                // A leftover of a SIGKILLed holder is fine only if its writer is dead; report and go on.
                string? text = null;
                try { text = File.ReadAllText(witness); } catch (IOException) { }
                if (text != null && int.TryParse(text, out int pid) && pid != Environment.ProcessId && LockOwner.Parse($"{pid}\n")!.IsDefinitelyDead() == false)
                {
                    Console.WriteLine("OVERLAP");
                }
            }

            File.WriteAllText(witness, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            int value = int.Parse(File.ReadAllText(counter).Trim(), CultureInfo.InvariantCulture);
            Thread.Sleep(Random.Shared.Next(0, 3));
            File.WriteAllText(counter, (value + 1).ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("inc");
            File.Delete(witness);
        }

        return 0;
    }
}
