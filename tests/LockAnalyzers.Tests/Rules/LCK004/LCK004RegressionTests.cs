using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK004.LCK004ContinueSkipsDeadlineAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK004;

/// <summary>False positives found while building LCK004, each kept as a named test.</summary>
public class LCK004RegressionTests
{
    /// <summary>Regression: a loop over data with an expiry filter is bounded by the data, not a retry loop.</summary>
    [Fact]
    public Task Reader_loop_with_an_expiry_filter_is_not_a_retry_loop() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class Entry { public DateTime Expires; public string? Key; }

            class C
            {
                Entry? FirstLive(IEnumerator<Entry> entries, DateTime cutoff)
                {
                    while (entries.MoveNext())
                    {
                        var entry = entries.Current;
                        if (entry.Key == null) continue;
                        if (entry.Expires < cutoff) return null;
                        return entry;
                    }

                    return null;
                }

                void Drain(Queue<string> lines, DateTime expiresAt)
                {
                    string? line;
                    while ((line = lines.Count > 0 ? lines.Dequeue() : null) != null)
                    {
                        if (line.Length == 0) continue;
                        if (DateTime.UtcNow > expiresAt) throw new TimeoutException();
                    }
                }
            }
            """);

    /// <summary>Regression: the try started before the check, but nothing in it can throw before the check is read.</summary>
    [Fact]
    public Task Check_first_in_the_try_covers_its_catches() =>
        Verify.VerifyAsync(LoopSource.Usings + """
            class C
            {
                void Acquire(string lockPath, Stopwatch sw, TimeSpan timeout)
                {
                    while (true)
                    {
                        try
                        {
                            if (sw.Elapsed > timeout) throw new TimeoutException();
                            File.Open(lockPath, FileMode.CreateNew).Dispose();
                            return;
                        }
                        catch (IOException)
                        {
                            Thread.Sleep(10);
                            continue;
                        }
                    }
                }
            }
            """);
}
