using LockAnalyzers.CodeFixes.Rules;
using LockAnalyzers.Tests.Rules.LCK004;
using Verify = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK005.LCK005LockWaitWithoutDeadlineAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK005.LCK005LockWaitWithoutDeadlineCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK005;
using LockAnalyzers.Tests.Verifiers;

namespace LockAnalyzers.Tests.Rules.LCK005;

public class LCK005CodeFixTests
{
    private const string UseToken = LCK005LockWaitWithoutDeadlineCodeFixProvider.UseTokenKey;
    private const string UseDeadline = LCK005LockWaitWithoutDeadlineCodeFixProvider.UseLockDeadlineKey;

    private static readonly string RuntimeUsings =
        LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n");

    [Fact]
    public Task Token_in_scope_is_checked_at_the_top_and_passed_to_the_delay() =>
        Verify.VerifyFixAsync(
            LoopSource.Usings + """
            class C
            {
                async Task WaitAsync(string lockPath, CancellationToken cancellationToken)
                {
                    // Wait for the other process to let go.
                    [|while|] (File.Exists(lockPath))
                    {
                        await Task.Delay(100);
                    }
                }
            }
            """,
            LoopSource.Usings + """
            class C
            {
                async Task WaitAsync(string lockPath, CancellationToken cancellationToken)
                {
                    // Wait for the other process to let go.
                    while (File.Exists(lockPath))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(100, cancellationToken);
                    }
                }
            }
            """,
            UseToken,
            withRuntime: false);

    [Fact]
    public Task Token_fix_turns_a_single_statement_body_into_a_block() =>
        Verify.VerifyFixAsync(
            LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, CancellationToken token)
                {
                    [|while|] (File.Exists(lockPath)) Thread.Sleep(100);
                }
            }
            """,
            LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, CancellationToken token)
                {
                    while (File.Exists(lockPath))
                    {
                        token.ThrowIfCancellationRequested();
                        Thread.Sleep(100);
                    }
                }
            }
            """,
            UseToken);

    private const string GlobalLockWait = """
        class RepoContext
        {
            async Task WaitForGlobalLockAsync(string globalLockPath)
            {
                // The global lock is held by structural commands.
                [|while|] (File.Exists(globalLockPath))
                {
                    await Task.Delay(500);
                }
            }
        }
        """;

    private const string GlobalLockWaitWithDeadline = """
        class RepoContext
        {
            async Task WaitForGlobalLockAsync(string globalLockPath)
            {
                // The global lock is held by structural commands.
                var lockWaitTimeout = TimeSpan.FromSeconds(30);
                var deadline = LockDeadline.After(lockWaitTimeout);
                while (File.Exists(globalLockPath))
                {
                    deadline.ThrowIfExpired(globalLockPath);
                    await Task.Delay(500);
                }
            }
        }
        """;

    [Fact]
    public Task Without_a_token_a_named_timeout_and_LockDeadline() =>
        Verify.VerifyFixAsync(LoopSource.Usings + GlobalLockWait, RuntimeUsings + GlobalLockWaitWithDeadline, UseDeadline);

    /// <summary>The timeout, the deadline and the check at the top of the loop follow the file's layout.</summary>
    [Theory]
    [InlineData(SourceLayout.Tabs)]
    [InlineData(SourceLayout.TwoSpaces)]
    [InlineData(SourceLayout.Crlf)]
    public Task LockDeadline_fix_follows_the_file_layout(SourceLayout layout) =>
        Verify.VerifyFixAsync((LoopSource.Usings + GlobalLockWait).In(layout), (RuntimeUsings + GlobalLockWaitWithDeadline).In(layout), UseDeadline);

    [Fact]
    public Task LockDeadline_fix_on_a_create_loop_with_fresh_names_and_fix_all()
    {
        var source = LoopSource.Usings + """
            class C
            {
                FileStream Acquire(string lockPath, DateTime deadline)
                {
                    [|for|] (;;)
                    {
                        try { return new FileStream(lockPath, FileMode.CreateNew); }
                        catch (IOException) { Thread.Sleep(100); }
                    }
                }

                FileStream AcquireOther(string otherLock)
                {
                    [|do|]
                    {
                        try { return File.Open(otherLock, FileMode.CreateNew); }
                        catch (IOException) { }
                        Thread.Sleep(100);
                    } while (true);
                }
            }
            """;
        var fixedSource = RuntimeUsings + """
            class C
            {
                FileStream Acquire(string lockPath, DateTime deadline)
                {
                    var lockWaitTimeout = TimeSpan.FromSeconds(30);
                    var lockDeadline = LockDeadline.After(lockWaitTimeout);
                    for (;;)
                    {
                        lockDeadline.ThrowIfExpired(lockPath);
                        try { return new FileStream(lockPath, FileMode.CreateNew); }
                        catch (IOException) { Thread.Sleep(100); }
                    }
                }

                FileStream AcquireOther(string otherLock)
                {
                    var lockWaitTimeout = TimeSpan.FromSeconds(30);
                    var deadline = LockDeadline.After(lockWaitTimeout);
                    do
                    {
                        deadline.ThrowIfExpired(otherLock);
                        try { return File.Open(otherLock, FileMode.CreateNew); }
                        catch (IOException) { }
                        Thread.Sleep(100);
                    } while (true);
                }
            }
            """;
        return Verify.VerifyFixAsync(source, fixedSource, UseDeadline);
    }

    [Fact]
    public Task No_fix_without_a_token_or_the_runtime() =>
        Verify.VerifyNoFixAsync(
            LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath)
                {
                    [|while|] (File.Exists(lockPath)) Thread.Sleep(100);
                }
            }
            """,
            equivalenceKey: null,
            withRuntime: false);

    [Fact]
    public Task LockDeadline_is_not_offered_when_a_token_is_in_scope() =>
        Verify.VerifyNoFixAsync(
            LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, CancellationToken token)
                {
                    [|while|] (File.Exists(lockPath)) Thread.Sleep(100);
                }
            }
            """,
            UseDeadline);

    [Fact]
    public Task Busy_spin_gets_no_fix() =>
        Verify.VerifyNoFixAsync(
            LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, CancellationToken token)
                {
                    [|while|] (File.Exists(lockPath)) { }
                }
            }
            """);

    [Fact]
    public Task Loop_that_is_not_in_a_block_gets_no_LockDeadline_fix() =>
        Verify.VerifyNoFixAsync(
            LoopSource.Usings + """
            class C
            {
                void Wait(string lockPath, bool wait)
                {
                    if (wait)
                        [|while|] (File.Exists(lockPath)) Thread.Sleep(100);
                }
            }
            """,
            UseDeadline);
}
