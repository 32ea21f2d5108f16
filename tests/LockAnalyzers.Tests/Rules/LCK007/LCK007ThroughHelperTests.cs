using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK007;

/// <summary>Release without an ownership check where the delete sits in a helper of the lock class or a wrapper class.</summary>
public class LCK007ThroughHelperTests
{
    [Fact]
    public Task Release_through_a_private_helper_of_a_lock_class() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", """
                using System;
                using System.IO;

                public sealed class LockFile : IDisposable
                {
                    private readonly string _filePath;

                    public LockFile(string filePath) { _filePath = filePath; }

                    public void Release() => {|#0:DeleteFile()|};

                    public void Dispose() => Release();

                    private void DeleteFile()
                    {
                        if (File.Exists(_filePath))
                        {
                            {|#1:File.Delete(_filePath)|};
                        }
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK007").WithLocation(0).WithLocation(1).WithArguments("_filePath' through 'LockFile.DeleteFile \u2192 File.Delete", "on release"));

    [Fact]
    public Task Release_through_a_wrapper_class_in_another_file_is_reported_at_the_call_once() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", """
                using System.IO;

                public class LockIO
                {
                    public void DeleteLock(string path) => {|#1:File.Delete(path)|};
                }
                """),
                ("LockManager.cs", """
                public class LockManager
                {
                    private readonly LockIO lockIo = new LockIO();
                    private string LockFilePath => "/tmp/app.lock";

                    public void ReleaseLock()
                    {
                        {|#0:lockIo.DeleteLock(LockFilePath)|};
                    }

                    public void Dispose() => ReleaseLock();
                }
                """),
            },
            Verify.Diagnostic("LCK007").WithLocation(0).WithLocation(1).WithArguments("LockFilePath' through 'LockIO.DeleteLock \u2192 File.Delete", "on release"));

    [Fact]
    public Task Release_helper_that_deletes_its_own_field_is_reported_inside_only() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Daemon.cs", """
                using System;
                using System.IO;

                public sealed class Daemon : IDisposable
                {
                    private readonly string _lockPath = "/run/daemon.lock";

                    public void Dispose() => ReleaseLock();

                    private void ReleaseLock() => {|#0:File.Delete(_lockPath)|};
                }
                """),
            },
            Verify.Diagnostic("LCK007").WithLocation(0).WithArguments("_lockPath", "on release"));

    [Fact]
    public Task Helper_that_checks_the_owner_before_deleting_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockFile.cs", """
                using System;
                using System.IO;

                public sealed class LockFile
                {
                    private readonly string _filePath;
                    private readonly string _token = Guid.NewGuid().ToString();

                    public LockFile(string filePath) { _filePath = filePath; }

                    public void Release() => DeleteIfOurs();

                    private void DeleteIfOurs()
                    {
                        if (File.ReadAllText(_filePath) == _token)
                        {
                            File.Delete(_filePath);
                        }
                    }
                }
                """),
            });

    [Fact]
    public Task Cleanup_of_a_log_through_a_helper_is_not_a_release() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("FileLock.cs", """
                using System.IO;

                public sealed class FileLock
                {
                    private readonly string _logPath = "/tmp/run.log";

                    public void Release() => Clear();

                    private void Clear() => File.Delete(_logPath);
                }
                """),
            });

    [Fact]
    public Task Release_of_a_path_a_constructor_builds_with_a_pid_file_name_helper() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("ProcessRegistry.cs", """
                using System.IO;

                public sealed class ProcessRegistry
                {
                    public string Path { get; }

                    public ProcessRegistry(string directory, string programName)
                    {
                        this.Path = this.CreateFullPath(directory, this.CreateFileName(programName));
                    }

                    private string CreateFileName(string programName)
                    {
                        return programName + ".pid";
                    }

                    private string CreateFullPath(string directory, string fileName) => System.IO.Path.Combine(directory, fileName);

                    public void Create(int pid)
                    {
                        File.WriteAllText(this.Path, pid.ToString());
                    }

                    public void Close()
                    {
                        {|#0:this.DeletePidFile(this.Path)|};
                    }

                    private void DeletePidFile(string fullPath)
                    {
                        if (File.Exists(fullPath))
                        {
                            {|#1:File.Delete(fullPath)|};
                        }
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK007").WithLocation(0).WithLocation(1).WithArguments("this.Path' through 'ProcessRegistry.DeletePidFile \u2192 File.Delete", "on release"));

    [Fact]
    public Task Release_of_a_path_a_constructor_builds_with_a_log_file_name_helper_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("ProcessRegistry.cs", """
                using System.IO;

                public sealed class ProcessRegistry
                {
                    public string Path { get; }

                    public ProcessRegistry(string directory, string programName)
                    {
                        this.Path = this.CreateFullPath(directory, this.CreateFileName(programName));
                    }

                    private string CreateFileName(string programName)
                    {
                        return programName + ".log";
                    }

                    private string CreateFullPath(string directory, string fileName) => System.IO.Path.Combine(directory, fileName);

                    public void Create(int pid)
                    {
                        File.WriteAllText(this.Path, pid.ToString());
                    }

                    public void Close()
                    {
                        this.DeletePidFile(this.Path);
                    }

                    private void DeletePidFile(string fullPath)
                    {
                        if (File.Exists(fullPath))
                        {
                            File.Delete(fullPath);
                        }
                    }
                }
                """),
            });
}
