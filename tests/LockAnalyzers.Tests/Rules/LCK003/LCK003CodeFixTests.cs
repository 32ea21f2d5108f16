using LockAnalyzers.CodeFixes.Rules;
using Fix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK003DeleteThenCreateAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK003DeleteThenCreateCodeFixProvider>;

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
                            if (!LockSteal.TryRetire(lockPath))
                            {
                                continue;
                            }
                            return new FileStream(lockPath, FileMode.CreateNew);
                        }

                        Thread.Sleep(100);
                    }

                    throw new TimeoutException();
                }
            }
            """,
            Key);

    [Fact]
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
                        if (!LockSteal.TryRetire(lockFile))
                        {
                            return false;
                        }
                        new FileStream(lockFile, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None).Dispose();
                        return true;
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
                    File.WriteAllText(lockFile, "me");
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
}
