using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK006;

/// <summary>False positives found while building LCK006, each kept so it stays fixed; plus the seed shapes.</summary>
public class LCK006RegressionTests
{
    [Fact]
    public Task Heartbeat_that_throws_when_the_lock_is_gone_then_rewrites_it_is_not_a_check_then_create() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Heartbeat
            {
                public void Beat(string lockPath)
                {
                    if (!File.Exists(lockPath))
                        throw new InvalidOperationException("lock lost");

                    File.WriteAllText(lockPath, DateTime.UtcNow.ToString("o"));
                }
            }
            """);

    [Fact]
    public Task Check_then_create_under_a_named_mutex_is_serialized() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using System.Threading;

            class Registry
            {
                public bool TryAcquire(string lockPath, string token)
                {
                    using var mutex = new Mutex(false, "Global\\fleet-restart");
                    mutex.WaitOne();
                    try
                    {
                        if (File.Exists(lockPath)) return false;
                        File.WriteAllText(lockPath, token);
                        return true;
                    }
                    finally
                    {
                        mutex.ReleaseMutex();
                    }
                }
            }
            """);

    [Fact]
    public Task Seed_004_fixed_shape_transition_under_a_registry_mutex_file_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";

                private FileStream AcquireRestartMutex() =>
                    new FileStream(_lockPath + ".mutex", FileMode.CreateNew, FileAccess.Write, FileShare.None);

                public bool TryAcquire(string token)
                {
                    using (AcquireRestartMutex())
                    {
                        if (!File.Exists(_lockPath))
                        {
                            File.WriteAllText(_lockPath, token);
                            return true;
                        }

                        return false;
                    }
                }

                public bool TryAcquireWithGuardFile(string token)
                {
                    using var guard = new FileStream(_lockPath + ".mutex", FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
                    if (File.Exists(_lockPath)) return false;
                    File.WriteAllText(_lockPath, token);
                    return true;
                }
            }
            """);

    [Fact]
    public Task Seed_004_original_shape_check_then_write_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            class RestartLock
            {
                private const int PollMs = 250;

                public void AcquireRestartLock(string home)
                {
                    var lockPath = Path.Combine(home, "fleet", "restart.lock");
                    var token = Guid.NewGuid().ToString();
                    while (true)
                    {
                        if (!File.Exists(lockPath))
                        {
                            {|#0:File.WriteAllText(lockPath, $"{Environment.ProcessId}\n{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n{token}\n")|};
                            return;
                        }

                        Thread.Sleep(PollMs);
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Existence_test_of_another_path_does_not_guard_the_create() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Take(string lockPath, string markerPath)
                {
                    if (File.Exists(markerPath)) return;
                    File.WriteAllText(lockPath, "1");
                }
            }
            """);

    [Fact]
    public Task Overwrite_when_the_lock_exists_in_a_conditional_expression_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public bool Touch(string lockPath) =>
                    File.Exists(lockPath) ? Write(lockPath) : false;

                private static bool Write(string path) { File.WriteAllText(path, "1"); return true; }
            }
            """);

    [Fact]
    public Task Wait_loop_with_break_does_not_prove_the_file_is_missing() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using System.Threading;

            class Job
            {
                public void Run(string lockPath, int attempts)
                {
                    while (File.Exists(lockPath))
                    {
                        if (--attempts == 0) break;
                        Thread.Sleep(100);
                    }

                    File.WriteAllText(lockPath, "1");
                }
            }
            """);

    [Fact]
    public Task Open_existing_file_is_not_a_create() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Update(string lockPath)
                {
                    if (!File.Exists(lockPath)) return;
                    using var stream = new FileStream(lockPath, FileMode.Open, FileAccess.Write);
                    if (File.Exists(lockPath)) return;
                    using var truncated = File.Open(lockPath, FileMode.Truncate);
                }
            }
            """);

    [Fact]
    public Task Later_rewrites_of_the_lock_just_created_are_reported_once_at_the_first_create() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public bool Run(string lockPath, Action work)
                {
                    if (File.Exists(lockPath)) return false;
                    {|#0:File.WriteAllText(lockPath, "starting")|};
                    work();
                    File.WriteAllText(lockPath, "done");
                    return true;
                }

                public void Start(string pidFile)
                {
                    if (!File.Exists(pidFile))
                    {
                        {|#1:File.WriteAllText(pidFile, "1")|};
                        File.AppendAllText(pidFile, "\nready");
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("lockPath"),
            Verify.Diagnostic("LCK006").WithLocation(1).WithArguments("pidFile"));

    /// <summary>
    /// Regression (aegif/CmisSync, FolderLock's constructor): the existence test only makes sure an empty file is there
    /// for the <c>FileShare.None</c> open kept in a field two lines later; that handle is the lock.
    /// </summary>
    [Fact]
    public Task Empty_file_ensured_before_a_FileShare_None_handle_kept_in_a_field_is_not_the_acquisition() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            namespace CmisSync.Lib
            {
                public class FolderLock : IDisposable
                {
                    private static readonly string FILENAME = "lock";

                    private string lockFilePath;
                    private FileStream lockFile;

                    public FolderLock(string folderPath)
                    {
                        try
                        {
                            // Create lock file.
                            Console.WriteLine("Creating folder lock file: " + folderPath);
                            lockFilePath = Path.Combine(folderPath, FILENAME);
                            if (!File.Exists(lockFilePath))
                            {
                                File.WriteAllLines(lockFilePath, new string[0]);
                            }
                            File.SetAttributes(lockFilePath, File.GetAttributes(lockFilePath) | FileAttributes.Hidden | FileAttributes.System);
                            lockFile = File.Open(lockFilePath, FileMode.Open, FileAccess.Read, FileShare.None);
                        }
                        catch (Exception e)
                        {
                            Console.Error.WriteLine("Could not create folder lock: " + lockFilePath + " " + e);
                        }
                    }

                    public void Dispose()
                    {
                        lockFile?.Close();
                    }
                }
            }
            """);

    /// <summary>
    /// The same constructor keeping a handle that shares reads: it excludes nobody, so the check-then-create is the
    /// acquisition and two folder locks can both pass it.
    /// </summary>
    [Fact]
    public Task Check_then_create_before_a_shared_handle_kept_in_a_field_is_still_reported() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            public class FolderLock : IDisposable
            {
                private string lockFilePath;
                private FileStream lockFile;

                public FolderLock(string folderPath)
                {
                    lockFilePath = Path.Combine(folderPath, "lock");
                    if (!File.Exists(lockFilePath))
                    {
                        {|#0:File.WriteAllLines(lockFilePath, new string[0])|};
                    }
                    lockFile = File.Open(lockFilePath, FileMode.Open, FileAccess.Read, FileShare.Read);
                }

                public void Dispose()
                {
                    lockFile?.Close();
                }
            }
            """,
            Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("lockFilePath"));
}
