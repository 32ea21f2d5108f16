using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK003.LCK003DeleteThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK003;

/// <summary>Delete-then-create where the delete, the create or both sit in a wrapper class in another file.</summary>
public class LCK003ThroughHelperTests
{
    private const string LockIo = """
        using System;
        using System.IO;

        public class LockIO
        {
            public bool LockExists(string path) => File.Exists(path);
            public DateTime LockTime(string path) => File.GetLastWriteTimeUtc(path);
            public void WriteLock(string path, string content) => File.WriteAllText(path, content);
            public void DeleteLock(string path) => {|#1:File.Delete(path)|};
        }
        """;

    [Fact]
    public Task Stale_break_through_a_wrapper_is_reported_at_the_call() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", LockIo),
                ("LockManager.cs", """
                using System;

                public class LockManager
                {
                    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);
                    private readonly LockIO lockIo = new LockIO();
                    private string LockFilePath { get; } = "/tmp/app.lock";

                    public bool TryAcquireLock()
                    {
                        if (lockIo.LockExists(LockFilePath))
                        {
                            if (DateTime.UtcNow - lockIo.LockTime(LockFilePath) < StaleAfter)
                            {
                                return false;
                            }

                            {|#0:lockIo.DeleteLock(LockFilePath)|};
                        }

                        lockIo.WriteLock(LockFilePath, Environment.ProcessId.ToString());
                        return true;
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK003").WithLocation(0).WithLocation(1).WithArguments("LockFilePath' through 'LockIO.DeleteLock \u2192 File.Delete"));

    [Fact]
    public Task System_IO_Abstractions_delete_then_create() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileLock.cs", """
                using System;
                using System.IO.Abstractions;

                public sealed class FileLock
                {
                    private readonly IFileSystem _fileSystem;
                    private readonly string _path;

                    public FileLock(IFileSystem fileSystem, string path)
                    {
                        _fileSystem = fileSystem;
                        _path = path;
                    }

                    public void Take()
                    {
                        if (_fileSystem.File.Exists(_path) && DateTime.UtcNow - _fileSystem.File.GetLastWriteTimeUtc(_path) > TimeSpan.FromMinutes(1))
                        {
                            {|#0:_fileSystem.File.Delete(_path)|};
                        }

                        _fileSystem.File.WriteAllText(_path, "owner");
                    }
                }
                """),
            },
            withAbstractions: true,
            Verify.Diagnostic("LCK003").WithLocation(0).WithLocation(0).WithArguments("_path' through 'IFile.Delete"));

    [Fact]
    public Task Release_through_a_wrapper_after_the_create_is_not_a_break() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", LockIo.Replace("{|#1:", string.Empty).Replace("|};", ";")),
                ("Job.cs", """
                public class Job
                {
                    private readonly LockIO lockIo = new LockIO();

                    public void Run(string lockPath)
                    {
                        lockIo.WriteLock(lockPath, "1");
                        try
                        {
                            Work();
                        }
                        finally
                        {
                            lockIo.DeleteLock(lockPath);
                        }
                    }

                    public void RunTwice(string lockPath)
                    {
                        lockIo.WriteLock(lockPath, "1");
                        Work();
                        lockIo.DeleteLock(lockPath);
                    }

                    private static void Work() { }
                }
                """),
            });

    [Fact]
    public Task Cache_wrapper_delete_then_write_is_not_a_lock() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("CacheIO.cs", """
                using System.IO;

                public static class CacheIO
                {
                    public static void Remove(string path) => File.Delete(path);
                    public static void Put(string path, string value) => File.WriteAllText(path, value);
                }
                """),
                ("Cache.cs", """
                public class Cache
                {
                    public void Refresh(string entryPath, string value)
                    {
                        CacheIO.Remove(entryPath);
                        CacheIO.Put(entryPath, value);
                    }
                }
                """),
            });
}
