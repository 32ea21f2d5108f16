using System.Diagnostics;
using System.Text;

namespace LockAnalyzers.SeedTests.Processes;

/// <summary>
/// One scenario role running as `dotnet &lt;seed build&gt;.dll &lt;role&gt; --option value ...` in its own process, with its
/// own environment (the fault shim goes here, never into the test host). Output is kept (capped) for the report.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int MaxCaptured = 64 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _lines = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ChildProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("LD_PRELOAD");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment != null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data, isStdout: true);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data, isStdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line on stdout starting with <paramref name="prefix"/>; null when the bound passes or the process exits first.</summary>
    public string? WaitForLine(string prefix, TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < bound)
        {
            lock (_lines)
            {
                var line = _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line != null)
                {
                    return line;
                }
            }

            if (_process.HasExited)
            {
                _process.WaitForExit();
                lock (_lines)
                {
                    return _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                }
            }

            Thread.Sleep(10);
        }

        return null;
    }

    /// <summary>True when the process exited within the bound.</summary>
    public bool WaitForExit(TimeSpan bound)
    {
        if (!_process.WaitForExit(bound))
        {
            return false;
        }

        _process.WaitForExit(); // drain the output readers
        return true;
    }

    /// <summary>SIGKILL, as the seeds' crashed owners died.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public string Describe() =>
        $"pid {Id} exit {(HasExited ? ExitCode.ToString() : "running")}\n--- stdout\n{Tail(StandardOutput)}\n--- stderr\n{Tail(StandardError)}";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string Tail(string text) => text.Length <= 1500 ? text : "..." + text[^1500..];

    private void Append(StringBuilder buffer, string? line, bool isStdout)
    {
        if (line == null)
        {
            return;
        }

        if (isStdout)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }

        lock (buffer)
        {
            if (buffer.Length > MaxCaptured)
            {
                buffer.Remove(0, buffer.Length - MaxCaptured / 2);
            }

            buffer.AppendLine(line);
        }
    }
}
