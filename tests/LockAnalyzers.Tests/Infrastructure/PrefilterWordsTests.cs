using LCK003Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK003.LCK003DeleteThenCreateAnalyzer>;
using LCK006Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>
/// The per-member textual pre-filter (PrefilterWords) must never hide a finding: names spelled with a \u escape and
/// target-typed creations, whose text does not hold the word the rule's syntax test sees, still reach the rule.
/// </summary>
public class PrefilterWordsTests
{
    [Fact]
    public Task Delete_spelled_with_a_unicode_escape_is_still_flagged() =>
        LCK003Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            class TeamLock
            {
                const int StaleMs = 10_000;

                FileStream Acquire(string lockPath)
                {
                    while (true)
                    {
                        try
                        {
                            return new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                        }
                        catch (IOException)
                        {
                            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath);
                            if (age.TotalMilliseconds > StaleMs)
                            {
                                {|#0:File.\u0044elete(lockPath)|};
                                continue;
                            }
                        }

                        Thread.Sleep(50);
                    }
                }
            }
            """,
            LCK003Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Target_typed_new_of_a_lock_path_is_still_seen() =>
        LCK006Verify.VerifyAsync(
            """
            using System.IO;

            class C
            {
                private StreamWriter? _writer;

                void Take(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        _writer = {|#0:new(lockPath)|};
                    }
                }
            }
            """,
            LCK006Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("lockPath"));
}
