using LockAnalyzers.CodeFixes.Rules;
using Fix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK008.LCK008PidOnlyLivenessAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK008.LCK008PidOnlyLivenessCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK008;

namespace LockAnalyzers.Tests.Rules.LCK008;

public class LCK008CodeFixTests
{
    private const string Key = LCK008PidOnlyLivenessCodeFixProvider.LockOwnerKey;

    [Fact]
    public Task Try_GetProcessById_HasExited_becomes_LockOwner_and_keeps_comments() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            static class DaemonPidFile
            {
                public static bool IsRunning(string runDirectory)
                {
                    var pidFile = Path.Combine(runDirectory, "daemon.pid");
                    if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                    {
                        return false; // no pid: not running
                    }

                    // Is the owner still there?
                    try
                    {
                        using var owner = [|Process.GetProcessById(pid)|];
                        return !owner.HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """,
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using LockAnalyzers.Runtime;

            static class DaemonPidFile
            {
                public static bool IsRunning(string runDirectory)
                {
                    var pidFile = Path.Combine(runDirectory, "daemon.pid");
                    if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                    {
                        return false; // no pid: not running
                    }

                    // Is the owner still there?
                    return LockOwner.TryRead(pidFile)?.IsDefinitelyDead() == false;
                }
            }
            """,
            Key);

    [Fact]
    public Task GetProcesses_Any_becomes_a_LockOwner_expression() =>
        Fix.VerifyFixAsync(
            """
            using System.Diagnostics;
            using System.IO;
            using System.Linq;

            class C
            {
                bool OwnerListed(string lockPath)
                {
                    var ownerPid = int.Parse(File.ReadAllLines(lockPath)[0]);
                    return /* listed? */ [|Process.GetProcesses()|].Any(p => p.Id == ownerPid);
                }

                bool Blocked(string lockPath, bool force) =>
                    !force && [|Process.GetProcesses()|].Any(p => int.Parse(File.ReadAllText(lockPath)) == p.Id);
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;
            using System.Linq;
            using LockAnalyzers.Runtime;

            class C
            {
                bool OwnerListed(string lockPath)
                {
                    var ownerPid = int.Parse(File.ReadAllLines(lockPath)[0]);
                    return /* listed? */ LockOwner.TryRead(lockPath)?.IsDefinitelyDead() == false;
                }

                bool Blocked(string lockPath, bool force) =>
                    !force && LockOwner.TryRead(lockPath)?.IsDefinitelyDead() == false;
            }
            """,
            Key);

    [Fact]
    public Task Assignment_and_bare_lookup_forms_are_fixed() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                private readonly string _lockPath = "/run/app.lock";

                bool Alive()
                {
                    var pid = Convert.ToInt32(File.ReadLines(_lockPath).First().Trim());
                    bool alive;
                    try
                    {
                        alive = !Process.GetProcessById(pid).HasExited;
                    }
                    catch (ArgumentException)
                    {
                        alive = false;
                    }
                    catch (InvalidOperationException)
                    {
                        alive = false;
                    }

                    return alive;
                }

                bool Listed(string lockPath)
                {
                    int pid = int.Parse(File.ReadAllText(lockPath));
                    try
                    {
                        Process.GetProcessById(pid);
                        return true;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """.Replace("Process.GetProcessById(pid).HasExited", "[|Process.GetProcessById(pid)|].HasExited").Replace("        Process.GetProcessById(pid);", "        [|Process.GetProcessById(pid)|];").Replace("using System.IO;", "using System.IO;\nusing System.Linq;"),
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Linq;
            using LockAnalyzers.Runtime;

            class C
            {
                private readonly string _lockPath = "/run/app.lock";

                bool Alive()
                {
                    var pid = Convert.ToInt32(File.ReadLines(_lockPath).First().Trim());
                    bool alive;
                    alive = LockOwner.TryRead(_lockPath)?.IsDefinitelyDead() == false;

                    return alive;
                }

                bool Listed(string lockPath)
                {
                    int pid = int.Parse(File.ReadAllText(lockPath));
                    return LockOwner.TryRead(lockPath)?.IsDefinitelyDead() == false;
                }
            }
            """,
            Key);

    [Fact]
    public Task FixAll_fixes_every_pid_only_check_in_the_document() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Linq;

            class C
            {
                bool A(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    try
                    {
                        using var p = [|Process.GetProcessById(pid)|];
                        return !p.HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }

                bool B(string pidPath)
                {
                    var pid = int.Parse(File.ReadAllText(pidPath).Trim());
                    return [|Process.GetProcesses()|].Any(p => p.Id == pid);
                }
            }
            """,
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Linq;
            using LockAnalyzers.Runtime;

            class C
            {
                bool A(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    return LockOwner.TryRead(lockPath)?.IsDefinitelyDead() == false;
                }

                bool B(string pidPath)
                {
                    var pid = int.Parse(File.ReadAllText(pidPath).Trim());
                    return LockOwner.TryRead(pidPath)?.IsDefinitelyDead() == false;
                }
            }
            """,
            Key);

    /// <summary>The pid is on the second line: LockOwner would read the first line as the pid.</summary>
    [Fact]
    public Task No_fix_when_the_pid_is_not_the_first_line() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool Alive(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllLines(lockPath)[1]);
                    try
                    {
                        return ![|Process.GetProcessById(pid)|].HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_decision_is_not_a_clear_boolean() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                bool Logged(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    try
                    {
                        var p = [|Process.GetProcessById(pid)|];
                        Console.WriteLine(p.ProcessName);
                        return !p.HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }

                void Break(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    try
                    {
                        var p = [|Process.GetProcessById(pid)|];
                        if (p.HasExited)
                        {
                            File.Delete(lockPath);
                        }
                    }
                    catch (ArgumentException)
                    {
                        File.Delete(lockPath);
                    }
                }

                bool Swallowed(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    try
                    {
                        return ![|Process.GetProcessById(pid)|].HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return true;
                    }
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_path_changes_or_is_not_a_simple_name() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Linq;

            class C
            {
                bool Reassigned(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    lockPath = lockPath + ".old";
                    return [|Process.GetProcesses()|].Any(p => p.Id == pid);
                }

                bool Inline(string dir)
                {
                    var pid = int.Parse(File.ReadAllText(Path.Combine(dir, "app.lock")));
                    return [|Process.GetProcesses()|].Any(p => p.Id == pid);
                }
            }
            """);

    [Fact]
    public Task No_fix_without_the_runtime() =>
        Fix.VerifyNoFixAsync(
            """
            using System.Diagnostics;
            using System.IO;
            using System.Linq;

            class C
            {
                bool Listed(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    return [|Process.GetProcesses()|].Any(p => p.Id == pid);
                }
            }
            """,
            withRuntime: false);
}
