using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK009.LCK009HandleLockPathNotWatchedAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK009;

public class LCK009AnalyzerTests
{
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(string path, string field, int location = 0) =>
        Verify.Diagnostic("LCK009").WithLocation(location).WithArguments(path, field);

    [Fact]
    public Task Seed001_daemon_singleton_FileStream_in_a_field_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            sealed class AgentDaemonSingleton : IDisposable
            {
                private readonly string _stateDir;
                private FileStream? _lockHandle;

                public AgentDaemonSingleton(string stateDir) => _stateDir = stateDir;

                public string LockPath => Path.Combine(_stateDir, "daemon.lock");

                public bool TryStart()
                {
                    try
                    {
                        _lockHandle = {|#0:new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                    }
                    catch (IOException)
                    {
                        return false;
                    }

                    return true;
                }

                public void Dispose()
                {
                    _lockHandle?.Dispose();
                    File.Delete(LockPath);
                }
            }
            """,
            Expected("LockPath", "_lockHandle"));

    [Fact]
    public Task File_Open_and_File_OpenHandle_with_FileShare_None_kept_in_fields_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using Microsoft.Win32.SafeHandles;

            class Singletons
            {
                private static Stream s_pidLock;
                private SafeFileHandle _handle;

                public static void Lock() => s_pidLock = {|#0:File.Open("/run/app.pid", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};

                public void LockHandle(string lockPath)
                {
                    _handle = {|#1:File.OpenHandle(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                }
            }
            """,
            Expected("\"/run/app.pid\"", "s_pidLock"),
            Expected("lockPath", "_handle", 1));

    [Fact]
    public Task FileInfo_Open_target_typed_new_field_initializer_and_property_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Holder
            {
                private readonly FileStream _held = {|#0:new("service.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                private FileStream _other;

                public FileStream Lease { get; private set; }

                public void Take(FileInfo lockInfo)
                {
                    _other = {|#1:lockInfo.Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                    this.Lease = {|#2:new FileStream("worker.lease", FileMode.Create, FileAccess.Write, FileShare.None)|};
                }
            }
            """,
            Expected("\"service.lock\"", "_held"),
            Expected("lockInfo", "_other", 1),
            Expected("\"worker.lease\"", "Lease", 2));

    [Fact]
    public Task Short_lived_handles_in_a_using_or_a_local_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Tool
            {
                public void Run(string lockPath)
                {
                    using (var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    {
                        Work();
                    }

                    using var again = File.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    var local = File.OpenHandle(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    local.Dispose();
                }

                private static void Work() { }
            }
            """);

    [Fact]
    public Task Non_lock_paths_and_shared_handles_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Store
            {
                private FileStream _data;
                private FileStream _log;
                private FileStream _shared;

                public void Open(string dataPath, string lockPath, FileShare share)
                {
                    _data = new FileStream(dataPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    _log = new FileStream("app.log", FileMode.Append, FileAccess.Write, FileShare.None);
                    _shared = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
                    _shared = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
                    _shared = new FileStream(lockPath, FileMode.OpenOrCreate);
                }
            }
            """);

    [Fact]
    public Task A_type_that_watches_its_path_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            class Watched
            {
                private FileStream _lock;
                private LockPathWatch _watch;

                public void Start(string lockPath)
                {
                    _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    _watch = LockPathWatch.Start(_lock, lockPath);
                }
            }

            class ComparesInodes
            {
                private FileStream _lock;
                private ulong _inode;

                public void Start(string lockPath)
                {
                    _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    _inode = ReadInode(lockPath);
                }

                private static ulong ReadInode(string path) => 0;
            }

            class UsesAWatcher
            {
                private FileStream _lock;
                private FileSystemWatcher _watcher;

                public void Start(string lockPath)
                {
                    _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    _watcher = new FileSystemWatcher(Path.GetDirectoryName(lockPath)!);
                }
            }
            """,
            withRuntime: true,
            editorConfig: null);

    [Fact]
    public Task Another_objects_field_is_not_the_holders_own() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Box { public FileStream Lock; }

            class Filler
            {
                public void Fill(Box box, string lockPath)
                {
                    box.Lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
            }
            """);

    [Theory]
    [InlineData("_lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Nne);")]
    [InlineData("_lock = new FileStream(missing, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);")]
    [InlineData("_lock = new FileStrem(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);")]
    [InlineData("_lock = File.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, ")]
    [InlineData("_lock = new FileStream(")]
    [InlineData("_lock = new(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: );")]
    [InlineData("_lock = default(FileInfo).Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);")]
    [InlineData("_undeclared = File.OpenHandle(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);")]
    public async Task Incomplete_code_as_typed_does_not_crash(string body)
    {
        var test = new Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK009.LCK009HandleLockPathNotWatchedAnalyzer>.Test
        {
            TestCode = """
                using System.IO;

                class Daemon
                {
                    private FileStream _lock;

                    public void Acquire(string lockPath)
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
