using LockAnalyzers.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK004.LCK004ContinueSkipsDeadlineAnalyzer>;
using LockAnalyzers.Rules.LCK004;

namespace LockAnalyzers.Tests.Rules.LCK004;

public class LCK004AnalyzerTests
{
    /// <summary>Seed 003: delete the stale lock in a try/catch, continue, timeout checked at the bottom.</summary>
    public const string Seed003 = LoopSource.Usings + """
        class FileLock
        {
            public void Acquire(string lockPath, TimeSpan maxWait)
            {
                var sw = Stopwatch.StartNew();
                while (true)
                {
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
                            {|#0:continue;|}
                        }
                    }

                    Thread.Sleep(100);
                    if (sw.Elapsed > maxWait)
                    {
                        throw new TimeoutException("Timed out waiting for " + lockPath);
                    }
                }
            }

            static bool IsStale(string path) => File.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddMinutes(-1);
        }
        """;

    [Fact]
    public Task Seed_003_continue_after_stale_cleanup_skips_the_bottom_timeout() =>
        Verify.VerifyAsync(Seed003, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(Seed003, "if (sw.Elapsed"), ""));

    [Fact]
    public Task For_ever_loop_with_continue_inside_catch()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string tempPath, string lockPath, DateTime deadline)
                {
                    for (;;)
                    {
                        try
                        {
                            File.Move(tempPath, lockPath);
                            return;
                        }
                        catch (IOException)
                        {
                            {|#0:continue;|}
                        }

                        if (DateTime.UtcNow > deadline) throw new TimeoutException();
                        Thread.Sleep(50);
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (DateTime.UtcNow"), ""));
    }

    [Fact]
    public Task Async_do_while_true_loop()
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
                        if (DateTime.UtcNow >= deadline) throw new TimeoutException(lockPath);
                    } while (true);
                }

                static bool TryCreate(string p) { try { File.Open(p, FileMode.CreateNew).Dispose(); return true; } catch (IOException) { return false; } }
                static bool IsStale(string p) => true;
                static void TryDelete(string p) { }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (DateTime.UtcNow >="), ""));
    }

    [Fact]
    public Task Any_retry_loop_is_flagged_not_only_lock_code()
    {
        var source = LoopSource.Usings + """
            class C
            {
                string Download(Func<string?> fetch, TimeSpan timeout)
                {
                    var started = Stopwatch.GetTimestamp();
                    while (true)
                    {
                        var result = fetch();
                        if (result == null)
                        {
                            {|#0:continue;|}
                        }

                        if (Stopwatch.GetElapsedTime(started) > timeout) throw new TimeoutException();
                        return result;
                    }
                }
            }
            """;

        // The skipped part holds no sleep at all, so the message says nothing about spinning (that is LCK005's job for lock waits).
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (Stopwatch"), ""));
    }

    [Fact]
    public Task Skipped_sleep_that_cannot_be_copied_is_named_in_the_message()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    var attempt = 0;
                    while (true)
                    {
                        attempt++;
                        if (TryTake(lockPath)) return;
                        if (IsStale(lockPath))
                        {
                            TryDelete(lockPath);
                            {|#0:continue;|}
                        }

                        var backoff = TimeSpan.FromMilliseconds(Math.Min(1000, 10 * attempt));
                        Thread.Sleep(backoff);
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }

                static bool TryTake(string p) => false;
                static bool IsStale(string p) => true;
                static void TryDelete(string p) { }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), " and spins without sleeping"));
    }

    [Fact]
    public Task Every_skipping_continue_is_reported()
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
                        continue;
                    }
                }

                static string? Owner(string p) => null;
                static bool Take(string p) => true;
            }
            """;
        var line = LoopSource.LineOf(source, "token.ThrowIf");
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(line, ""),
            Verify.Diagnostic("LCK004").WithLocation(1).WithArguments(line, ""));
    }

    [Fact]
    public Task Continue_reached_through_goto_from_before_the_check()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        if (Take(lockPath)) return;
                        if (IsStale(lockPath)) goto cleanup;
                        Thread.Sleep(100);
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        continue;
                    cleanup:
                        File.Delete(lockPath);
                        {|#0:continue;|}
                    }
                }

                static bool Take(string p) => true;
                static bool IsStale(string p) => true;
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Filter_that_does_not_read_the_deadline_still_skips_it()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        try
                        {
                            File.Open(lockPath, FileMode.CreateNew).Dispose();
                            return;
                        }
                        catch (IOException e) when (e.HResult == 80)
                        {
                            {|#0:continue;|}
                        }

                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Inner_retry_loop_of_a_counted_outer_loop()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void AcquireAll(string[] lockPaths, Stopwatch sw, TimeSpan timeout)
                {
                    for (var i = 0; i < lockPaths.Length; i++)
                    {
                        while (true)
                        {
                            try { File.Open(lockPaths[i], FileMode.CreateNew).Dispose(); break; }
                            catch (IOException) { }

                            if (File.GetLastWriteTimeUtc(lockPaths[i]) < DateTime.UtcNow.AddMinutes(-5))
                            {
                                File.Delete(lockPaths[i]);
                                {|#0:continue;|}
                            }

                            Thread.Sleep(100);
                            if (sw.Elapsed > timeout) throw new TimeoutException();
                        }

                        if (i % 2 == 0) continue;
                    }
                }
            }
            """;

        // The staleness test reads DateTime.UtcNow but leaves the loop by no exit of its own: it is not a deadline check.
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Continue_inside_try_with_finally_that_sleeps_is_not_a_spin()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        try
                        {
                            if (!File.Exists(lockPath)) { File.WriteAllText(lockPath, "me"); return; }
                            {|#0:continue;|}
                        }
                        finally
                        {
                            Thread.Sleep(20);
                        }

                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    // ---- negatives ----

    [Fact]
    public Task Deadline_checked_at_the_top_is_not_flagged() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { if (Stale(lockPath)) { File.Delete(lockPath); continue; } }
                        Thread.Sleep(100);
                    }
                }

                static bool Stale(string p) => true;
            }
            """);

    [Fact]
    public Task Deadline_in_the_loop_condition_is_not_flagged() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout, DateTime hardStop)
                {
                    while (sw.Elapsed < timeout)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { continue; }
                        finally { }
                        if (DateTime.UtcNow > hardStop) throw new TimeoutException();
                    }
                }
            }
            """);

    [Fact]
    public Task Do_while_with_deadline_condition_is_not_flagged() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, DateTime deadline)
                {
                    do
                    {
                        if (!File.Exists(lockPath)) continue;
                        Thread.Sleep(10);
                        if (DateTime.UtcNow > deadline.AddSeconds(5)) throw new TimeoutException();
                    } while (DateTime.UtcNow < deadline);
                }
            }
            """);

    [Fact]
    public Task Counter_checked_on_every_path_is_not_flagged() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    var attempt = 0;
                    while (true)
                    {
                        if (++attempt > 50) throw new TimeoutException("gave up");
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { continue; }
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """);

    [Fact]
    public Task Work_before_the_check_in_the_try_can_throw_into_the_catch()
    {
        var source = LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        try
                        {
                            File.Open(lockPath, FileMode.CreateNew).Dispose();
                            if (sw.Elapsed > timeout) throw new TimeoutException();
                            return;
                        }
                        catch (IOException)
                        {
                            Thread.Sleep(10);
                            {|#0:continue;|}
                        }
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""));
    }

    [Fact]
    public Task Counted_for_loop_is_bounded_by_its_condition() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    for (var attempt = 0; attempt < 10; attempt++)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { continue; }
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """);

    [Fact]
    public Task Continue_of_an_inner_foreach_does_not_count_for_the_outer_loop() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Sweep(string dir, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        foreach (var file in Directory.GetFiles(dir, "*.lock"))
                        {
                            if (file.EndsWith(".keep.lock")) continue;
                            File.Delete(file);
                        }

                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        Thread.Sleep(1000);
                    }
                }
            }
            """);

    [Fact]
    public Task Foreach_loop_is_bounded_by_its_collection() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Sweep(IEnumerable<string> lockPaths, DateTime deadline)
                {
                    foreach (var lockPath in lockPaths)
                    {
                        if (!File.Exists(lockPath)) continue;
                        File.Delete(lockPath);
                        if (DateTime.UtcNow > deadline) return;
                    }
                }
            }
            """);

    [Fact]
    public Task Deadline_filter_on_the_catch_is_a_check() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) when (sw.Elapsed < timeout) { Thread.Sleep(10); continue; }
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    }
                }
            }
            """);

    [Fact]
    public Task Continue_after_the_check_is_not_flagged() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        if (Take(lockPath)) return;
                        Thread.Sleep(100);
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        if (File.Exists(lockPath)) continue;
                        File.Delete(lockPath);
                    }
                }

                static bool Take(string p) => true;
            }
            """);

    [Fact]
    public Task Retry_loop_without_any_deadline_check_is_left_to_LCK005() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath)
                {
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { Thread.Sleep(10); continue; }
                    }
                }
            }
            """);

    [Fact]
    public Task Token_passed_to_the_delay_on_the_continue_path_is_a_check() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                async Task AcquireAsync(string lockPath, CancellationToken token)
                {
                    while (true)
                    {
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) { await Task.Delay(100, token); continue; }
                        if (token.IsCancellationRequested) return;
                    }
                }
            }
            """);

    [Fact]
    public Task Goto_back_to_a_label_after_the_check_stays_checked() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                    attempt:
                        try { File.Open(lockPath, FileMode.CreateNew).Dispose(); return; }
                        catch (IOException) when (File.Exists(lockPath + ".stale")) { File.Delete(lockPath); goto attempt; }
                        catch (IOException) { }
                        Thread.Sleep(10);
                        continue;
                    }
                }
            }
            """);

    [Fact]
    public Task Break_on_deadline_inside_an_inner_loop_is_not_a_check_for_the_outer_loop_but_no_continue_skips_anything() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Poll(string lockPath, DateTime deadline)
                {
                    while (true)
                    {
                        while (File.Exists(lockPath))
                        {
                            if (DateTime.UtcNow > deadline) break;
                            Thread.Sleep(10);
                        }

                        if (!File.Exists(lockPath)) continue;
                        Thread.Sleep(10);
                    }
                }
            }
            """);

    [Fact]
    public Task Continue_inside_a_lambda_in_the_loop_is_ignored() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, List<string> others, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        others.ForEach(o => { foreach (var c in o) { if (c == 'x') continue; } });
                        if (File.Exists(lockPath)) { Thread.Sleep(10); }
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        if (!File.Exists(lockPath)) return;
                    }
                }
            }
            """);

    [Fact]
    public Task Flag_and_try_conditions_are_retry_loops()
    {
        var source = LoopSource.Usings + """
            class C
            {
                bool _acquired;

                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (!_acquired)
                    {
                        if (File.Exists(lockPath)) { Thread.Sleep(10); {|#0:continue;|} }
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        _acquired = true;
                    }

                    while (!TryTake(lockPath))
                    {
                        if (File.Exists(lockPath + ".stale")) { Thread.Sleep(10); {|#1:continue;|} }
                        if (sw.Elapsed > timeout) throw new TimeoutException();
                        Thread.Sleep(10);
                    }
                }

                static bool TryTake(string p) => true;
            }
            """;
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic("LCK004").WithLocation(0).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed"), ""),
            Verify.Diagnostic("LCK004").WithLocation(1).WithArguments(LoopSource.LineOf(source, "if (sw.Elapsed", occurrence: 2), ""));
    }

    [Theory]
    [InlineData("while (true) { if (x) continue; if (sw.Elapsed > ) throw new TimeoutException(); }")]
    [InlineData("while (true) { try { } catch { continue } if (sw.Elapsed > t) throw; }")]
    [InlineData("for (;;) { if (Missing()) continue; if (DateTime.UtcNow > deadline) throw new Unknown(); }")]
    [InlineData("do { continue; if (sw.Elapsed > t) goto nowhere; } while (")]
    [InlineData("while (true) { goto case 1; continue; if (sw.ElapsedMilliseconds > t) return; }")]
    [InlineData("while (true) { if (sw.Elapsed > t) throw new TimeoutException(); continue; lbl: lbl: continue; }")]
    public Task Incomplete_code_never_throws(string body) =>
        LoopSource.AssertNoCrashAsync(
            new LCK004ContinueSkipsDeadlineAnalyzer(),
            LoopSource.Usings + "class C { void M(Stopwatch sw, TimeSpan t, bool x) { " + body + " } }");
}
