using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK002.LCK002StaleByTimestampAloneAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK002;

/// <summary>An age-only steal where the age read and the delete sit in a wrapper class in another file.</summary>
public class LCK002ThroughHelperTests
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
            public void DeleteLockIfDead(string path)
            {
                var pid = int.Parse(File.ReadAllText(path));
                if (System.Diagnostics.Process.GetProcesses().Length > pid) File.Delete(path);
            }
        }
        """;

    [Fact]
    public Task Age_only_break_through_a_wrapper_is_reported_at_the_call() =>
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
                            if (DateTime.UtcNow - lockIo.LockTime(LockFilePath) > TimeSpan.FromMinutes(5))
                            {
                                {|#0:lockIo.DeleteLock(LockFilePath)|};
                            }
                            else
                            {
                                return false;
                            }
                        }

                        lockIo.WriteLock(LockFilePath, Environment.ProcessId.ToString());
                        return true;
                    }
                }
                """),
            },
            Verify.Diagnostic("LCK002").WithLocation(0).WithLocation(1).WithArguments("LockFilePath' through 'LockIO.DeleteLock \u2192 File.Delete"));

    [Fact]
    public Task Helper_that_checks_the_owner_before_deleting_is_not_flagged() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", LockIo.Replace("{|#1:", string.Empty).Replace("(path)|};", "(path);")),
                ("LockManager.cs", """
                using System;

                public class LockManager
                {
                    private readonly LockIO lockIo = new LockIO();
                    private string LockFilePath => "/tmp/app.lock";

                    public void BreakIfStale()
                    {
                        if (DateTime.UtcNow - lockIo.LockTime(LockFilePath) > TimeSpan.FromMinutes(5))
                        {
                            lockIo.DeleteLockIfDead(LockFilePath);
                        }
                    }
                }
                """),
            });
}
