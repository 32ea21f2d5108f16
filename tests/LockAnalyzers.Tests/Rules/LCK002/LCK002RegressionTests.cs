using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK002.LCK002StaleByTimestampAloneAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK002;

/// <summary>False positives found while building LCK002, each kept as a named test.</summary>
public class LCK002RegressionTests
{
    /// <summary>An owner rewriting its own lock when the last heartbeat is old is a refresh, not a steal.</summary>
    [Fact]
    public Task Heartbeat_refresh_by_the_owner_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Heartbeat
            {
                static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

                void Tick(string lockPath, string token)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > Interval)
                    {
                        File.WriteAllText(lockPath, token);
                    }
                }
            }
            """);

    /// <summary>The same overwrite in a member that contends for the lock is a steal.</summary>
    [Fact]
    public Task Overwrite_in_a_contending_member_is_still_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Taker
            {
                void Take(string lockPath, string token)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromMinutes(1))
                    {
                        {|#0:File.WriteAllText(lockPath, token)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"));

    /// <summary>A timestamp of a different, non-lock file (a config reload) does not make a lock delete age-based.</summary>
    [Fact]
    public Task Timestamp_of_an_unrelated_file_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Reload
            {
                void M(string configPath, string lockPath, DateTime loadedAt)
                {
                    if (File.GetLastWriteTimeUtc(configPath) > loadedAt)
                    {
                        File.Delete(lockPath);
                    }
                }
            }
            """);

    /// <summary>The runtime's LockSteal in the member is owner evidence: code already fixed stays quiet.</summary>
    [Fact]
    public Task Member_calling_the_runtime_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class Fixed
            {
                void M(string lockPath)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromMinutes(1))
                    {
                        if (LockSteal.TryRetire(lockPath))
                        {
                            File.Delete(lockPath + ".retired");
                        }
                    }
                }
            }
            """,
            withRuntime: true,
            editorConfig: null);

    /// <summary>lock_analyzers.lock_path_words extends what counts as a lock path.</summary>
    [Fact]
    public Task Configured_lock_word_is_honoured() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Journal
            {
                void M(string claimFile)
                {
                    if (File.GetLastWriteTimeUtc(claimFile) < DateTime.UtcNow.AddHours(-1))
                    {
                        {|#0:File.Delete(claimFile)|};
                    }
                }
            }
            """,
            withRuntime: false,
            editorConfig: "lock_analyzers.lock_path_words = claim",
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("claimFile"));

    /// <summary>
    /// A wait deadline beside a content check is a timeout, not a timestamp (it was flagged while the content rule only
    /// asked whether a clock and the lock's content both appeared somewhere in the condition).
    /// </summary>
    [Fact]
    public Task Wait_deadline_beside_a_content_check_is_not_a_content_timestamp() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Clear(string lockPath, DateTime deadline)
                {
                    if (string.IsNullOrWhiteSpace(File.ReadAllText(lockPath)) && DateTime.UtcNow >= deadline)
                    {
                        File.Delete(lockPath);
                    }
                }
            }
            """);

    /// <summary>Delete then rewrite of the same path is one break: reported on the delete only (seed 004).</summary>
    [Fact]
    public Task Rewrite_after_a_reported_delete_is_not_reported_twice() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                bool Take(string lockPath, string token)
                {
                    if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromMinutes(1))
                    {
                        {|#0:File.Delete(lockPath)|};
                        File.WriteAllText(lockPath, token);
                        return true;
                    }

                    return false;
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"));
}
