using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK009.LCK009HandleLockPathNotWatchedAnalyzer>;
using VerifyFix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<
    LockAnalyzers.Rules.LCK009.LCK009HandleLockPathNotWatchedAnalyzer,
    LockAnalyzers.CodeFixes.Rules.LCK009.LCK009HandleLockPathNotWatchedCodeFixProvider>;

namespace LockAnalyzers.Tests.Rules.LCK009;

/// <summary>Handle locks taken by a helper (a wrapper type's factory) and kept by the holder for its life.</summary>
public class LCK009ThroughHelperTests
{
    private const string WrapperType = """
        using System;
        using System.IO;

        internal sealed class LockFile : IDisposable
        {
            private readonly FileStream _fileStream;

            private LockFile(FileStream fileStream) => _fileStream = fileStream;

            public static LockFile? TryAcquire(string filePath)
            {
                try
                {
                    var fileStream = {|#1:File.Open(filePath, FileMode.Create, FileAccess.ReadWrite, FileShare.None)|};
                    return new LockFile(fileStream);
                }
                catch (IOException)
                {
                    return null;
                }
            }

            public void Dispose() => _fileStream.Dispose();
        }
        """;

    [Fact]
    public Task Handle_from_a_wrapper_factory_kept_in_a_field_is_reported_at_the_call() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", WrapperType),
                ("UpdateManager.cs", """
                using System;
                using System.IO;

                public sealed class UpdateManager : IDisposable
                {
                    private readonly string _lockFilePath;
                    private LockFile? _lockFile;

                    public UpdateManager(string storageDirPath) => _lockFilePath = Path.Combine(storageDirPath, "updater.lock");

                    private void EnsureLockFileAcquired()
                    {
                        _lockFile ??= {|#0:LockFile.TryAcquire(_lockFilePath)|};
                        if (_lockFile == null)
                            throw new InvalidOperationException("another updater runs");
                    }

                    public void Dispose() => _lockFile?.Dispose();
                }
                """),
            },
            Verify.Diagnostic("LCK009").WithLocation(0).WithLocation(1)
                .WithArguments("_lockFilePath' through 'LockFile.TryAcquire \u2192 File.Open", "_lockFile"));

    [Fact]
    public Task Handle_from_a_wrapper_factory_used_in_a_using_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", WrapperType.Replace("{|#1:", "").Replace(")|};", ");")),
                ("Job.cs", """
                using System.IO;

                public sealed class Job
                {
                    public bool RunOnce(string dir)
                    {
                        using var lockFile = LockFile.TryAcquire(Path.Combine(dir, "job.lock"));
                        return lockFile != null;
                    }
                }
                """),
            });

    [Fact]
    public Task Handle_of_a_log_from_a_wrapper_factory_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("ExclusiveLog.cs", """
                using System;
                using System.IO;

                internal sealed class ExclusiveLog : IDisposable
                {
                    private readonly FileStream _stream;
                    private ExclusiveLog(FileStream stream) => _stream = stream;
                    public static ExclusiveLog Open(string logPath) =>
                        new ExclusiveLog(File.Open(logPath, FileMode.Append, FileAccess.Write, FileShare.None));
                    public void Dispose() => _stream.Dispose();
                }
                """),
                ("Service.cs", """
                using System;

                public sealed class Service : IDisposable
                {
                    private readonly ExclusiveLog _log;
                    public Service(string logPath) { _log = ExclusiveLog.Open(logPath); }
                    public void Dispose() => _log.Dispose();
                }
                """),
            });

    [Fact]
    public Task Wrapper_that_compares_the_locked_inode_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", WrapperType.Replace("{|#1:", "").Replace(")|};", ");")
                    .Replace("public void Dispose()", "public bool StillOwnsPath(Func<string, long> inodeOf, long inode) => inodeOf(\"\") == inode;\n\n    public void Dispose()")),
                ("Daemon.cs", """
                using System.IO;

                public sealed class Daemon
                {
                    private LockFile? _lock;
                    public void Start(string dir) { _lock = LockFile.TryAcquire(Path.Combine(dir, "daemon.lock")); }
                }
                """),
            });

    [Fact]
    public Task No_fix_is_offered_through_a_wrapper() =>
        VerifyFix.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            internal sealed class LockFile : IDisposable
            {
                private readonly FileStream _fileStream;
                private LockFile(FileStream fileStream) => _fileStream = fileStream;

                public static LockFile? TryAcquire(string filePath)
                {
                    try
                    {
                        return new LockFile({|#1:File.Open(filePath, FileMode.Create, FileAccess.ReadWrite, FileShare.None)|});
                    }
                    catch (IOException)
                    {
                        return null;
                    }
                }

                public void Dispose() => _fileStream.Dispose();
            }

            public sealed class Daemon
            {
                private LockFile? _lock;
                public void Start(string dir) { _lock = {|#0:LockFile.TryAcquire(Path.Combine(dir, "daemon.lock"))|}; }
            }
            """,
            withRuntime: false,
            expected: VerifyFix.Diagnostic("LCK009").WithLocation(0).WithLocation(1)
                .WithArguments("Path.Combine(dir, \"daemon.lock\")' through 'LockFile.TryAcquire \u2192 File.Open", "_lock"));
}
