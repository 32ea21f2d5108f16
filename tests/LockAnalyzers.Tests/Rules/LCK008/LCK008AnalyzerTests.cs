using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK008.LCK008PidOnlyLivenessAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK008;

public class LCK008AnalyzerTests
{
    [Fact]
    public Task Pid_parsed_from_lock_then_GetProcessById_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool OwnerAlive(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath).Trim());
                    try
                    {
                        using var owner = {|#0:Process.GetProcessById(pid)|};
                        return !owner.HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK008").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task TryParse_out_pid_and_first_line_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool OwnerAlive(string dir)
                {
                    var pidFile = Path.Combine(dir, "daemon.pid");
                    var lines = File.ReadAllLines(pidFile);
                    if (!int.TryParse(lines[0], out var pid))
                    {
                        return false;
                    }

                    try
                    {
                        {|#0:Process.GetProcessById(pid)|};
                        return true;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK008").WithLocation(0).WithArguments("pidFile"));

    [Fact]
    public Task GetProcesses_searched_by_id_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Diagnostics;
            using System.IO;
            using System.Linq;

            class C
            {
                bool OwnerAlive(string lockPath)
                {
                    var ownerPid = int.Parse(File.ReadAllText(lockPath));
                    return {|#0:Process.GetProcesses()|}.Any(p => p.Id == ownerPid);
                }
            }
            """,
            Verify.Diagnostic("LCK008").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Pid_through_field_and_StreamReader_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                private int _ownerPid;

                async Task<bool> OwnerAliveAsync(string lockFile)
                {
                    using var reader = new StreamReader(lockFile);
                    _ownerPid = int.Parse(await reader.ReadLineAsync() ?? "0");
                    try
                    {
                        return !{|#0:Process.GetProcessById(_ownerPid)|}.HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK008").WithLocation(0).WithArguments("lockFile"));

    [Fact]
    public Task Child_process_pid_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool ChildAlive(string pidFile)
                {
                    var child = Process.Start("worker");
                    File.WriteAllText(pidFile, child!.Id.ToString());
                    return !Process.GetProcessById(child.Id).HasExited;
                }
            }
            """);

    [Fact]
    public Task Kill_and_wait_uses_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void Stop(string pidFile)
                {
                    var pid = int.Parse(File.ReadAllText(pidFile));
                    var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit();
                }
            }
            """);

    [Fact]
    public Task Start_time_and_host_checks_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool OwnerAlive(string lockPath)
                {
                    var parts = File.ReadAllText(lockPath).Split(':');
                    if (parts[0] != Environment.MachineName)
                    {
                        return true;
                    }

                    var owner = Process.GetProcessById(int.Parse(parts[1]));
                    return owner.StartTime.ToUniversalTime().Ticks == long.Parse(parts[2]);
                }
            }
            """);

    [Fact]
    public Task Pid_not_from_a_lock_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool Alive(string settingsPath, int pid)
                {
                    var configured = int.Parse(File.ReadAllText(settingsPath));
                    return Process.GetProcessById(configured).Responding && Process.GetProcessById(pid).Responding;
                }
            }
            """);

    [Fact]
    public Task Async_member_reading_the_pid_with_ReadAllTextAsync_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task<bool> OwnerAliveAsync(string lockPath)
                {
                    var text = await File.ReadAllTextAsync(lockPath);
                    if (!int.TryParse(text.Trim(), out var pid))
                    {
                        return false;
                    }

                    try
                    {
                        return !{|#0:Process.GetProcessById(pid)|}.HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK008").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public async Task Incomplete_code_while_typing_is_analyzed_without_a_crash()
    {
        // What an editor sees mid-edit: the call's argument list is not closed yet. The pid-only check is already visible.
        var test = new Verify.Test
        {
            TestCode = """
                using System.Diagnostics;
                using System.IO;

                class C
                {
                    bool OwnerAlive(string lockPath)
                    {
                        var pid = int.Parse(File.ReadAllText(lockPath));
                        return Process.GetProcessById(pid
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("LCK008").WithSpan(9, 16, 10, 1).WithArguments("lockPath"));
        test.ExpectedDiagnostics.Add(Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS1002").WithSpan(9, 42, 9, 42));
        test.ExpectedDiagnostics.Add(Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS1026").WithSpan(9, 42, 9, 42));
        await test.RunAsync();
    }
}
