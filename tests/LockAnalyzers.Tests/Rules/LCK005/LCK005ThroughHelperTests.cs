using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK005.LCK005LockWaitWithoutDeadlineAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK005;

/// <summary>Lock waits whose attempt or test is a member of the lock class or of a wrapper class.</summary>
public class LCK005ThroughHelperTests
{
    [Fact]
    public Task Wait_on_a_try_acquire_method_of_the_same_class() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileLock.cs", """
                using System.IO;
                using System.Threading;

                public sealed class FileLock
                {
                    private readonly string _path;
                    private FileStream? _handle;

                    public FileLock(string path) { _path = path; }

                    public bool TryAcquireLock()
                    {
                        try
                        {
                            _handle = {|#1:new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None)|};
                            return true;
                        }
                        catch (IOException)
                        {
                            return false;
                        }
                    }

                    public bool Acquire()
                    {
                        {|#0:while|} (true)
                        {
                            if (TryAcquireLock())
                            {
                                return true;
                            }

                            Thread.Sleep(100);
                        }
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK005").WithLocation(0).WithLocation(1)
                .WithArguments("_path' through 'FileLock.TryAcquireLock \u2192 FileStream constructor", "with no deadline, bound or cancellation: it can wait forever"));

    [Fact]
    public Task Wait_on_an_IsLocked_property_in_another_file() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", """
                using System.IO;

                public sealed class LockFile
                {
                    private readonly string _filePath;
                    public LockFile(string filePath) { _filePath = filePath; }
                    public bool IsLocked => {|#1:File.Exists(_filePath)|};
                }
                """),
                ("Worker.cs", """
                using System.Threading;

                public sealed class Worker
                {
                    public void WaitFor(LockFile lockFile)
                    {
                        {|#0:while|} (lockFile.IsLocked)
                        {
                            Thread.Sleep(250);
                        }
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK005").WithLocation(0).WithLocation(1)
                .WithArguments("_filePath' through 'LockFile.IsLocked \u2192 File.Exists", "with no deadline, bound or cancellation: it can wait forever"));

    [Fact]
    public Task Wait_with_a_deadline_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileLock.cs", """
                using System;
                using System.Diagnostics;
                using System.IO;
                using System.Threading;

                public sealed class FileLock
                {
                    private readonly string _path;
                    public FileLock(string path) { _path = path; }

                    public bool TryAcquireLock()
                    {
                        try
                        {
                            using var stream = new FileStream(_path, FileMode.CreateNew);
                            return true;
                        }
                        catch (IOException)
                        {
                            return false;
                        }
                    }

                    public bool Acquire(TimeSpan timeout)
                    {
                        var clock = Stopwatch.StartNew();
                        while (clock.Elapsed < timeout)
                        {
                            if (TryAcquireLock()) return true;
                            Thread.Sleep(100);
                        }

                        return false;
                    }
                }
                """),
            });

    [Fact]
    public Task Loop_over_a_helper_that_is_not_a_lock_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Queue.cs", """
                using System.IO;
                using System.Threading;

                public sealed class LockFreeQueue
                {
                    private readonly string _inbox = "/tmp/inbox.json";

                    private bool HasWork() => File.Exists(_inbox);

                    public void Drain()
                    {
                        while (HasWork())
                        {
                            Thread.Sleep(10);
                        }
                    }
                }
                """),
            });

    [Fact]
    public Task Retry_of_a_transient_failure_that_returns_when_the_lock_is_held_is_not_a_wait() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileLock.cs", """
                using System.IO;
                using System.Threading;

                public sealed class FileLock
                {
                    private readonly string _path;
                    public FileLock(string path) { _path = path; }

                    public FileStream? TryAcquire(CancellationToken token)
                    {
                        while (true)
                        {
                            token.ThrowIfCancellationRequested();
                            try
                            {
                                return new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None, 1, FileOptions.DeleteOnClose);
                            }
                            catch (DirectoryNotFoundException)
                            {
                                continue;
                            }
                            catch (IOException)
                            {
                                return null;
                            }
                        }
                    }
                }
                """),
            });

    [Fact]
    public Task Spin_on_a_static_factory_of_a_lock_named_type() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", """
                using System;
                using System.IO;
                using System.Threading;

                public sealed class LockFile : IDisposable
                {
                    private readonly FileStream _stream;
                    private LockFile(FileStream stream) { _stream = stream; }

                    public static LockFile? TryAcquire(string filePath)
                    {
                        try
                        {
                            var stream = {|#1:File.Open(filePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                            return new LockFile(stream);
                        }
                        catch (IOException)
                        {
                            return null;
                        }
                    }

                    public static LockFile WaitAcquire(string filePath, CancellationToken cancellationToken = default)
                    {
                        {|#0:while|} (true)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var lockFile = TryAcquire(filePath);
                            if (lockFile != null)
                                return lockFile;
                        }
                    }

                    public void Dispose() => _stream.Dispose();
                }
                """),
            },
            Verify.Diagnostic("LCK005").WithLocation(0).WithLocation(1)
                .WithArguments("filePath' through 'LockFile.TryAcquire \u2192 File.Open", "without sleeping: it burns a core until it gives up"));

    [Fact]
    public Task Spin_on_a_static_factory_of_a_type_not_named_for_a_lock_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("SharedReader.cs", """
                using System;
                using System.IO;
                using System.Threading;

                public sealed class SharedReader : IDisposable
                {
                    private readonly FileStream _stream;
                    private SharedReader(FileStream stream) { _stream = stream; }

                    public static SharedReader? TryOpen(string filePath)
                    {
                        try
                        {
                            return new SharedReader(File.Open(filePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                        }
                        catch (IOException)
                        {
                            return null;
                        }
                    }

                    public static SharedReader WaitOpen(string filePath, CancellationToken cancellationToken = default)
                    {
                        while (true)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var reader = TryOpen(filePath);
                            if (reader != null)
                                return reader;
                        }
                    }

                    public void Dispose() => _stream.Dispose();
                }
                """),
            });

    [Fact]
    public Task Wait_on_a_static_factory_of_a_lock_named_type_with_a_sleep_and_a_token_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", """
                using System;
                using System.IO;
                using System.Threading;

                public sealed class LockFile : IDisposable
                {
                    private readonly FileStream _stream;
                    private LockFile(FileStream stream) { _stream = stream; }

                    public static LockFile? TryAcquire(string filePath)
                    {
                        try
                        {
                            return new LockFile(File.Open(filePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                        }
                        catch (IOException)
                        {
                            return null;
                        }
                    }

                    public static LockFile WaitAcquire(string filePath, CancellationToken cancellationToken)
                    {
                        while (true)
                        {
                            var lockFile = TryAcquire(filePath);
                            if (lockFile != null)
                                return lockFile;
                            cancellationToken.WaitHandle.WaitOne(100);
                            cancellationToken.ThrowIfCancellationRequested();
                        }
                    }

                    public void Dispose() => _stream.Dispose();
                }
                """),
            });
}
