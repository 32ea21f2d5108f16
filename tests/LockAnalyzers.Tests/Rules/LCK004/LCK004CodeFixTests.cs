using LockAnalyzers.CodeFixes.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK004.LCK004ContinueSkipsDeadlineAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK004.LCK004ContinueSkipsDeadlineCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK004;
using LockAnalyzers.Tests.Verifiers;

namespace LockAnalyzers.Tests.Rules.LCK004;

public class LCK004CodeFixTests
{
    private const string Move = LCK004ContinueSkipsDeadlineCodeFixProvider.MoveCheckKey;
    private const string UseDeadline = LCK004ContinueSkipsDeadlineCodeFixProvider.UseLockDeadlineKey;

    private const string Seed003MovedCheck = LoopSource.Usings + """
        class FileLock
        {
            public void Acquire(string lockPath, TimeSpan maxWait)
            {
                var sw = Stopwatch.StartNew();
                while (true)
                {
                    if (sw.Elapsed > maxWait)
                    {
                        throw new TimeoutException("Timed out waiting for " + lockPath);
                    }
                    try
                    {
                        using (new FileStream(lockPath, FileMode.CreateNew)) { }
                        return;
                    }
                    catch (IOException)
                    {
                        if (IsStale(lockPath))
                        {
                            try { File.Delete(lockPath); } catch (IOException) { }
                            Thread.Sleep(100);
                            continue;
                        }
                    }

                    Thread.Sleep(100);
                }
            }

            static bool IsStale(string path) => File.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddMinutes(-1);
        }
        """;

    [Fact]
    public Task Seed_003_check_moves_to_the_top_and_the_cleanup_path_sleeps() =>
        Verify.VerifyFixAsync(LoopSource.Spans(LCK004AnalyzerTests.Seed003), Seed003MovedCheck, Move);

    [Fact]
    public Task Moving_the_check_needs_no_runtime() =>
        Verify.VerifyFixAsync(LoopSource.Spans(LCK004AnalyzerTests.Seed003), Seed003MovedCheck, Move, withRuntime: false);

    private const string Seed003WithDeadline = """
        class FileLock
        {
            public void Acquire(string lockPath, TimeSpan maxWait)
            {
                var sw = Stopwatch.StartNew();
                var deadline = LockDeadline.After(maxWait);
                while (true)
                {
                    deadline.ThrowIfExpired(lockPath);
                    try
                    {
                        using (new FileStream(lockPath, FileMode.CreateNew)) { }
                        return;
                    }
                    catch (IOException)
                    {
                        if (IsStale(lockPath))
                        {
                            try { File.Delete(lockPath); } catch (IOException) { }
                            Thread.Sleep(100);
                            continue;
                        }
                    }

                    Thread.Sleep(100);
                }
            }

            static bool IsStale(string path) => File.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddMinutes(-1);
        }
        """;

    [Fact]
    public Task Seed_003_with_LockDeadline() =>
        Verify.VerifyFixAsync(
            LoopSource.Spans(LCK004AnalyzerTests.Seed003),
            LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + Seed003WithDeadline,
            UseDeadline);

    /// <summary>Both fixes' moved and inserted lines (the check, the sleep, the deadline) follow the file's layout.</summary>
    [Theory]
    [InlineData(SourceLayout.Tabs)]
    [InlineData(SourceLayout.TwoSpaces)]
    [InlineData(SourceLayout.Crlf)]
    public async Task Seed_003_fixes_follow_the_file_layout(SourceLayout layout)
    {
        await Verify.VerifyFixAsync(LoopSource.Spans(LCK004AnalyzerTests.Seed003).In(layout), Seed003MovedCheck.In(layout), Move);
        await Verify.VerifyFixAsync(
            LoopSource.Spans(LCK004AnalyzerTests.Seed003).In(layout),
            (LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + Seed003WithDeadline).In(layout),
            UseDeadline);
    }

