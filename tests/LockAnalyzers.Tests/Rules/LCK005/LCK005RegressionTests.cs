using LockAnalyzers.Tests.Rules.LCK004;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK005.LCK005LockWaitWithoutDeadlineAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK005;

/// <summary>False positives found while building LCK005, each kept as a named test.</summary>
public class LCK005RegressionTests
{
    /// <summary>Regression: a loop that deletes the lock itself is not waiting for anyone (a failed delete throws out of it).</summary>
    [Fact]
    public Task Loop_that_deletes_the_lock_itself_is_not_a_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Clear(string lockPath)
                {
                    while (File.Exists(lockPath))
                    {
                        File.Delete(lockPath);
                    }
                }
            }
            """);

    /// <summary>Regression: probing for a free lock name changes the path each time round; it is not a wait.</summary>
    [Fact]
    public Task Loop_that_picks_another_lock_name_is_not_a_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                string FreeLockName(string dir)
                {
                    var n = 0;
                    var lockPath = Path.Combine(dir, "run.lock");
                    while (File.Exists(lockPath))
                    {
                        n++;
                        lockPath = Path.Combine(dir, "run" + n + ".lock");
                    }

                    return lockPath;
                }
            }
            """);

    /// <summary>The delete retried under a swallowing catch is seed 003's hang: still reported.</summary>
    [Fact]
    public Task Delete_retried_under_a_swallowing_catch_is_still_a_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Clear(string lockPath)
                {
                    {|#0:while|} (File.Exists(lockPath))
                    {
                        try { File.Delete(lockPath); }
                        catch (IOException) { Thread.Sleep(100); }
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("lockPath", LockAnalyzers.Rules.LCK005.LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedText));
}
