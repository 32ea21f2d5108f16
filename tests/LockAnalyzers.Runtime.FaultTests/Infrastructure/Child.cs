using System.Diagnostics;
using System.Reflection;
using System.Text;
using Xunit.Sdk;

namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>
/// One LockAnalyzers.TestHelper child process: started with "dotnet exec", optionally with the fault shim preloaded or
/// under setpriv as nobody; its "@evt" lines are collected as they arrive. A failed wait throws with the child's whole
/// transcript (stdout, stderr, exit code), so a red test says what the child saw.
/// </summary>
public sealed class Child : IDisposable
{
    private readonly Process process;
    private readonly List<Evt> events = new();
    private readonly StringBuilder transcript = new();
    private readonly object gate = new();
    private bool stdoutClosed;

    private Child(string name, ProcessStartInfo psi)
    {
        Name = name;
        process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public static string HelperDll
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("LOCK_FAULTS_HELPER");
            if (!string.IsNullOrEmpty(overridden))
            {
                return overridden;
            }

            var baked = typeof(Child).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TestHelperDll")?.Value;
            if (baked != null && File.Exists(baked))
            {
                return baked;
            }

            throw new InvalidOperationException($"LockAnalyzers.TestHelper.dll not found (baked path '{baked}'); build tests/LockAnalyzers.TestHelper or set LOCK_FAULTS_HELPER");
        }
    }

    /// <summary>
    /// The helper copied into a world-readable temp folder once per run, for children started as nobody: a fresh clone
    /// may sit under a directory nobody cannot traverse (e.g. /root).
    /// </summary>
    private static readonly Lazy<string> WorldReadableHelper = new(() =>
    {
        if (!OperatingSystem.IsLinux())
        {
            return HelperDll;
        }

        var source = Path.GetDirectoryName(HelperDll)!;
        // One folder per helper build (not per run), so repeated runs reuse it instead of piling up copies.
        var stamp = $"{source}|{File.GetLastWriteTimeUtc(HelperDll).Ticks}";
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(stamp)))[..12];
        var target = Path.Combine(Path.GetTempPath(), "lockfaults", $"helper-{hash}");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        var dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
                      UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(Path.GetDirectoryName(target)!, dirMode);
        File.SetUnixFileMode(target, dirMode);
        foreach (var file in Directory.GetFiles(target))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return Path.Combine(target, Path.GetFileName(HelperDll));
    });

    private static string DotnetHost
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            var self = Environment.ProcessPath;
            return self != null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    public IReadOnlyList<Evt> Events
    {
        get
        {
            lock (gate)
            {
                return events.ToList();
            }
        }
    }

    public string Transcript
    {
        get
        {
            lock (gate)
            {
                var exit = process.HasExited ? $" exit {process.ExitCode}" : " running";
                return $"--- child {Name} pid {SafePid()}{exit}\n{transcript}";
            }
        }
    }

    public static Child Start(string name, string role, IEnumerable<string> args, ShimFault? fault = null, bool unprivileged = false)
    {
        var dll = unprivileged ? WorldReadableHelper.Value : HelperDll;
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.Environment.Remove("LD_PRELOAD");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("FAULTSHIM_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["DOTNET_TieredPGO"] = "0";
        psi.Environment["DOTNET_gcServer"] = "0";
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000";
        if (unprivileged)
        {
            // nobody:nogroup with no supplementary groups; a writable HOME so the host does not try root's
            psi.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--" , DotnetHost })
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["HOME"] = "/tmp";
            psi.Environment["DOTNET_CLI_HOME"] = "/tmp";
        }
        else
        {
            psi.FileName = DotnetHost;
        }

        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(role);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        fault?.ApplyTo(psi.Environment);
        return new Child(name, psi);
    }

    public void Send(string command)
    {
        try
        {
            process.StandardInput.WriteLine(command);
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // the child is gone; its transcript tells why
        }
    }

    /// <summary>SIGKILL (Process.Kill on Unix), and reap it.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
        }

        process.WaitForExit(10000);
    }

    public Evt WaitFor(string name, TimeSpan timeout, Func<Evt, bool>? match = null) =>
        TryWaitFor(name, timeout, match) ?? throw Fail($"no '{name}' event within {timeout.TotalSeconds:F1}s");

    /// <summary>The first event of that name (and match), waiting for it; null at timeout. Throws when the child crashed or hit NotImplementedException.</summary>
    public Evt? TryWaitFor(string name, TimeSpan timeout, Func<Evt, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (gate)
        {
            while (true)
            {
                var found = events.FirstOrDefault(e => e.Name == name && (match == null || match(e)));
                if (found != null)
                {
                    return found;
                }

                var fatal = events.FirstOrDefault(e => e.Name is "crash" or "notimpl");
                if (fatal != null)
                {
                    throw Fail(fatal.Name == "notimpl"
                        ? $"waiting for '{name}': the runtime is not implemented yet ({fatal.Get("msg")})"
                        : $"waiting for '{name}': the child crashed");
                }

                if (stdoutClosed)
                {
                    return null;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                Monitor.Wait(gate, left);
            }
        }
    }

    /// <summary>
    /// For an exited child: waits until its redirected output has been read to the end. HasExited turns true before
    /// the async readers have delivered the last lines, so counting events without this can miss some.
    /// </summary>
    public void DrainOutput() => process.WaitForExit();

    public int WaitExit(TimeSpan timeout)
    {
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            throw Fail($"did not exit within {timeout.TotalSeconds:F1}s");
        }

        process.WaitForExit();
        TryWaitFor("\u0000never", TimeSpan.FromSeconds(5));
        return process.ExitCode;
    }

    public XunitException Fail(string message) => new($"child {Name}: {message}\n{Transcript}");

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    private void OnLine(string? line, bool isError)
    {
        lock (gate)
        {
            if (line == null)
            {
                if (!isError)
                {
                    stdoutClosed = true;
                }
            }
            else
            {
                transcript.Append(isError ? "err: " : "").AppendLine(line);
                if (!isError && Evt.Parse(Name, line) is { } evt)
                {
                    events.Add(evt);
                }
            }

            Monitor.PulseAll(gate);
        }
    }

    private string SafePid()
    {
        try
        {
            return process.Id.ToString();
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