    [Fact]
    public Task LockDeadline_is_not_offered_without_the_runtime() =>
        Verify.VerifyNoFixAsync(
            LCK004AnalyzerTests.Seed003,
            UseDeadline,
            withRuntime: false,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(LCK004AnalyzerTests.Seed003, "if (sw.Elapsed"), ""));

    [Fact]
    public Task LockDeadline_from_a_DateTime_deadline_with_a_fresh_name()
    {
        var source = LoopSource.Usings + """
            class C
            {
                async Task AcquireAsync(string lockPath)
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    do
                    {
                        if (TryCreate(lockPath)) return;
                        if (IsStale(lockPath))
                        {
                            TryDelete(lockPath);
                            {|#0:continue;|}
                        }

                        await Task.Delay(100);

                        // Give up: someone else holds it.
                        if (DateTime.UtcNow >= deadline) throw new TimeoutException(lockPath);
                    } while (true);
                }

                static bool TryCreate(string p) => false;
                static bool IsStale(string p) => true;
                static void TryDelete(string p) { }
            }
            """;
        var fixedSource = LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + """
            class C
            {
                async Task AcquireAsync(string lockPath)
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    var lockDeadline = LockDeadline.After(TimeSpan.FromSeconds(30));
                    do
                    {
                        // Give up: someone else holds it.
                        lockDeadline.ThrowIfExpired(lockPath);
                        if (TryCreate(lockPath)) return;
                        if (IsStale(lockPath))
                        {
                            TryDelete(lockPath);
                            await Task.Delay(100);
                            continue;
                        }

                        await Task.Delay(100);
                    } while (true);
                }

                static bool TryCreate(string p) => false;
                static bool IsStale(string p) => true;
                static void TryDelete(string p) { }
            }
            """;
        return Verify.VerifyFixAsync(LoopSource.Spans(source), fixedSource, UseDeadline);
    }

    [Fact]
    public Task Throwing_check_moves_and_every_spinning_continue_gets_the_sleep()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, CancellationToken token)
                {
                    while (true)
                    {
                        if (File.Exists(lockPath))
                        {
                            if (Owner(lockPath) == null) {|#0:continue;|}
                            try { File.Delete(lockPath); } catch (IOException) { {|#1:continue;|} }
                        }

                        Thread.Sleep(10);
                        token.ThrowIfCancellationRequested();
                        if (Take(lockPath)) return;
                    }
                }

                static string? Owner(string p) => null;
                static bool Take(string p) => true;
            }
            """;
        var fixedSource = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, CancellationToken token)
                {
                    while (true)
                    {
                        token.ThrowIfCancellationRequested();
                        if (File.Exists(lockPath))
                        {
                            if (Owner(lockPath) == null)
                            {
                                Thread.Sleep(10);
                                continue;
                            }
                            try { File.Delete(lockPath); } catch (IOException) { Thread.Sleep(10); continue; }
                        }

                        Thread.Sleep(10);
                        if (Take(lockPath)) return;
                    }
                }

                static string? Owner(string p) => null;
                static bool Take(string p) => true;
            }
            """;
        return Verify.VerifyFixAsync(LoopSource.Spans(source), fixedSource, Move);
    }

    [Fact]
    public Task Fix_all_fixes_every_loop_once()
    {
        var loop = """
                    var sw = Stopwatch.StartNew();
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { if (Stale(lockPath)) { File.Delete(lockPath); {|#N:continue;|} } }
                        Thread.Sleep(50);
                        if (sw.ElapsedMilliseconds > 5000) throw new TimeoutException();
                    }
            """;
        var moved = """
                    var sw = Stopwatch.StartNew();
                    while (true)
                    {
                        if (sw.ElapsedMilliseconds > 5000) throw new TimeoutException();
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { if (Stale(lockPath)) { File.Delete(lockPath); Thread.Sleep(50); continue; } }
                        Thread.Sleep(50);
                    }
            """;
        var template = LoopSource.Usings + """
            class C
            {
                void A(string lockPath)
                {
            LOOP1
                }

                void B(string lockPath)
                {
            LOOP2
                }

                static bool Stale(string p) => true;
            }
            """;
        var source = template.Replace("LOOP1", loop.Replace("#N", "#0")).Replace("LOOP2", loop.Replace("#N", "#1"));
        var fixedSource = template.Replace("LOOP1", moved).Replace("LOOP2", moved);
        return Verify.VerifyFixAsync(LoopSource.Spans(source), fixedSource, Move);
    }

    [Fact]
    public Task Fix_all_with_LockDeadline_converts_milliseconds()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void A(string lockPath)
                {
                    var sw = Stopwatch.StartNew();
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(50); {|#0:continue;|} }
                        if (sw.ElapsedMilliseconds > 5000) throw new TimeoutException();
                    }
                }
            }
            """;
        var fixedSource = LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + """
            class C
            {
                void A(string lockPath)
                {
                    var sw = Stopwatch.StartNew();
                    var deadline = LockDeadline.After(TimeSpan.FromMilliseconds(5000));
                    while (true)
                    {
                        deadline.ThrowIfExpired(lockPath);
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(50); continue; }
                    }
                }
            }
            """;
        return Verify.VerifyFixAsync(LoopSource.Spans(source), fixedSource, UseDeadline);
    }

    [Fact]
    public Task Awaited_ConfigureAwait_delay_is_copied_into_a_filtered_catch()
    {
        var source = LoopSource.Usings + """
            class C
            {
                async Task<FileStream> AcquireAsync(string lockPath, TimeSpan maxWait)
                {
                    var deadline = DateTime.UtcNow + maxWait;
                    do
                    {
                        try
                        {
                            return new FileStream(lockPath, FileMode.CreateNew);
                        }
                        catch (IOException) when (IsStale(lockPath))
                        {
                            File.Delete(lockPath);
                            [|continue;|]
                        }
                        catch (IOException)
                        {
                        }

                        await Task.Delay(100).ConfigureAwait(false);
                        if (DateTime.UtcNow >= deadline)
                        {
                            throw new TimeoutException("Timed out waiting for " + lockPath);
                        }
                    }
                    while (true);
                }

                static bool IsStale(string p) => true;
            }
            """;
        var fixedSource = LoopSource.Usings + """
            class C
            {
                async Task<FileStream> AcquireAsync(string lockPath, TimeSpan maxWait)
                {
                    var deadline = DateTime.UtcNow + maxWait;
                    do
                    {
                        if (DateTime.UtcNow >= deadline)
                        {
                            throw new TimeoutException("Timed out waiting for " + lockPath);
                        }
                        try
                        {
                            return new FileStream(lockPath, FileMode.CreateNew);
                        }
                        catch (IOException) when (IsStale(lockPath))
                        {
                            File.Delete(lockPath);
                            await Task.Delay(100).ConfigureAwait(false);
                            continue;
                        }
                        catch (IOException)
                        {
                        }

                        await Task.Delay(100).ConfigureAwait(false);
                    }
                    while (true);
                }

                static bool IsStale(string p) => true;
            }
            """;
        return Verify.VerifyFixAsync(source, fixedSource, Move);
    }

    [Fact]
    public Task Check_that_returns_false_moves_but_is_not_turned_into_a_throw()
    {
        var source = LoopSource.Usings + """
            class C
            {
                bool TryAcquire(string lockPath, TimeSpan timeout)
                {
                    var sw = Stopwatch.StartNew();
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return true; }
                        catch (IOException) { Thread.Sleep(10); {|#0:continue;|} }
                        if (sw.Elapsed > timeout) return false;
                    }
                }
            }
            """;
        return Verify.VerifyNoFixAsync(
            source,
            UseDeadline,
            withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Check_of_a_value_computed_in_the_loop_is_not_moved()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(10); {|#0:continue;|} }
                        var elapsed = sw.Elapsed;
                        if (elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """;
        return Verify.VerifyNoFixAsync(
            source,
            equivalenceKey: null,
            withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (elapsed"), ""));
    }

    [Fact]
    public Task Check_that_reads_a_loop_value_stays_and_LockDeadline_guards_the_top()
    {
        // Seed 003's shape: the timeout message names the holder read in this pass, so the check cannot move, but
        // LockDeadline can still bound every path; the user's check and its message stay where they were.
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, TimeSpan timeout)
                {
                    var sw = Stopwatch.StartNew();
                    while (true)
                    {
                        var holder = File.Exists(lockPath) ? File.ReadAllText(lockPath) : "";
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(10); {|#0:continue;|} }
                        if (sw.Elapsed > timeout) throw new TimeoutException("held by " + holder);
                    }
                }
            }
            """;
        var fixedSource = LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + """
            class C
            {
                void Acquire(string lockPath, TimeSpan timeout)
                {
                    var sw = Stopwatch.StartNew();
                    var deadline = LockDeadline.After(timeout);
                    while (true)
                    {
                        deadline.ThrowIfExpired(lockPath);
                        var holder = File.Exists(lockPath) ? File.ReadAllText(lockPath) : "";
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(10); continue; }
                        if (sw.Elapsed > timeout) throw new TimeoutException("held by " + holder);
                    }
                }
            }
            """;
        return Verify.VerifyFixAsync(source, fixedSource, UseDeadline, withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Seed_003_port_async_with_field_limit_gets_LockDeadline()
    {
        var source = LoopSource.Usings + """
            class DatastoreFileLock
            {
                private readonly string _lockPath = "";
                private readonly long _maxWaitMs = 1000;
                private bool TryCreate() => false;
                private string? ReadInfo() => null;
                public async Task AcquireAsync()
                {
                    var stopwatch = Stopwatch.StartNew();
                    while (true)
                    {
                        if (TryCreate())
                        {
                            return;
                        }

                        var existing = ReadInfo();
                        if (existing != null)
                        {
                            try { File.Delete(_lockPath); } catch (Exception) { }
                            {|#0:continue;|}
                        }

                        if (stopwatch.ElapsedMilliseconds >= _maxWaitMs)
                        {
                            throw new TimeoutException(_lockPath + existing);
                        }

                        await Task.Delay(100);
                    }
                }
            }
            """;
        var fixedSource = LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + """
            class DatastoreFileLock
            {
                private readonly string _lockPath = "";
                private readonly long _maxWaitMs = 1000;
                private bool TryCreate() => false;
                private string? ReadInfo() => null;
                public async Task AcquireAsync()
                {
                    var stopwatch = Stopwatch.StartNew();
                    var deadline = LockDeadline.After(TimeSpan.FromMilliseconds(_maxWaitMs));
                    while (true)
                    {
                        deadline.ThrowIfExpired(_lockPath);
                        if (TryCreate())
                        {
                            return;
                        }

                        var existing = ReadInfo();
                        if (existing != null)
                        {
                            try { File.Delete(_lockPath); } catch (Exception) { }
                            await Task.Delay(100);
                            continue;
                        }

                        if (stopwatch.ElapsedMilliseconds >= _maxWaitMs)
                        {
                            throw new TimeoutException(_lockPath + existing);
                        }

                        await Task.Delay(100);
                    }
                }
            }
            """;
        return Verify.VerifyFixAsync(source, fixedSource, UseDeadline, withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (stopwatch.Elapsed"), ""));
    }

    [Fact]
    public Task Check_nested_in_another_statement_is_not_moved()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout, bool strict)
                {
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(10); {|#0:continue;|} }
                        if (strict)
                        {
                            if (sw.Elapsed > timeout) throw new TimeoutException();
                        }
                    }
                }
            }
            """;
        return Verify.VerifyNoFixAsync(
            source,
            equivalenceKey: null,
            withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Stopwatch_restarted_in_the_loop_is_not_carried_over()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, TimeSpan timeout)
                {
                    var sw = Stopwatch.StartNew();
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(10); {|#0:continue;|} }
                        if (File.Exists(lockPath + ".new")) sw.Restart();
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """;
        return Verify.VerifyNoFixAsync(
            source,
            UseDeadline,
            withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    /// <summary>
    /// Regression (seed 003 pipeline): in a nullable-enabled project <c>var stopwatch = Stopwatch.StartNew()</c> is a
    /// <c>Stopwatch?</c> local, and "Use LockDeadline" was silently not offered because the stopwatch was recognised by
    /// display string ("System.Diagnostics.Stopwatch?").
    /// </summary>
    [Fact]
    public Task Nullable_enabled_var_stopwatch_still_gets_LockDeadline()
    {
        var source = "#nullable enable\n" + LoopSource.Usings + """
            class Info { public long AcquiredAtMs; public long TtlMs; }

            class DatastoreFileLock
            {
                private readonly string _lockPath;
                private readonly long _maxWaitMs;
                private readonly int _retryIntervalMs;

                public DatastoreFileLock(string lockPath, long maxWaitMs, int retryIntervalMs)
                {
                    _lockPath = lockPath;
                    _maxWaitMs = maxWaitMs;
                    _retryIntervalMs = retryIntervalMs;
                }

                private bool TryCreate() => false;

                private Info? ReadInfo() => null;

                public async Task AcquireAsync()
                {
                    var stopwatch = Stopwatch.StartNew();
                    while (true)
                    {
                        if (TryCreate())
                        {
                            return;
                        }

                        var existing = ReadInfo();
                        if (existing != null && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - existing.AcquiredAtMs > existing.TtlMs)
                        {
                            try
                            {
                                File.Delete(_lockPath);
                            }
                            catch (Exception)
                            {
                                // ignored
                            }

                            {|#0:continue;|}
                        }

                        if (stopwatch.ElapsedMilliseconds >= _maxWaitMs)
                        {
                            throw new TimeoutException(_lockPath + " held since " + existing?.AcquiredAtMs);
                        }

                        await Task.Delay(_retryIntervalMs);
                    }
                }
            }
            """;
        var fixedSource = "#nullable enable\n" + LoopSource.Usings.Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\nusing LockAnalyzers.Runtime;\n") + """
            class Info { public long AcquiredAtMs; public long TtlMs; }

            class DatastoreFileLock
            {
                private readonly string _lockPath;
                private readonly long _maxWaitMs;
                private readonly int _retryIntervalMs;

                public DatastoreFileLock(string lockPath, long maxWaitMs, int retryIntervalMs)
                {
                    _lockPath = lockPath;
                    _maxWaitMs = maxWaitMs;
                    _retryIntervalMs = retryIntervalMs;
                }

                private bool TryCreate() => false;

                private Info? ReadInfo() => null;

                public async Task AcquireAsync()
                {
                    var stopwatch = Stopwatch.StartNew();
                    var deadline = LockDeadline.After(TimeSpan.FromMilliseconds(_maxWaitMs));
                    while (true)
                    {
                        deadline.ThrowIfExpired(_lockPath);
                        if (TryCreate())
                        {
                            return;
                        }

                        var existing = ReadInfo();
                        if (existing != null && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - existing.AcquiredAtMs > existing.TtlMs)
                        {
                            try
                            {
                                File.Delete(_lockPath);
                            }
                            catch (Exception)
                            {
                                // ignored
                            }

                            await Task.Delay(_retryIntervalMs);
                            continue;
                        }

                        if (stopwatch.ElapsedMilliseconds >= _maxWaitMs)
                        {
                            throw new TimeoutException(_lockPath + " held since " + existing?.AcquiredAtMs);
                        }

                        await Task.Delay(_retryIntervalMs);
                    }
                }
            }
            """;
        return Verify.VerifyFixAsync(source, fixedSource, UseDeadline, withRuntime: true,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (stopwatch.Elapsed"), ""));
    }
}
