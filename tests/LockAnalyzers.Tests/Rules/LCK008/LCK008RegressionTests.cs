using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK008.LCK008PidOnlyLivenessAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK008;

/// <summary>False positives found while building LCK008, each kept as a named test.</summary>
public class LCK008RegressionTests
{
    /// <summary>A pid read from a non-lock file (a settings file) is not a lock owner's pid.</summary>
    [Fact]
    public Task Pid_from_settings_json_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Diagnostics;
            using System.IO;

            class Attach
            {
                Process M(string settingsPath)
                {
                    var debuggee = int.Parse(File.ReadAllText(settingsPath));
                    return Process.GetProcessById(debuggee);
                }
            }
            """);

    /// <summary>The runtime's owner record in the member is more than a pid.</summary>
    [Fact]
    public Task Member_using_LockOwner_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Diagnostics;
            using System.IO;
            using LockAnalyzers.Runtime;

            class Owner
            {
                bool M(string lockPath)
                {
                    var owner = LockOwner.TryRead(lockPath);
                    if (owner == null)
                    {
                        var pid = int.Parse(File.ReadAllText(lockPath));
                        return Process.GetProcessById(pid).Responding;
                    }

                    return !owner.IsDefinitelyDead();
                }
            }
            """,
            withRuntime: true,
            editorConfig: null);

    /// <summary>GetProcesses compared with this process's own id is not a lock-owner check.</summary>
    [Fact]
    public Task GetProcesses_searched_by_own_id_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Linq;

            class Self
            {
                bool M(string lockPath)
                {
                    File.WriteAllText(lockPath, Environment.ProcessId.ToString());
                    return Process.GetProcesses().Any(p => p.Id == Environment.ProcessId);
                }
            }
            """);
}
