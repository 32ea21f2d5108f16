using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK002.LCK002StaleByTimestampAloneAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK002;

public class LCK002AnalyzerTests
{
    [Fact]
    public Task Seed002_create_new_loop_with_age_check_and_delete_is_flagged() =>
        Verify.VerifyAsync(
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
                                {|#0:File.Delete(lockPath)|};
                                continue;
                            }
                        }

                        Thread.Sleep(50);
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Nested_ifs_and_and_conditions_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string dir)
                {
                    var lockFile = Path.Combine(dir, "build.lock");
                    if (File.Exists(lockFile))
                    {
                        if (File.Exists(dir) && File.GetLastWriteTimeUtc(lockFile) < DateTime.UtcNow - TimeSpan.FromMinutes(10))
                        {
                            {|#0:File.Delete(lockFile)|};
                        }
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockFile"));

    [Fact]
    public Task Early_exit_guard_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    if (DateTime.Now - File.GetLastWriteTime(lockPath) < TimeSpan.FromSeconds(30))
                    {
                        return;
                    }

                    {|#0:File.Move(lockPath, lockPath + ".old")|};
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task FileInfo_forms_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    var info = new FileInfo(lockPath);
                    if (info.Exists && info.LastWriteTimeUtc.AddSeconds(60) < DateTime.UtcNow)
                    {
                        {|#0:info.Delete()|};
                    }

                    if (DateTime.UtcNow - new FileInfo(lockPath).CreationTimeUtc > TimeSpan.FromHours(1))
                    {
                        {|#1:File.WriteAllText(lockPath, "mine")|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"),
            Verify.Diagnostic("LCK002").WithLocation(1).WithArguments("lockPath"));

    [Fact]
    public Task Helper_one_call_deep_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

                void Break(string lockPath)
                {
                    if (IsStale(lockPath))
                    {
                        {|#0:File.Delete(lockPath)|};
                    }

                    if (File.Exists(lockPath) && Age(lockPath) > StaleAfter)
                    {
                        using (var s = {|#1:new FileStream(lockPath, FileMode.Create)|})
                        {
                        }
                    }
                }

                bool IsStale(string path) => DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > StaleAfter;

                TimeSpan Age(string path)
                {
                    var written = File.GetLastWriteTimeUtc(path);
                    return DateTime.UtcNow - written;
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"),
            Verify.Diagnostic("LCK002").WithLocation(1).WithArguments("lockPath"));

    [Fact]
    public Task Async_member_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task BreakAsync(string leasePath)
                {
                    await Task.Yield();
                    bool stale = File.GetLastWriteTimeUtc(leasePath) < DateTime.UtcNow.AddMinutes(-1);
                    if (stale)
                    {
                        {|#0:File.Delete(leasePath)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("leasePath"));

    [Fact]
    public Task Acquisition_time_parsed_from_lock_content_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    var lines = File.ReadAllLines(lockPath);
                    var acquired = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(lines[1]));
                    if (DateTimeOffset.UtcNow - acquired > TimeSpan.FromSeconds(30))
                    {
                        {|#0:File.Delete(lockPath)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Log_retention_cleanup_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Clean(string logDir)
                {
                    foreach (var file in Directory.GetFiles(logDir, "*.log"))
                    {
                        if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > TimeSpan.FromDays(7))
                        {
                            File.Delete(file);
                        }
                    }

                    var archive = new FileInfo(Path.Combine(logDir, "archive.zip"));
                    if (archive.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-30))
                    {
                        archive.Delete();
                    }
                }
            }
            """);

    [Fact]
    public Task Break_gated_by_process_evidence_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromSeconds(30))
                    {
                        var pid = int.Parse(File.ReadAllText(lockPath));
                        try
                        {
                            Process.GetProcessById(pid);
                            return;
                        }
                        catch (ArgumentException)
                        {
                        }

                        File.Delete(lockPath);
                    }
                }
            }
            """);

    [Fact]
    public Task Break_gated_by_token_comparison_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Break(string lockPath, string expectedToken)
                {
                    var content = File.ReadAllText(lockPath);
                    if (content == expectedToken && File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-1))
                    {
                        File.Delete(lockPath);
                    }
                }
            }
            """);

    [Fact]
    public Task Break_gated_by_helper_with_owner_evidence_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void Break(string lockPath)
                {
                    if (File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-1) && !OwnerAlive(lockPath))
                    {
                        File.Delete(lockPath);
                    }
                }

                bool OwnerAlive(string lockPath)
                {
                    var pid = int.Parse(File.ReadAllText(lockPath));
                    return Process.GetProcesses().Length > pid;
                }
            }
            """);

    [Fact]
    public Task Delete_not_controlled_by_age_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Release(string lockPath)
                {
                    var written = File.GetLastWriteTimeUtc(lockPath);
                    Console.WriteLine(written);
                    File.Delete(lockPath);
                }

                void Other(string lockPath, DateTime deadline)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        File.Delete(lockPath);
                    }
                }
            }
            """);

    /// <summary>
    /// Overwrites named only by a writer type, <c>CreateText</c>, <c>Open</c> or a target-typed <c>new</c>: the member holds none of the delete, move or
    /// WriteAll names, which the rule's word filter once required, so these steals went unseen (found while moving the
    /// rules to one callback per tree).
    /// </summary>
    [Fact]
    public Task Overwrites_named_by_StreamWriter_CreateText_Open_or_target_typed_new_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Taker
            {
                static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

                bool ByWriter(string lockPath)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > Stale)
                    {
                        using (var writer = {|#0:new StreamWriter(lockPath)|})
                        {
                            writer.Write(Environment.ProcessId);
                        }

                        return true;
                    }

                    return false;
                }

                bool ByCreateText(string lockPath)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > Stale)
                    {
                        using var writer = {|#1:File.CreateText(lockPath)|};
                        writer.Write(Environment.ProcessId);
                        return true;
                    }

                    return false;
                }

                bool ByOpen(string lockPath)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > Stale)
                    {
                        using var stream = {|#2:File.Open(lockPath, FileMode.Truncate)|};
                        return true;
                    }

                    return false;
                }

                bool ByTargetTypedNew(string lockPath)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > Stale)
                    {
                        using FileStream stream = {|#3:new(lockPath, FileMode.Create)|};
                        return true;
                    }

                    return false;
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"),
            Verify.Diagnostic("LCK002").WithLocation(1).WithArguments("lockPath"),
            Verify.Diagnostic("LCK002").WithLocation(2).WithArguments("lockPath"),
            Verify.Diagnostic("LCK002").WithLocation(3).WithArguments("lockPath"));
}
