using LockAnalyzers.CodeFixes.Rules;
using Fix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK002.LCK002StaleByTimestampAloneAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK002.LCK002StaleByTimestampAloneCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK002;

namespace LockAnalyzers.Tests.Rules.LCK002;

public class LCK002CodeFixTests
{
    private const string Key = LCK002StaleByTimestampAloneCodeFixProvider.TryBreakStaleKey;

    [Fact]
    public Task Seed002_loop_milliseconds_threshold_becomes_TryBreakStale() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            class TeamLock
            {
                const int StaleMs = 10_000;

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
                            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath);
                            if (age.TotalMilliseconds > StaleMs)
                            {
                                // the owner must have crashed
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
                const int StaleMs = 10_000;

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
                            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath);
                            if (LockSteal.TryBreakStale(lockPath, TimeSpan.FromMilliseconds(StaleMs)) == StealOutcome.Stolen)
                            {
                                // the owner must have crashed
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
    public Task TimeSpan_threshold_and_other_conjunct_are_kept() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

                bool Break(string lockPath)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > StaleAfter)
                    {
                        [|File.Delete(lockPath)|];
                        return true;
                    }

                    return false;
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

                bool Break(string lockPath)
                {
                    if (File.Exists(lockPath) && LockSteal.TryBreakStale(lockPath, StaleAfter) == StealOutcome.Stolen)
                    {
                        return true;
                    }

                    return false;
                }
            }
            """,
            Key);

    [Fact]
    public Task Lone_guarded_delete_becomes_a_TryBreakStale_call() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    // break abandoned locks
                    if (File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddSeconds(-30))
                    {
                        [|File.Delete(lockPath)|];
                    }
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                void Break(string lockPath)
                {
                    // break abandoned locks
                    LockSteal.TryBreakStale(lockPath, TimeSpan.FromSeconds(30));
                }
            }
            """,
            Key);

    [Fact]
    public Task FileInfo_AddSeconds_form_uses_FullName() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                int Break(string lockPath, int staleSeconds)
                {
                    var info = new FileInfo(lockPath);
                    if (info.LastWriteTimeUtc.AddSeconds(staleSeconds) < DateTime.UtcNow)
                    {
                        [|info.Delete()|];
                        return 1;
                    }

                    return 0;
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                int Break(string lockPath, int staleSeconds)
                {
                    var info = new FileInfo(lockPath);
                    if (LockSteal.TryBreakStale(info.FullName, TimeSpan.FromSeconds(staleSeconds)) == StealOutcome.Stolen)
                    {
                        return 1;
                    }

                    return 0;
                }
            }
            """,
            Key);

    // Nullable-enabled code (where `var info` is FileInfo?) gets the fix too: the type test ignores the annotation.
    [Fact]
    public Task Nullable_enabled_var_FileInfo_still_gets_the_fix() =>
        Fix.VerifyFixAsync(
            """
            #nullable enable
            using System;
            using System.IO;

            class C
            {
                int Break(string lockPath, int staleSeconds)
                {
                    var info = new FileInfo(lockPath);
                    if (info.LastWriteTimeUtc.AddSeconds(staleSeconds) < DateTime.UtcNow)
                    {
                        [|info.Delete()|];
                        return 1;
                    }

                    return 0;
                }
            }
            """,
            """
            #nullable enable
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                int Break(string lockPath, int staleSeconds)
                {
                    var info = new FileInfo(lockPath);
                    if (LockSteal.TryBreakStale(info.FullName, TimeSpan.FromSeconds(staleSeconds)) == StealOutcome.Stolen)
                    {
                        return 1;
                    }

                    return 0;
                }
            }
            """,
            Key);

    [Fact]
    public Task FixAll_fixes_every_stale_break_in_the_document() =>
        Fix.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void A(string lockPath)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) >= TimeSpan.FromSeconds(5))
                    {
                        [|File.Delete(lockPath)|];
                        Console.WriteLine("broke");
                    }
                }

                void B(string leasePath)
                {
                    if ((DateTime.Now - File.GetLastWriteTime(leasePath)).TotalSeconds > 60)
                    {
                        [|File.Delete(leasePath)|];
                        Console.WriteLine("broke");
                    }
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class C
            {
                void A(string lockPath)
                {
                    if (LockSteal.TryBreakStale(lockPath, TimeSpan.FromSeconds(5)) == StealOutcome.Stolen)
                    {
                        Console.WriteLine("broke");
                    }
                }

                void B(string leasePath)
                {
                    if (LockSteal.TryBreakStale(leasePath, TimeSpan.FromSeconds(60)) == StealOutcome.Stolen)
                    {
                        Console.WriteLine("broke");
                    }
                }
            }
            """,
            Key);

    [Fact]
    public Task No_fix_when_the_threshold_is_behind_a_helper() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    if (IsStale(lockPath))
                    {
                        [|File.Delete(lockPath)|];
                    }
                }

                bool IsStale(string path) => DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > TimeSpan.FromSeconds(30);
            }
            """);

    [Fact]
    public Task No_fix_for_creation_time_or_early_exit_guard() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void A(string lockPath)
                {
                    if (DateTime.UtcNow - File.GetCreationTimeUtc(lockPath) > TimeSpan.FromSeconds(30))
                    {
                        [|File.Delete(lockPath)|];
                    }
                }

                void B(string lockPath)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) < TimeSpan.FromSeconds(30))
                    {
                        return;
                    }

                    [|File.Delete(lockPath)|];
                }
            }
            """);

    [Fact]
    public Task No_fix_without_the_runtime() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void A(string lockPath)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromSeconds(30))
                    {
                        [|File.Delete(lockPath)|];
                    }
                }
            }
            """,
            withRuntime: false);

    /// <summary>
    /// A conjunct after the age test would be checked only once TryBreakStale had broken the lock; the original deleted
    /// only when it held too, so the threshold does not carry over exactly (found while checking the seed shapes).
    /// </summary>
    [Fact]
    public Task No_fix_when_a_condition_follows_the_age_test() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                bool Break(string lockPath, bool allowed)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromSeconds(30) && allowed)
                    {
                        [|File.Delete(lockPath)|];
                        return true;
                    }

                    return false;
                }
            }
            """);

    /// <summary>Seed 003: the age is a time parsed from the JSON record (read by ReadInfo()), not the file's last write.</summary>
    [Fact]
    public Task No_fix_for_seed003_content_time_from_a_record() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;
            using System.Text.Json;

            sealed class Info
            {
                public long AcquiredAtMs { get; set; }
                public long TtlMs { get; set; }
            }

            sealed class DatastoreFileLock
            {
                private readonly string _lockPath = "datastore.lock";

                public bool TryBreak()
                {
                    var existing = ReadInfo();
                    if (existing != null && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - existing.AcquiredAtMs > existing.TtlMs)
                    {
                        [|File.Delete(_lockPath)|];
                        return true;
                    }

                    return false;
                }

                private Info? ReadInfo() => JsonSerializer.Deserialize<Info>(File.ReadAllText(_lockPath));
            }
            """);

    /// <summary>Seed 004: stale comes from a content-time helper and is or-ed with a wait timeout.</summary>
    [Fact]
    public Task No_fix_for_seed004_content_time_helper_or_timeout() =>
        Fix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            static class FleetRestartLock
            {
                public static bool Take(string lockPath, int staleMs, DateTime deadline, string token)
                {
                    var stale = IsStale(lockPath, staleMs);
                    var timedOut = DateTime.UtcNow >= deadline;
                    if (stale || timedOut)
                    {
                        [|File.Delete(lockPath)|];
                        File.WriteAllText(lockPath, token);
                        return true;
                    }

                    return false;
                }

                private static bool IsStale(string lockPath, int staleMs)
                {
                    var lines = File.ReadAllLines(lockPath);
                    if (lines.Length < 2 || !long.TryParse(lines[1].Trim(), out var stamp))
                    {
                        return true;
                    }

                    return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - stamp >= staleMs;
                }
            }
            """);
}
