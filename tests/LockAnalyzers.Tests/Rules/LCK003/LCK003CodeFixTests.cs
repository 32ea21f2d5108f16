using LockAnalyzers.CodeFixes.Rules;
using Fix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK003.LCK003DeleteThenCreateAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK003.LCK003DeleteThenCreateCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK003;
using LockAnalyzers.Tests.Verifiers;

namespace LockAnalyzers.Tests.Rules.LCK003;

public class LCK003CodeFixTests
{
    private const string Key = LCK003DeleteThenCreateCodeFixProvider.TryRetireKey;

    [Fact]
    public Task Seed002_loop_delete_followed_by_continue_becomes_TryRetire() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            class TeamLock
            {
                FileStream Acquire(string lockPath)
                {
                    while (true)
                    {
                        try
                        {
                            return new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                        }
                        catch (IOException)
                        {
                            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromSeconds(10))
                            {
                                // stale: break it
                                [|File.Delete(lockPath)|];
                                continue;
                            }
                        }

                        Thread.Sleep(50);
                    }
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Threading;
            using LockAnalyzers.Runtime;

            class TeamLock
            {
                FileStream Acquire(string lockPath)
                {
                    while (true)
                    {
                        try
                        {
                            return new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                        }
                        catch (IOException)
                        {
                            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromSeconds(10))
                            {
                                // stale: break it
                                LockSteal.TryRetire(lockPath);
                                continue;
                            }
                        }

                        Thread.Sleep(50);
                    }
                }
            }
            """,
            Key);

    [Fact]
    /// <summary>A lost retire falls through to the loop's sleep (a <c>continue</c> gate would skip it and spin).</summary>
    public Task Loop_recreate_after_delete_is_gated_and_made_exclusive() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            class C
            {
                FileStream Acquire(string lockPath)
                {
                    for (var attempt = 0; attempt < 50; attempt++)
                    {
                        if (File.Exists(lockPath) && File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-1))
                        {
                            [|File.Delete(lockPath)|];
                            return new FileStream(lockPath, FileMode.Create);
                        }

                        Thread.Sleep(100);
                    }

                    throw new TimeoutException();
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Threading;
            using LockAnalyzers.Runtime;

            class C
            {
                FileStream Acquire(string lockPath)
                {
                    for (var attempt = 0; attempt < 50; attempt++)
                    {
                        if (File.Exists(lockPath) && File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-1))
                        {
                            if (LockSteal.TryRetire(lockPath))
                            {
                                try
                                {
                                    return new FileStream(lockPath, FileMode.CreateNew);
                                }
                                catch (IOException) when (File.Exists(lockPath))
                                {
                                    // Another contender created the lock between the retire and this create: it owns the lock.
                                }
                            }
                        }

                        Thread.Sleep(100);
                    }

                    throw new TimeoutException();
                }
            }
            """,
            Key);

    [Fact]
    /// <summary>A lost retire falls through to the member's own not-stale path, <c>return false</c>.</summary>
    public Task Bool_member_returns_false_when_retire_loses() =>
        Fix.VerifyFixAsync(
            """
            using System.IO;

            class C
            {
                bool Take(string lockFile)
                {
                    if (File.Exists(lockFile))
                    {
                        [|File.Delete(lockFile)|];
                        File.Create(lockFile).Dispose();
                        return true;
                    }

                    return false;
                }
            }
            """,
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                bool Take(string lockFile)
                {
                    if (File.Exists(lockFile))
                    {
                        if (LockSteal.TryRetire(lockFile))
                        {
                            try
                            {
                                new FileStream(lockFile, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read).Dispose();
                                return true;
                            }
                            catch (IOException) when (File.Exists(lockFile))
                            {
                                // Another contender created the lock between the retire and this create: it owns the lock.
                            }
                        }
                    }

                    return false;
                }
            }
            """,
            Key);

    [Fact]
    public Task FixAll_fixes_every_delete_in_the_document() =>
        Fix.VerifyFixAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task A(string lockPath)
                {
                    await Task.Yield();
                    [|File.Delete(lockPath)|];
                    using var s = File.Open(lockPath, FileMode.OpenOrCreate);
                }

                void B(string pidPath)
                {
                    [|File.Delete(pidPath)|];
                    using var s = new FileStream(pidPath, FileMode.CreateNew);
                }
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;
            using LockAnalyzers.Runtime;

            class C
            {
                async Task A(string lockPath)
                {
                    await Task.Yield();
                    if (!LockSteal.TryRetire(lockPath))
                    {
                        return;
                    }
                    using var s = File.Open(lockPath, FileMode.CreateNew);
                }

                void B(string pidPath)
                {
                    if (!LockSteal.TryRetire(pidPath))
                    {
                        return;
                    }
                    using var s = new FileStream(pidPath, FileMode.CreateNew);
                }
            }
            """,
            Key);

    [Fact]
    public Task Two_deletes_sharing_one_recreate_fix_together() =>
        Fix.VerifyFixAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task<bool> TakeAsync(string lockPath, bool force)
                {
                    await Task.Yield();
                    if (force)
                    {
                        [|File.Delete(lockPath)|];
                    }
                    else if (File.Exists(lockPath))
                    {
                        [|File.Delete(lockPath)|];
                    }

                    using var s = new FileStream(lockPath, FileMode.Create);
                    return true;
                }
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;
            using LockAnalyzers.Runtime;

            class C
            {
                async Task<bool> TakeAsync(string lockPath, bool force)
                {
                    await Task.Yield();
                    if (force)
                    {
                        if (!LockSteal.TryRetire(lockPath))
                        {
                            return false;
                        }
                    }
                    else if (File.Exists(lockPath))
                    {
                        if (!LockSteal.TryRetire(lockPath))
                        {
                            return false;
                        }
                    }

                    using var s = new FileStream(lockPath, FileMode.CreateNew);
                    return true;
                }
            }
            """,
            Key);

    [Fact]
    public Task No_fix_when_the_recreate_has_no_exclusive_form() =>
        Fix.VerifyNoFixAsync(
            """
            using System.IO;

            class C
            {
                void Take(string lockFile)
                {
                    [|File.Delete(lockFile)|];
                    File.WriteAllBytes(lockFile, new byte[] { 1 });
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_member_has_no_clear_failure_value() =>
        Fix.VerifyNoFixAsync(
            """
            using System.IO;

            class C
            {
                FileStream Take(string lockFile)
                {
                    [|File.Delete(lockFile)|];
                    return new FileStream(lockFile, FileMode.CreateNew);
                }
            }
            """);

    [Fact]
    public Task No_fix_without_the_runtime() =>
        Fix.VerifyNoFixAsync(
            """
            using System.IO;

            class C
            {
                void Take(string lockFile)
                {
                    [|File.Delete(lockFile)|];
                    using var s = new FileStream(lockFile, FileMode.CreateNew);
                }
            }
            """,
            withRuntime: false);

    private const string Seed004Source = """
        using System;
        using System.IO;
        using System.Threading;

        static class FleetRestartLock
        {
            public static RestartGuard Acquire(string lockPath, int pollMs, Func<bool> isStale)
            {
                var token = Guid.NewGuid().ToString("N");
                while (true)
                {
                    try
                    {
                        using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                        using (var writer = new StreamWriter(stream))
                        {
                            writer.Write(token);
                        }

                        return new RestartGuard(lockPath, token);
                    }
                    catch (IOException)
                    {
                        // A restart is already in flight, or its lock was left behind.
                        if (isStale())
                        {
                            Console.Error.WriteLine("Breaking stale fleet restart lock and proceeding.");
                            {|#0:File.Delete(lockPath)|};
                            File.WriteAllText(lockPath, token); // the new owner's record
                            return new RestartGuard(lockPath, token);
                        }
                    }

                    Thread.Sleep(pollMs);
                }
            }
        }

        sealed class RestartGuard
        {
            public RestartGuard(string lockPath, string token) { LockPath = lockPath; Token = token; }
            public string LockPath { get; }
            public string Token { get; }
        }
        """;

    private const string Seed004Fixed = """
        using System;
        using System.IO;
        using System.Threading;
        using LockAnalyzers.Runtime;

        static class FleetRestartLock
        {
            public static RestartGuard Acquire(string lockPath, int pollMs, Func<bool> isStale)
            {
                var token = Guid.NewGuid().ToString("N");
                while (true)
                {
                    try
                    {
                        using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                        using (var writer = new StreamWriter(stream))
                        {
                            writer.Write(token);
                        }

                        return new RestartGuard(lockPath, token);
                    }
                    catch (IOException)
                    {
                        // A restart is already in flight, or its lock was left behind.
                        if (isStale())
                        {
                            Console.Error.WriteLine("Breaking stale fleet restart lock and proceeding.");
                            if (LockSteal.TryRetire(lockPath))
                            {
                                try
                                {
                                    using (var lockWriter = new StreamWriter(new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read)))
                                    {
                                        lockWriter.Write(token);
                                    } // the new owner's record
                                    return new RestartGuard(lockPath, token);
                                }
                                catch (IOException) when (File.Exists(lockPath))
                                {
                                    // Another contender created the lock between the retire and this create: it owns the lock.
                                }
                            }
                        }
                    }

                    Thread.Sleep(pollMs);
                }
            }
        }

        sealed class RestartGuard
        {
            public RestartGuard(string lockPath, string token) { LockPath = lockPath; Token = token; }
            public string LockPath { get; }
            public string Token { get; }
        }
        """;

    /// <summary>
    /// Seed 004: delete, WriteAllText, return inside the stale branch of a catch in a loop. The rest of the branch goes
    /// under the retire (a lost retire falls through to the loop's sleep, where the member waits when the lock is not
    /// stale) and the WriteAllText becomes an exclusive write; comments stay.
    /// </summary>
    [Fact]
    public Task Seed004_delete_then_WriteAllText_then_return_is_guarded_by_TryRetire() =>
        Fix.VerifyFixAsync(Seed004Source, Seed004Fixed, Key, withRuntime: true, Fix.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Seed004_shape_FixAll_fixes_both_breakers_in_the_document() =>
        Fix.VerifyFixAsync(
            Seed004Source.Replace("sealed class RestartGuard", "static class Second\n{\n    public static bool Take(string otherLock)\n    {\n        if (File.Exists(otherLock))\n        {\n            {|#1:File.Delete(otherLock)|};\n            File.WriteAllText(otherLock, \"me\");\n            return true;\n        }\n\n        return false;\n    }\n}\n\nsealed class RestartGuard"),
            Seed004Fixed.Replace("sealed class RestartGuard", "static class Second\n{\n    public static bool Take(string otherLock)\n    {\n        if (File.Exists(otherLock))\n        {\n            if (LockSteal.TryRetire(otherLock))\n            {\n                try\n                {\n                    using (var writer = new StreamWriter(new FileStream(otherLock, FileMode.CreateNew, FileAccess.Write, FileShare.Read)))\n                    {\n                        writer.Write(\"me\");\n                    }\n                    return true;\n                }\n                catch (IOException) when (File.Exists(otherLock))\n                {\n                    // Another contender created the lock between the retire and this create: it owns the lock.\n                }\n            }\n        }\n\n        return false;\n    }\n}\n\nsealed class RestartGuard"),
            Key,
            withRuntime: true,
            Fix.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"),
            Fix.Diagnostic("LCK003").WithLocation(1).WithArguments("otherLock"));

    /// <summary>
    /// The guarded branch's new lines (the gate, the try around the exclusive create, the catch) take the file's
    /// indentation step and line ending, in a type nested two levels deep. The gate's parentheses are tokens with
    /// elastic trivia, so the formatter lays out its opening brace, with four spaces a level.
    /// </summary>
    [Theory]
    [InlineData(SourceLayout.FourSpaces)]
    [InlineData(SourceLayout.Tabs)]
    [InlineData(SourceLayout.TwoSpaces)]
    [InlineData(SourceLayout.Crlf)]
    public Task Guarded_branch_follows_the_file_layout(SourceLayout layout) =>
        Fix.VerifyFixAsync(
            """
            using System.IO;

            namespace Fleet
            {
                static class Locks
                {
                    static class Breaker
                    {
                        public static bool Take(string lockPath)
                        {
                            if (File.Exists(lockPath))
                            {
                                [|File.Delete(lockPath)|];
                                using (var stream = new FileStream(lockPath, FileMode.Create))
                                {
                                    stream.WriteByte(1);
                                }
                                return true;
                            }

                            return false;
                        }
                    }
                }
            }
            """.In(layout),
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            namespace Fleet
            {
                static class Locks
                {
                    static class Breaker
                    {
                        public static bool Take(string lockPath)
                        {
                            if (File.Exists(lockPath))
                            {
                                if (LockSteal.TryRetire(lockPath))
                                {
                                    try
                                    {
                                        using (var stream = new FileStream(lockPath, FileMode.CreateNew))
                                        {
                                            stream.WriteByte(1);
                                        }
                                        return true;
                                    }
                                    catch (IOException) when (File.Exists(lockPath))
                                    {
                                        // Another contender created the lock between the retire and this create: it owns the lock.
                                    }
                                }
                            }

                            return false;
                        }
                    }
                }
            }
            """.In(layout).WithFormatterIndentedLineAfter(layout, "if (LockSteal.TryRetire(lockPath))", levels: 5),
            Key);

    /// <summary>A jump out of the branch between the delete and its return leaves the fall-through path: the old gate applies.</summary>
    [Fact]
    public Task Branch_with_a_break_before_its_return_keeps_the_continue_gate() =>
        Fix.VerifyFixAsync(
            """
            using System.IO;

            class C
            {
                bool Take(string lockFile, bool quick)
                {
                    while (true)
                    {
                        if (File.Exists(lockFile))
                        {
                            [|File.Delete(lockFile)|];
                            if (quick) break;
                            new FileStream(lockFile, FileMode.Create).Dispose();
                            return true;
                        }
                    }

                    return false;
                }
            }
            """,
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                bool Take(string lockFile, bool quick)
                {
                    while (true)
                    {
                        if (File.Exists(lockFile))
                        {
                            if (!LockSteal.TryRetire(lockFile))
                            {
                                continue;
                            }
                            if (quick) break;
                            new FileStream(lockFile, FileMode.CreateNew).Dispose();
                            return true;
                        }
                    }

                    return false;
                }
            }
            """,
            Key);

    [Fact]
    public Task No_fix_when_WriteAllText_is_not_a_statement() =>
        Fix.VerifyNoFixAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task<bool> Take(string lockFile)
                {
                    if (File.Exists(lockFile))
                    {
                        [|File.Delete(lockFile)|];
                        await File.WriteAllTextAsync(lockFile, "me");
                        return true;
                    }

                    return false;
                }
            }
            """);
}
