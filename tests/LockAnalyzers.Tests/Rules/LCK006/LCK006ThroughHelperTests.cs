using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK006;

/// <summary>Check-then-create spread over a lock class, a wrapper class in another file, properties and abstractions.</summary>
public class LCK006ThroughHelperTests
{
    private const string LockIo = """
        using System.IO;

        public class LockIO
        {
            public bool LockExists(string path) => File.Exists(path);

            public void WriteLock(string path, string content)
            {
                {|#1:File.WriteAllText(path, content)|};
            }

            public void DeleteLock(string path) => File.Delete(path);
        }
        """;

    private static DiagnosticResult Expected(string path, string chain) =>
        Verify.Diagnostic("LCK006").WithLocation(0).WithLocation(1).WithArguments(path + "' through '" + chain);

    [Fact]
    public Task Wrapper_class_check_then_create_is_reported_at_the_call() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", LockIo),
                ("LockManager.cs", """
                using System;

                public class LockManager
                {
                    private readonly LockIO lockIo = new LockIO();
                    private string LockFilePath => "/tmp/app.lock";

                    public bool TryAcquireLock()
                    {
                        if (lockIo.LockExists(LockFilePath))
                        {
                            return false;
                        }

                        {|#0:lockIo.WriteLock(LockFilePath, Environment.ProcessId.ToString())|};
                        return true;
                    }
                }
                """),
            },
            Expected("LockFilePath", "LockIO.WriteLock \u2192 File.WriteAllText"));

    [Fact]
    public Task Static_helper_in_another_file_with_a_lock_named_type() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileSystemHelpers.cs", """
                using System.IO;

                static class FileSystemHelpers
                {
                    public static bool FileExists(string path) => File.Exists(path);

                    public static void WriteFile(string path, string text) => Write(path, text);

                    private static void Write(string path, string text) => {|#1:File.WriteAllText(path, text)|};
                }
                """),
                ("PidFile.cs", """
                using System;

                sealed class PidFile
                {
                    private readonly string _path;

                    public PidFile(string path) { _path = path; }

                    public bool Create()
                    {
                        if (!FileSystemHelpers.FileExists(_path))
                        {
                            {|#0:FileSystemHelpers.WriteFile(_path, Environment.ProcessId.ToString())|};
                            return true;
                        }

                        return false;
                    }
                }
                """),
            },
            Expected("_path", "FileSystemHelpers.WriteFile \u2192 FileSystemHelpers.Write \u2192 File.WriteAllText"));

    [Fact]
    public Task Property_test_then_direct_create_in_a_lock_class() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", """
                using System;
                using System.IO;

                public sealed class LockFile
                {
                    private readonly string _filePath;

                    public LockFile(string filePath) { _filePath = filePath; }

                    public bool IsLocked => File.Exists(_filePath);

                    public void Acquire()
                    {
                        if (IsLocked)
                        {
                            throw new InvalidOperationException("locked");
                        }

                        using var writer = {|#0:File.CreateText(_filePath)|};
                        writer.Write(Environment.ProcessId);
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("_filePath"));

    [Fact]
    public Task Interface_with_two_implementations_in_the_compilation() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("ILockStore.cs", """
                public interface ILockStore
                {
                    bool Exists(string path);
                    void Write(string path);
                }
                """),
                ("DiskLockStore.cs", """
                using System.IO;

                public sealed class DiskLockStore : ILockStore
                {
                    public bool Exists(string path) => File.Exists(path);
                    public void Write(string path) => {|#1:File.WriteAllText(path, "owner")|};
                }
                """),
                ("MemoryLockStore.cs", """
                using System.Collections.Generic;

                public sealed class MemoryLockStore : ILockStore
                {
                    private readonly HashSet<string> _held = new HashSet<string>();
                    public bool Exists(string path) => _held.Contains(path);
                    public void Write(string path) => _held.Add(path);
                }
                """),
                ("Job.cs", """
                public sealed class Job
                {
                    private readonly ILockStore _store;
                    public Job(ILockStore store) { _store = store; }

                    public bool Start(string lockPath)
                    {
                        if (_store.Exists(lockPath)) return false;
                        {|#0:_store.Write(lockPath)|};
                        return true;
                    }
                }
                """),
            },
            Expected("lockPath", "DiskLockStore.Write \u2192 File.WriteAllText"));

    [Fact]
    public Task Generic_partial_type_and_extension_method() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockExtensions.cs", """
                using System.IO;

                static class LockExtensions
                {
                    public static bool LockIsHeld(this string lockPath) => File.Exists(lockPath);
                    public static void TakeLock(this string lockPath) => {|#1:File.WriteAllText(lockPath, "1")|};
                }
                """),
                ("Guard.Part1.cs", """
                partial class Guard<T>
                {
                    private readonly string _lockPath = "/tmp/guard.lock";
                }
                """),
                ("Guard.Part2.cs", """
                partial class Guard<T>
                {
                    public bool Enter(T item)
                    {
                        if (!_lockPath.LockIsHeld())
                        {
                            {|#0:_lockPath.TakeLock()|};
                            return true;
                        }

                        return false;
                    }
                }
                """),
            },
            Expected("_lockPath", "LockExtensions.TakeLock \u2192 File.WriteAllText"));

    [Fact]
    public Task Exclusive_create_in_the_helper_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", """
                using System.IO;

                public class LockIO
                {
                    public bool LockExists(string path) => File.Exists(path);

                    public void WriteLock(string path)
                    {
                        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    }
                }
                """),
                ("LockManager.cs", """
                public class LockManager
                {
                    private readonly LockIO lockIo = new LockIO();

                    public bool TryAcquireLock(string lockFilePath)
                    {
                        if (lockIo.LockExists(lockFilePath)) return false;
                        lockIo.WriteLock(lockFilePath);
                        return true;
                    }
                }
                """),
            });

    [Fact]
    public Task Cache_wrapper_is_not_a_lock() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("CacheIO.cs", """
                using System.IO;

                public class CacheIO
                {
                    public bool EntryExists(string path) => File.Exists(path);
                    public void WriteEntry(string path, string content) => File.WriteAllText(path, content);
                }
                """),
                ("Cache.cs", """
                public class Cache
                {
                    private readonly CacheIO io = new CacheIO();
                    private readonly string _entryPath = "/tmp/cache/entry.json";

                    public void Store(string content)
                    {
                        if (!io.EntryExists(_entryPath))
                        {
                            io.WriteEntry(_entryPath, content);
                        }
                    }
                }
                """),
            });

    [Fact]
    public Task Log_path_inside_a_lock_class_is_not_a_lock() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileLock.cs", """
                using System.IO;

                public sealed class FileLock
                {
                    private readonly string _logPath;
                    public FileLock(string logPath) { _logPath = logPath; }

                    private bool LogExists => File.Exists(_logPath);

                    public void Trace(string line)
                    {
                        if (!LogExists)
                        {
                            File.WriteAllText(_logPath, line);
                        }
                    }
                }
                """),
            });

    [Fact]
    public Task Helper_that_checks_and_creates_by_itself_is_reported_once_inside() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", """
                using System.IO;

                public static class LockIO
                {
                    public static bool WriteLock(string path)
                    {
                        if (File.Exists(path)) return false;
                        {|#0:File.WriteAllText(path, "1")|};
                        return true;
                    }
                }
                """),
                ("Daemon.cs", """
                public class Daemon
                {
                    public bool Start(string lockPath) => !System.IO.File.Exists(lockPath) && LockIO.WriteLock(lockPath);
                }
                """),
            },
            Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("path"));

    [Fact]
    public Task Recursive_helpers_and_a_deep_chain_do_not_hang() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Deep.cs", """
                using System.IO;

                static class Deep
                {
                    public static void L1(string p) => L2(p);
                    public static void L2(string p) => L3(p);
                    public static void L3(string p) => L4(p);
                    public static void L4(string p) => L5(p);
                    public static void L5(string p) => File.WriteAllText(p, "x");

                    public static void Ping(string p, int n) { if (n > 0) Pong(p, n - 1); }
                    public static void Pong(string p, int n) { if (n > 0) Ping(p, n - 1); }
                }
                """),
                ("Runner.cs", """
                using System.IO;

                class Runner
                {
                    public void Run(string lockPath)
                    {
                        // Beyond the depth limit: not followed.
                        if (!File.Exists(lockPath)) Deep.L1(lockPath);
                        if (!File.Exists(lockPath)) Deep.Ping(lockPath, 3);
                    }
                }
                """),
            });

    [Fact]
    public Task Code_that_does_not_compile_yet_gives_no_crash() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Broken.cs", """
                using System.IO;

                class LockThing
                {
                    private string _path;
                    bool Held => File.Exists(_path;
                    void Take() { if (!Held) Missing.Write(_path); Helper(_path }
                    void Helper(string p) => File.WriteAllText(p,
                }
                """),
            },
            DiagnosticResult.CompilerError("CS1026").WithLocation("Broken.cs", 6, 35),
            DiagnosticResult.CompilerError("CS0103").WithLocation("Broken.cs", 7, 30).WithArguments("Missing"),
            DiagnosticResult.CompilerError("CS1002").WithLocation("Broken.cs", 7, 65),
            DiagnosticResult.CompilerError("CS1026").WithLocation("Broken.cs", 7, 65),
            DiagnosticResult.CompilerError("CS1002").WithLocation("Broken.cs", 8, 50),
            DiagnosticResult.CompilerError("CS1026").WithLocation("Broken.cs", 8, 50),
            DiagnosticResult.CompilerError("CS1525").WithLocation("Broken.cs", 8, 50).WithArguments("}"));

    [Fact]
    public Task Bool_helper_named_for_the_lock_with_FileInfo_paths_in_both_helpers() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockHelper.cs", """
                using System;
                using System.IO;

                public static class LockHelper
                {
                    public static bool IsLocked(string lockFile, TimeSpan timeout)
                    {
                        var info = new FileInfo(lockFile);
                        if (!info.Exists)
                        {
                            return false;
                        }

                        return DateTime.UtcNow - info.LastWriteTimeUtc < timeout;
                    }

                    public static void WriteLock(string lockFile)
                    {
                        var info = new FileInfo(lockFile);
                        {|#1:File.WriteAllText(info.FullName, DateTime.UtcNow.Ticks.ToString())|};
                    }
                }
                """),
                ("BuildHelper.cs", """
                using System;
                using System.IO;

                public static class BuildHelper
                {
                    public static bool TryBuildWithLock(string dbPath)
                    {
                        var lockFile = new FileInfo(Path.Combine(dbPath, "build.lock"));
                        if (LockHelper.IsLocked(lockFile.FullName, TimeSpan.FromDays(2)))
                        {
                            return false;
                        }

                        {|#0:LockHelper.WriteLock(lockFile.FullName)|};
                        return true;
                    }
                }
                """),
            },
            Expected("lockFile.FullName", "LockHelper.WriteLock \u2192 File.WriteAllText"));

    [Fact]
    public Task Bool_helper_whose_name_says_nothing_is_not_a_test() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockHelper.cs", """
                using System.IO;

                public static class LockHelper
                {
                    public static bool Check(string lockFile)
                    {
                        if (!File.Exists(lockFile)) return false;
                        return File.ReadAllText(lockFile).Length > 0;
                    }

                    public static void WriteLock(string lockFile) => File.WriteAllText(lockFile, "1");
                }
                """),
                ("Job.cs", """
                public static class Job
                {
                    public static bool Run(string lockPath)
                    {
                        if (LockHelper.Check(lockPath)) return false;
                        LockHelper.WriteLock(lockPath);
                        return true;
                    }
                }
                """),
            });
}
