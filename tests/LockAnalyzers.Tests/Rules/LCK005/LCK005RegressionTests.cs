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

    /// <summary>
    /// Regression (zoltraks/zlock-csharp, Execution.Lock): the retry loop's condition subtracts each sleep from the
    /// remaining wait budget, so the countdown in <c>while ((limit -= delay) &gt; 0)</c> bounds it.
    /// </summary>
    [Fact]
    public Task Countdown_of_the_sleep_in_the_do_while_condition_is_a_bound() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            using System.Security;

            public class Options
            {
                public int WaitTime { get; set; }
                public bool NonBlock { get; set; }
                public string LockFile { get; set; }
            }

            public class Execution
            {
                const int DEFAULT_SHORT_DELAY = 1000;

                const int DEFAULT_LONG_DELAY = 30000;

                private FileStream _LockFileStream;

                public Options Options { get; }

                public Execution(Options options)
                {
                    Options = options;
                }

                public bool Lock()
                {
                    int delay;
                    long limit;
                    limit = Options.WaitTime * 1000;
                    do
                    {
                        if (!Options.NonBlock && limit <= 0)
                        {
                            limit = long.MaxValue;
                        }
                        try
                        {
                            string file = Options.LockFile;
                            _LockFileStream = new FileStream(file, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                            return true;
                        }
                        catch (SecurityException _SecurityException)
                        {
                            delay = DEFAULT_LONG_DELAY;
                            Console.Error.WriteLine(_SecurityException);
                        }
                        catch (Exception _Exception)
                        {
                            delay = DEFAULT_SHORT_DELAY;
                            Console.Error.WriteLine(_Exception);
                        }
                        if (delay > limit)
                        {
                            delay = (int)limit;
                        }
                        Thread.Sleep(delay);
                    } while ((limit -= delay) > 0);
                    return false;
                }
            }
            """);

    /// <summary>
    /// The same retry loop counting the time waited upwards and comparing it the wrong way round: the condition never
    /// turns false, so the wait is still endless.
    /// </summary>
    [Fact]
    public Task Elapsed_count_compared_away_from_its_limit_in_the_condition_is_still_unbounded() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            public class Execution
            {
                private FileStream _LockFileStream;

                public bool Lock(string lockFile)
                {
                    int delay = 1000;
                    long waited = 0;
                    {|#0:do|}
                    {
                        try
                        {
                            _LockFileStream = new FileStream(lockFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                            return true;
                        }
                        catch (IOException)
                        {
                        }
                        Thread.Sleep(delay);
                    } while ((waited += delay) > 0);
                    return false;
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("lockFile", LockAnalyzers.Rules.LCK005.LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedText));
}
