using LockAnalyzers.Rules;
using LockAnalyzers.Tests.Rules.LCK004;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK005.LCK005LockWaitWithoutDeadlineAnalyzer>;
using LockAnalyzers.Rules.LCK005;

namespace LockAnalyzers.Tests.Rules.LCK005;

public class LCK005AnalyzerTests
{
    private const string Forever = LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedText;
    private const string ForeverSpin = LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedSpinText;
    private const string Spin = LCK005LockWaitWithoutDeadlineAnalyzer.SpinText;

    /// <summary>Seed 003's global-lock polling loop: wait while the lock exists, no way out but the lock going away.</summary>
    [Fact]
    public Task Seed_003_polling_loop_with_no_timeout() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class RepoContext
            {
                async Task WaitForGlobalLockAsync(string globalLockPath)
                {
                    {|#0:while|} (File.Exists(globalLockPath))
                    {
                        await Task.Delay(500);
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("globalLockPath", Forever));

    [Fact]
    public Task Exclusive_create_retried_in_try_catch_for_ever() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                FileStream Acquire(string dir)
                {
                    var lockFile = Path.Combine(dir, "app.lock");
                    {|#0:for|} (;;)
                    {
                        try
                        {
                            return new FileStream(lockFile, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                        }
                        catch (IOException)
                        {
                            Thread.Sleep(100);
                        }
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("lockFile", Forever));

    [Fact]
    public Task Do_while_exists_with_sleep() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                const string PidFile = "/var/run/app.pid";

                void WaitForExit()
                {
                    {|#0:do|}
                    {
                        Thread.Sleep(250);
                    } while (File.Exists(PidFile));
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("PidFile", Forever));

    [Fact]
    public Task Busy_spin_with_no_bound() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath)
                {
                    {|#0:while|} (File.Exists(lockPath)) { }
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("lockPath", ForeverSpin));

    [Fact]
    public Task Busy_spin_is_flagged_even_when_a_token_bounds_it() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, CancellationToken token)
                {
                    {|#0:while|} (File.Exists(lockPath))
                    {
                        token.ThrowIfCancellationRequested();
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("lockPath", Spin));

    [Fact]
    public Task Async_create_loop_with_a_token_that_is_never_checked() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                async Task<FileStream> AcquireAsync(string lockPath, CancellationToken cancellationToken)
                {
                    {|#0:while|} (true)
                    {
                        try
                        {
                            return File.Open(lockPath, FileMode.CreateNew);
                        }
                        catch (IOException)
                        {
                        }

                        await Task.Delay(100);
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("lockPath", Forever));

    [Fact]
    public Task Lock_words_from_editorconfig_are_honoured() =>
        Verify.VerifyAsync(
            LoopSource.Usings + """
            class C
            {
                void Wait(string claimFile)
                {
                    {|#0:while|} (File.Exists(claimFile)) Thread.Sleep(10);
                }
            }
            """,
            withRuntime: false,
            editorConfig: "lock_analyzers.lock_path_words = claim",
            Verify.Diagnostic("LCK005").WithLocation(0).WithArguments("claimFile", Forever));

    // ---- negatives ----

    [Fact]
    public Task Not_a_lock_path() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string outputPath, string claimFile)
                {
                    while (File.Exists(outputPath)) Thread.Sleep(100);
                    while (File.Exists(claimFile)) Thread.Sleep(100);
                }
            }
            """);

    [Fact]
    public Task Counter_in_the_condition_bounds_the_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath)
                {
                    for (var i = 0; File.Exists(lockPath) && i < 50; i++) Thread.Sleep(100);
                    var tries = 10;
                    while (File.Exists(lockPath) && tries-- > 0) Thread.Sleep(100);
                }
            }
            """);

    [Fact]
    public Task Counter_checked_in_the_body_bounds_the_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath)
                {
                    var attempts = 0;
                    while (File.Exists(lockPath))
                    {
                        if (++attempts > 100) throw new TimeoutException("lock " + lockPath);
                        Thread.Sleep(100);
                    }
                }
            }
            """);

    [Fact]
    public Task Counted_retries_without_sleep_are_not_a_spin() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                bool TryAcquire(string lockPath)
                {
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return true; }
                        catch (IOException) { }
                    }

                    return false;
                }
            }
            """);

    [Fact]
    public Task Token_passed_to_the_delay_bounds_the_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                async Task WaitAsync(string lockPath, CancellationToken ct)
                {
                    while (File.Exists(lockPath)) await Task.Delay(100, ct);
                }
            }
            """);

    [Fact]
    public Task Deadline_in_the_condition_or_body_bounds_the_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, TimeSpan timeout)
                {
                    var sw = Stopwatch.StartNew();
                    while (File.Exists(lockPath) && sw.Elapsed < timeout) Thread.Sleep(100);

                    var deadline = DateTime.UtcNow + timeout;
                    while (File.Exists(lockPath))
                    {
                        if (DateTime.UtcNow > deadline) return;
                        Thread.Sleep(100);
                    }

                    while (File.Exists(lockPath))
                    {
                        if (Environment.TickCount64 > 1000) break;
                        Thread.Sleep(100);
                    }
                }
            }
            """);

    [Fact]
    public Task Cancellation_checked_in_the_loop_bounds_the_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, CancellationToken token)
                {
                    while (File.Exists(lockPath) && !token.IsCancellationRequested) Thread.Sleep(100);
                    while (File.Exists(lockPath)) { token.ThrowIfCancellationRequested(); Thread.Sleep(100); }
                }
            }
            """);

    [Fact]
    public Task Catch_that_rethrows_does_not_retry() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Write(string lockPath, Queue<string> lines)
                {
                    while (lines.Count > 0)
                    {
                        try { using var fs = new FileStream(lockPath, FileMode.CreateNew); }
                        catch (IOException) { throw; }
                        lines.Dequeue();
                    }
                }
            }
            """);

    [Fact]
    public Task Foreach_over_lock_files_is_not_a_wait() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Sweep(string[] lockPaths)
                {
                    foreach (var lockPath in lockPaths)
                    {
                        if (File.Exists(lockPath)) File.Delete(lockPath);
                    }
                }
            }
            """);

    [Fact]
    public Task Wait_with_a_deadline_that_a_continue_skips_is_LCK004s_not_LCK005s() =>
        Verify.VerifyAsync(LCK004AnalyzerTests.Seed003.Replace("{|#0:", string.Empty).Replace("continue;|}", "continue;"));

    [Theory]
    [InlineData("while (File.Exists(lockPath) Thread.Sleep(1);")]
    [InlineData("while (File.Exists()) { }")]
    [InlineData("do { try { new FileStream(lockPath, FileMode.CreateNew); } catch { } } while (")]
    [InlineData("for (;;) { try { File.Open(lockPath, FileMode.); } catch (IOException) { Thread.Sleep(); } }")]
    [InlineData("while (Missing.Exists(lockPath)) { await Task.Delay(1); }")]
    public Task Incomplete_code_never_throws(string body) =>
        LoopSource.AssertNoCrashAsync(
            new LCK005LockWaitWithoutDeadlineAnalyzer(),
            LoopSource.Usings + "class C { void M(string lockPath) { " + body + " } }");
}
