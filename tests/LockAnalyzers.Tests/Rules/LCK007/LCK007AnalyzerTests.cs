using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK007;

public class LCK007AnalyzerTests
{
    private const string OnRelease = "on release";
    private const string InFinally = "in a finally block after acquiring it";
    private const string AfterClosing = "after closing its handle";

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(string path, string where, int location = 0) =>
        Verify.Diagnostic("LCK007").WithLocation(location).WithArguments(path, where);

    [Fact]
    public Task Release_deleting_without_check_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly string _token = Guid.NewGuid().ToString();

                public void Acquire() => File.WriteAllText(_lockPath, _token);

                public void Release()
                {
                    if (File.Exists(_lockPath))
                    {
                        {|#0:File.Delete(_lockPath)|};
                    }
                }
            }
            """,
            Expected("_lockPath", OnRelease));

    [Theory]
    [InlineData("Unlock")]
    [InlineData("ReleaseLock")]
    [InlineData("Close")]
    [InlineData("Exit")]
    [InlineData("Free")]
    [InlineData("RemoveLock")]
    [InlineData("RemovePidFile")]
    public Task Release_named_members_are_flagged(string name) =>
        Verify.VerifyAsync(
            $$"""
            using System.IO;

            class Lock
            {
                private readonly string _lockPath = "app.lock";

                public void {{name}}()
                {
                    {|#0:File.Delete(_lockPath)|};
                }
            }
            """,
            Expected("_lockPath", OnRelease));

    [Fact]
    public Task Dispose_pattern_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            sealed class PidFile : IDisposable
            {
                private readonly string _path = "/run/app.pid";
                private bool _disposed;

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                private void Dispose(bool disposing)
                {
                    if (_disposed) return;
                    if (disposing)
                    {
                        {|#0:File.Delete(_path)|};
                    }

                    _disposed = true;
                }

                ~PidFile()
                {
                    {|#1:File.Delete(_path)|};
                }
            }
            """,
            Expected("_path", OnRelease, 0),
            Expected("_path", OnRelease, 1));

    [Fact]
    public Task DisposeAsync_and_FileInfo_Delete_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            sealed class Lease : IAsyncDisposable
            {
                private readonly FileInfo _leaseFile = new FileInfo("job.lease");

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    {|#0:_leaseFile.Delete()|};
                }
            }
            """,
            Expected("_leaseFile", OnRelease));

    [Fact]
    public Task Finally_after_acquisition_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public void RunExclusive(string lockPath, Action work)
                {
                    File.WriteAllText(lockPath, Environment.ProcessId.ToString());
                    try
                    {
                        work();
                    }
                    finally
                    {
                        {|#0:File.Delete(lockPath)|};
                    }
                }
            }
            """,
            Expected("lockPath", InFinally));

    [Fact]
    public Task Finally_after_an_acquire_call_is_flagged_in_async_code() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Job
            {
                private static Task AcquireAsync(string path) => Task.CompletedTask;

                public async Task RunAsync(string lockPath, Func<Task> work)
                {
                    await AcquireAsync(lockPath);
                    try
                    {
                        await work();
                    }
                    finally
                    {
                        {|#0:File.Delete(lockPath)|};
                    }
                }
            }
            """,
            Expected("lockPath", InFinally));

    [Fact]
    public Task Close_then_delete_of_a_handle_lock_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Daemon
            {
                private readonly string _path = "daemon.lock";
                private FileStream? _handle;

                public void Start() =>
                    _handle = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

                public void Stop()
                {
                    _handle?.Dispose();
                    {|#0:File.Delete(_path)|};
                }
            }
            """,
            Expected("_path", AfterClosing));

    [Fact]
    public Task Using_block_then_delete_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public void Run(string lockPath, Action work)
                {
                    using (var handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    {
                        work();
                    }

                    {|#0:File.Delete(lockPath)|};
                }
            }
            """,
            Expected("lockPath", AfterClosing));

    [Fact]
    public Task Token_compared_release_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly string _token = Guid.NewGuid().ToString();

                public void Release()
                {
                    string current;
                    try { current = File.ReadAllText(_lockPath); } catch (IOException) { return; }
                    if (current.Trim() != _token) return;
                    File.Delete(_lockPath);
                }

                public void Unlock()
                {
                    if (string.Equals(File.ReadAllText(_lockPath), _token, StringComparison.Ordinal))
                    {
                        File.Delete(_lockPath);
                    }
                }
            }
            """);

    [Fact]
    public Task Ownership_helper_one_call_deep_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly int _pid = Environment.ProcessId;

                private bool IsOwnedByUs() => File.ReadAllText(_lockPath) == _pid.ToString();

                private string ReadHolder() => File.ReadAllText(_lockPath).Trim();

                public void Release()
                {
                    if (IsOwnedByUs()) File.Delete(_lockPath);
                }

                public void Unlock()
                {
                    if (ReadHolder() == _pid.ToString()) File.Delete(_lockPath);
                }
            }
            """);

    [Fact]
    public Task Runtime_release_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            class Daemon
            {
                private readonly string _lockPath = "daemon.lock";
                private readonly string _token = "t";

                public void Release()
                {
                    if (!LockFile.Release(_lockPath, _token))
                    {
                        File.Delete(_lockPath + ".tmp.lock");
                    }
                }
            }
            """,
            withRuntime: true,
            editorConfig: null);

    [Fact]
    public Task DeleteOnClose_handle_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            sealed class Daemon : IDisposable
            {
                private readonly FileStream _lock = new FileStream(
                    "daemon.lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);

                public void Dispose() => _lock.Dispose();
            }
            """);

    [Fact]
    public Task Non_lock_paths_and_non_release_members_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Cache
            {
                private readonly string _cachePath = "cache.json";
                private readonly string _lockPath = "app.lock";

                public void Dispose() => File.Delete(_cachePath);

                public void Release(string tempFile)
                {
                    try { File.WriteAllText(tempFile, "x"); } finally { File.Delete(tempFile); }
                }

                public void Reset() => File.Delete(_lockPath);

                public void Cleanup(Action work)
                {
                    try { work(); } finally { File.Delete(_lockPath); }
                }
            }
            """);

    [Fact]
    public Task Unlock_word_inside_other_names_does_not_make_a_release() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Installer
            {
                private readonly string _lockPath = "setup.lock";

                public void Closure() { }

                public void Freeze() => File.Delete(_lockPath);

                public void Exiting2() { }
            }
            """);

    [Theory]
    [InlineData("File.Delete(")]
    [InlineData("File.Delete(_lockPath, missing);")]
    [InlineData("Undefined.Delete();")]
    [InlineData("File.Delete2(_lockPath);")]
    [InlineData("using (var h = new FileStream(_lockPath")]
    [InlineData("_handle?.Dispose(); File.Delete(")]
    [InlineData("if (File.ReadAllText(_lockPath) == ) File.Delete(_lockPath);")]
    [InlineData("try { File.WriteAllText(_lockPath, _token); } finally { File.Delete(")]
    public async Task Incomplete_code_as_typed_does_not_crash(string body)
    {
        var test = new Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckAnalyzer>.Test
        {
            TestCode = """
                using System.IO;

                class Daemon
                {
                    private readonly string _lockPath = "daemon.lock";
                    private readonly string _token = "t";
                    private FileStream _handle;

                    public void Release()
                    {
                        BODY
                    }
                }
                """.Replace("BODY", body),
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }
}
