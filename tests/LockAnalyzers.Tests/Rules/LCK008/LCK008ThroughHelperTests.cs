using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK008.LCK008PidOnlyLivenessAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK008;

/// <summary>Pid-only liveness where the pid is read, or the process looked up, by helpers of another type.</summary>
public class LCK008ThroughHelperTests
{
    private const string PidManager = """
        using System.Diagnostics;
        using System.IO;
        using System.Linq;

        public static class PidManager
        {
            private static readonly string PidFile = Path.Combine(Path.GetTempPath(), "server.pid");

            public static int ReadPid() => int.Parse(File.ReadAllText(PidFile));

            public static void WritePid(int pid) => File.WriteAllText(PidFile, pid.ToString());

            public static bool IsProcessRunning(int pid)
            {
                try
                {
                    var process = {|#1:Process.GetProcessById(pid)|};
                    return !process.HasExited;
                }
                catch
                {
                    return false;
                }
            }

            public static bool IsListed(int pid) => {|#2:Process.GetProcesses()|}.FirstOrDefault(p => p.Id == pid) != null;
        }
        """;

    [Fact]
    public Task Liveness_helper_called_with_a_pid_read_by_another_helper() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("PidManager.cs", PidManager),
                ("StartServerCommand.cs", """
                public sealed class StartServerCommand
                {
                    public bool Execute(int serverPid)
                    {
                        var pid = PidManager.ReadPid();
                        if ({|#0:PidManager.IsProcessRunning(pid)|})
                        {
                            return false;
                        }

                        PidManager.WritePid(serverPid);
                        return true;
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK008").WithLocation(0).WithLocation(1)
                .WithArguments("PidFile' through 'PidManager.IsProcessRunning \u2192 Process.GetProcessById"));

    [Fact]
    public Task Direct_look_up_of_a_pid_read_by_a_helper() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("PidManager.cs", PidManager.Replace("{|#1:", string.Empty).Replace("(pid)|}", "(pid)").Replace("{|#2:", string.Empty).Replace("GetProcesses()|}", "GetProcesses()")),
                ("Stopper.cs", """
                using System.Diagnostics;

                public sealed class Stopper
                {
                    public bool OwnerAlive()
                    {
                        var pid = PidManager.ReadPid();
                        var process = {|#0:Process.GetProcessById(pid)|};
                        return !process.HasExited;
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK008").WithLocation(0).WithArguments("PidFile"));

    /// <summary>
    /// jjosh102/filesfer StatusServerCommand: the status command only prints whether the pid in the pid file runs;
    /// nothing takes, breaks or deletes the lock on that answer.
    /// </summary>
    [Fact]
    public Task Status_command_that_only_prints_the_answer_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("PidManager.cs", PidManager.Replace("{|#1:", string.Empty).Replace("(pid)|}", "(pid)").Replace("{|#2:", string.Empty).Replace("GetProcesses()|}", "GetProcesses()")),
                ("StatusServerCommand.cs", """
                public sealed class StatusServerCommand
                {
                    public int Execute()
                    {
                        var pid = PidManager.ReadPid();
                        if (PidManager.IsProcessRunning(pid))
                        {
                            System.Console.WriteLine($"Server is running (PID {pid})");
                        }
                        else
                        {
                            System.Console.WriteLine("Server not running");
                        }

                        return 0;
                    }
                }
                """),
            });

    [Fact]
    public Task Liveness_helper_that_compares_the_start_time_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Owner.cs", """
                using System;
                using System.Diagnostics;
                using System.IO;

                public static class Owner
                {
                    public static string LockPath => "/run/app.lock";
                    public static int ReadPid() => int.Parse(File.ReadAllLines(LockPath)[0]);
                    public static DateTime ReadStart() => DateTime.Parse(File.ReadAllLines(LockPath)[1]);

                    public static bool IsAlive(int pid, DateTime started)
                    {
                        var process = Process.GetProcessById(pid);
                        return process.StartTime == started;
                    }
                }
                """),
                ("Caller.cs", """
                public sealed class Caller
                {
                    public bool Check() => Owner.IsAlive(Owner.ReadPid(), Owner.ReadStart());
                }
                """),
            });

    [Fact]
    public Task Liveness_helper_with_a_pid_from_elsewhere_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("PidManager.cs", PidManager.Replace("{|#1:", string.Empty).Replace("(pid)|}", "(pid)").Replace("{|#2:", string.Empty).Replace("GetProcesses()|}", "GetProcesses()")),
                ("Window.cs", """
                public sealed class LockWindow
                {
                    public int ProcessId { get; set; }
                    public bool OwnerRuns() => PidManager.IsProcessRunning(ProcessId);
                }
                """),
            });
}
