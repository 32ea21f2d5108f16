using LockAnalyzers.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK003.LCK003DeleteThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK003;

public class LCK003AnalyzerTests
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
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Delete_then_create_in_straight_line_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Take(string lockFile)
                {
                    if (File.Exists(lockFile))
                    {
                        {|#0:File.Delete(lockFile)|};
                    }

                    File.WriteAllText(lockFile, "me");
                }
            }
            """,
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockFile"));

    [Fact]
    public Task Nested_ifs_and_and_condition_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                bool TryTake(string path)
                {
                    var lockPath = Path.Combine(path, "run.lock");
                    if (File.Exists(lockPath))
                    {
                        if (File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-5) && !Directory.Exists(path + "/busy"))
                        {
                            {|#0:File.Delete(lockPath)|};
                        }
                    }

                    using var stream = new FileStream(lockPath, FileMode.OpenOrCreate);
                    return true;
                }
            }
            """,
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task FileInfo_delete_and_create_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Take(string lockPath)
                {
                    var info = new FileInfo(lockPath);
                    if (info.Exists)
                    {
                        {|#0:info.Delete()|};
                    }

                    using (info.Create())
                    {
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Create_one_call_deep_reached_through_continue_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                private readonly string _lockPath = "/var/run/app.lock";

                async Task AcquireAsync()
                {
                    for (var attempt = 0; attempt < 100; attempt++)
                    {
                        if (TryCreate(_lockPath))
                        {
                            return;
                        }

                        if (DateTime.UtcNow - File.GetLastWriteTimeUtc(_lockPath) > TimeSpan.FromSeconds(30))
                        {
                            {|#0:File.Delete(_lockPath)|};
                            continue;
                        }

                        await Task.Delay(100);
                    }
                }

                bool TryCreate(string path)
                {
                    try
                    {
                        using var stream = new FileStream(path, FileMode.CreateNew);
                        return true;
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("_lockPath"));

    [Fact]
    public Task Async_lambda_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                Task Run(string pidFile) => Task.Run(async () =>
                {
                    while (true)
                    {
                        if (File.Exists(pidFile) && File.GetLastWriteTimeUtc(pidFile) < DateTime.UtcNow.AddSeconds(-30))
                        {
                            {|#0:File.Delete(pidFile)|};
                        }

                        try
                        {
                            await File.WriteAllTextAsync(pidFile, "1");
                            return;
                        }
                        catch (IOException)
                        {
                            await Task.Delay(10);
                        }
                    }
                });
            }
            """,
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("pidFile"));

    [Fact]
    public Task Release_in_finally_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Work(string lockPath)
                {
                    while (true)
                    {
                        using (new FileStream(lockPath, FileMode.CreateNew))
                        {
                        }

                        try
                        {
                            System.Console.WriteLine("work");
                        }
                        finally
                        {
                            File.Delete(lockPath);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Release_then_reacquire_in_loop_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using System.Threading;

            class C
            {
                void Loop(string lockPath, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        using (var stream = new FileStream(lockPath, FileMode.CreateNew))
                        {
                            stream.WriteByte(1);
                        }

                        File.Delete(lockPath);
                        Thread.Sleep(1000);
                    }
                }
            }
            """);

    [Fact]
    public Task Temp_file_then_move_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Write(string lockPath)
                {
                    var staged = lockPath + ".new";
                    File.Delete(staged);
                    File.WriteAllText(staged, "owner");
                    File.Move(staged, lockPath, overwrite: false);
                }

                void WriteTmp(string lockPath)
                {
                    var tmpLock = lockPath + ".tmp";
                    File.Delete(tmpLock);
                    File.WriteAllText(tmpLock, "owner");
                }
            }
            """);

    [Fact]
    public Task Non_lock_output_delete_then_write_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Export(string outputPath, string report)
                {
                    File.Delete(outputPath);
                    File.WriteAllText(outputPath, report);
                }

                void ExportExclusive(string outputPath)
                {
                    File.Delete(outputPath);
                    using var stream = new FileStream(outputPath, FileMode.CreateNew);
                }
            }
            """);

    [Fact]
    public Task Delete_without_recreate_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Release(string lockPath)
                {
                    File.Delete(lockPath);
                }

                void DeleteOther(string lockPath, string otherLock)
                {
                    File.Delete(lockPath);
                    File.WriteAllText(otherLock, "x");
                }
            }
            """);

    [Fact]
    public Task Create_only_before_delete_without_loop_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                void Once(string lockPath)
                {
                    File.WriteAllText(lockPath, "me");
                    System.Console.WriteLine("work");
                    File.Delete(lockPath);
                }
            }
            """);
}
