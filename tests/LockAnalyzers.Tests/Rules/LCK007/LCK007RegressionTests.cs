using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK007;

/// <summary>False positives found while building LCK007, each kept so it stays fixed; plus the seed shapes.</summary>
public class LCK007RegressionTests
{
    [Fact]
    public Task Stale_break_in_the_catch_of_a_failed_exclusive_create_is_not_a_release_after_closing_its_handle() =>
        // Found by the seed 002/004 end-to-end tests: the using over the lock's stream "ended" before the delete only
        // because the create threw; no handle of ours was ever open. LCK002/LCK003 own this shape.
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            sealed class TeamLock
            {
                public void Acquire(string lockPath)
                {
                    while (true)
                    {
                        try
                        {
                            using (new FileStream(lockPath, FileMode.CreateNew)) { }
                            return;
                        }
                        catch (IOException)
                        {
                            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromSeconds(30))
                            {
                                File.Delete(lockPath);
                                continue;
                            }
                        }

                        Thread.Sleep(100);
                    }
                }
            }
            """);

    [Fact]
    public Task Seed_004_original_release_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            sealed class RestartGuard
            {
                private readonly string _lockPath;

                public RestartGuard(string lockPath) => _lockPath = lockPath;

                public void Release()
                {
                    try
                    {
                        {|#0:File.Delete(_lockPath)|};
                    }
                    catch (IOException)
                    {
                        // Raced away: nothing more to do.
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("_lockPath", "on release"));

    [Fact]
    public Task Seed_004_fixed_token_gated_release_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            sealed class RestartGuard
            {
                private readonly string _lockPath;
                private readonly string _token;

                public RestartGuard(string lockPath, string token) => (_lockPath, _token) = (lockPath, token);

                private string? ReadRestartLockToken()
                {
                    try
                    {
                        var lines = File.ReadAllLines(_lockPath);
                        return lines.Length > 2 ? lines[2].Trim() : null;
                    }
                    catch (FileNotFoundException)
                    {
                        return null;
                    }
                }

                public void Release()
                {
                    // Ownership-safe: only remove the lock if it is still ours.
                    if (ReadRestartLockToken() != _token)
                    {
                        return;
                    }

                    try { File.Delete(_lockPath); } catch (IOException) { }
                }
            }
            """);

    [Fact]
    public Task Seed_001_shutdown_that_deletes_after_closing_the_flock_handle_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            sealed class Daemon : IDisposable
            {
                private readonly string _lockPath = Path.Combine("/home/u/.aileron", "daemon.lock");
                private readonly FileStream _lockHandle;

                public Daemon() =>
                    _lockHandle = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

                public void Dispose()
                {
                    _lockHandle.Close();
                    {|#0:File.Delete(_lockPath)|};
                }
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("_lockPath", "after closing its handle"));

    [Fact]
    public Task Identity_check_by_creation_time_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            sealed class Daemon : IDisposable
            {
                private readonly string _lockPath = "daemon.lock";
                private DateTime _createdUtc;

                public void Dispose()
                {
                    if (File.GetCreationTimeUtc(_lockPath) == _createdUtc)
                    {
                        File.Delete(_lockPath);
                    }
                }
            }
            """);

    [Fact]
    public Task Exists_check_alone_is_not_an_ownership_check() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            sealed class Lock
            {
                private readonly string _lockPath = "app.lock";
                private bool _held;

                public void Release()
                {
                    if (_held && File.Exists(_lockPath) == true)
                    {
                        {|#0:File.Delete(_lockPath)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("_lockPath", "on release"));

    [Fact]
    public Task Reading_after_the_delete_does_not_count_as_a_check() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            sealed class Lock
            {
                private readonly string _lockPath = "app.lock";
                private readonly string _token = "t";

                public bool Release()
                {
                    {|#0:File.Delete(_lockPath)|};
                    return File.Exists(_lockPath) && File.ReadAllText(_lockPath) == _token;
                }
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("_lockPath", "on release"));

    [Fact]
    public Task Delete_while_the_using_handle_is_still_open_is_not_close_then_delete() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public void Run(string lockPath, Action work)
                {
                    using var handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    work();
                    File.Delete(lockPath);
                }
            }
            """);

    [Fact]
    public Task Closing_an_unrelated_stream_before_deleting_is_not_close_then_delete() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Exporter
            {
                private readonly string _lockPath = "export.lock";
                private readonly Stream _output = new MemoryStream();

                public void Finish()
                {
                    _output.Dispose();
                    File.Delete(_lockPath);
                }
            }
            """);

    [Fact]
    public Task Lambda_inside_release_is_part_of_the_release() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            sealed class Lock
            {
                private readonly string _lockPath = "app.lock";

                public Task ReleaseAsync() => Task.Run(() => {|#0:File.Delete(_lockPath)|});
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("_lockPath", "on release"));

    [Theory]
    [InlineData("RemoveStaleLock")]
    [InlineData("DeleteExpiredLease")]
    [InlineData("ReleaseStaleLock")]
    [InlineData("CloseAbandonedLock")]
    public Task Breaking_a_stale_lock_is_not_a_release_of_ours(string name) =>
        Verify.VerifyAsync(
            $$"""
            using System.IO;

            class Breaker
            {
                private readonly string _lockPath = "app.lock";

                public void {{name}}() => File.Delete(_lockPath);
            }
            """);

    /// <summary>
    /// Regression (docs/seeds.md, seed 004): the steal <c>File.Delete</c> in the stale branch of the catch of a failed
    /// exclusive create (writer over a stream, then delete + WriteAllText + return) was reported as a release. It is a
    /// stale break (LCK003's shape), not a release; checked on the seed's exact shape.
    /// </summary>
    [Fact]
    public Task Seed_004_steal_delete_in_the_stale_branch_of_the_create_catch_is_not_a_release() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            public static class FleetRestartLock
            {
                public static string Acquire(string lockPath, Func<bool> isStale)
                {
                    var token = Guid.NewGuid().ToString("N");
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while (true)
                    {
                        try
                        {
                            using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                            using (var writer = new StreamWriter(stream))
                            {
                                writer.Write(token);
                            }

                            return token;
                        }
                        catch (IOException)
                        {
                            var stale = isStale();
                            var timedOut = DateTime.UtcNow >= deadline;
                            if (stale || timedOut)
                            {
                                Console.Error.WriteLine("Breaking stale fleet restart lock and proceeding.");
                                File.Delete(lockPath);
                                File.WriteAllText(lockPath, token);
                                return token;
                            }
                        }

                        Thread.Sleep(100);
                    }
                }
            }
            """);

    /// <summary>
    /// Regression (itlezy/TorrentUtils, LockManager.ReleaseLock): the delete runs only while <c>didILock</c> is true,
    /// and that field is set only inside the using of this instance's successful create; nothing else in the type
    /// deletes the lock.
    /// </summary>
    [Fact]
    public Task Release_guarded_by_a_flag_set_only_after_this_instance_created_the_lock_is_owned() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            namespace ILCommon
            {
                public class LockManager
                {
                    bool didILock = false;
                    private readonly string LockFile = ".lck"; 

                    public bool AcquireLock()
                    {
                        if (!File.Exists(LockFile))
                        {
                            try
                            {
                                using (File.Create(LockFile))
                                {
                                    didILock = true;
                                    return true;
                                }
                            }
                            catch
                            {
                            }
                        }

                        return false;
                    }

                    public void ReleaseLock()
                    {
                        if (didILock && File.Exists(LockFile))
                        {
                            try
                            {
                                File.Delete(LockFile);
                            }
                            catch
                            {
                            }
                        }
                    }
                }
            }
            """);

    /// <summary>
    /// The same lock manager setting the flag before the create: a create that fails because another process holds
    /// the lock still leaves the flag true, and the release then deletes that process's lock.
    /// </summary>
    [Fact]
    public Task Release_guarded_by_a_flag_set_before_the_create_is_still_reported() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            public class LockManager
            {
                bool didILock = false;
                private readonly string LockFile = ".lck";

                public bool AcquireLock()
                {
                    if (!File.Exists(LockFile))
                    {
                        didILock = true;
                        try
                        {
                            using (File.Create(LockFile))
                            {
                                return true;
                            }
                        }
                        catch
                        {
                        }
                    }

                    return false;
                }

                public void ReleaseLock()
                {
                    if (didILock && File.Exists(LockFile))
                    {
                        {|#0:File.Delete(LockFile)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("LockFile", "on release"));

    /// <summary>A flag set after the create, but the type also breaks the lock elsewhere: the flag no longer proves the file is ours.</summary>
    [Fact]
    public Task Release_guarded_by_a_flag_is_still_reported_when_another_member_deletes_the_lock() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            public class LockManager
            {
                bool didILock;
                private readonly string LockFile = ".lck";

                public bool AcquireLock()
                {
                    if (File.Exists(LockFile) && File.GetLastWriteTimeUtc(LockFile) < DateTime.UtcNow.AddMinutes(-5))
                    {
                        File.Delete(LockFile);
                    }

                    using (new FileStream(LockFile, FileMode.CreateNew))
                    {
                        didILock = true;
                        return true;
                    }
                }

                public void ReleaseLock()
                {
                    if (didILock)
                    {
                        {|#0:File.Delete(LockFile)|};
                        didILock = false;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("LockFile", "on release"));
}
