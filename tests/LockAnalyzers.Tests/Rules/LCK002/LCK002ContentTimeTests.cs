using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK002.LCK002StaleByTimestampAloneAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK002;

/// <summary>Staleness judged from a time written in the lock's own content (seeds 003 and 004).</summary>
public class LCK002ContentTimeTests
{
    /// <summary>Seed 003: the record comes from a same-type ReadInfo() helper; the member compares its acquisition time with a clock.</summary>
    [Fact]
    public Task Seed003_record_read_by_a_helper_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Text.Json;
            using System.Threading.Tasks;

            sealed class Info
            {
                public string Holder { get; set; } = "";
                public long AcquiredAtMs { get; set; }
                public long TtlMs { get; set; }
            }

            sealed class DatastoreFileLock
            {
                private readonly string _lockPath;

                public DatastoreFileLock(string lockPath) => _lockPath = lockPath;

                public async Task AcquireAsync()
                {
                    while (true)
                    {
                        if (TryCreate())
                        {
                            return;
                        }

                        var existing = ReadInfo();
                        if (existing != null && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - existing.AcquiredAtMs > existing.TtlMs)
                        {
                            try
                            {
                                {|#0:File.Delete(_lockPath)|};
                            }
                            catch (Exception)
                            {
                            }

                            continue;
                        }

                        await Task.Delay(100);
                    }
                }

                private bool TryCreate()
                {
                    try
                    {
                        using (var stream = new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write))
                        {
                            JsonSerializer.Serialize(stream, new Info());
                        }

                        return true;
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                }

                private Info? ReadInfo()
                {
                    try
                    {
                        return JsonSerializer.Deserialize<Info>(File.ReadAllText(_lockPath));
                    }
                    catch (Exception)
                    {
                        return null;
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("_lockPath"));

    /// <summary>Seed 004: a bool helper parses the acquisition time from the lock's second line; delete then rewrite is reported once.</summary>
    [Fact]
    public Task Seed004_bool_helper_comparing_content_time_is_flagged_once() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading;

            static class FleetRestartLock
            {
                public static string Acquire(string fleetHome, int staleMs, int maxWaitMs)
                {
                    var token = Guid.NewGuid().ToString("N");
                    var lockPath = Path.Combine(fleetHome, "fleet", "restart.lock");
                    var deadline = DateTime.UtcNow.AddMilliseconds(maxWaitMs);
                    while (true)
                    {
                        try
                        {
                            using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                            using (var writer = new StreamWriter(stream))
                            {
                                writer.Write(token);
                            }

                            return token;
                        }
                        catch (IOException)
                        {
                            var stale = IsStale(lockPath, staleMs);
                            var timedOut = DateTime.UtcNow >= deadline;
                            if (stale || timedOut)
                            {
                                {|#0:File.Delete(lockPath)|};
                                File.WriteAllText(lockPath, token);
                                return token;
                            }
                        }

                        Thread.Sleep(1000);
                    }
                }

                private static bool IsStale(string lockPath, int staleMs)
                {
                    string[] lines;
                    try
                    {
                        lines = File.ReadAllLines(lockPath);
                    }
                    catch (FileNotFoundException)
                    {
                        return false;
                    }
                    catch (IOException)
                    {
                        return true;
                    }

                    if (lines.Length < 2 || !long.TryParse(lines[1].Trim(), out var stamp))
                    {
                        return true;
                    }

                    return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - stamp >= staleMs;
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Json_record_in_the_member_with_a_null_check_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Text.Json;

            sealed class Lease
            {
                public DateTimeOffset ExpiresAt { get; set; }
            }

            class C
            {
                void Break(string leasePath)
                {
                    var lease = JsonSerializer.Deserialize<Lease>(File.ReadAllText(leasePath));
                    if (lease != null && lease.ExpiresAt < DateTimeOffset.UtcNow)
                    {
                        {|#0:File.Delete(leasePath)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("leasePath"));

    [Fact]
    public Task DateTime_helper_returning_the_content_time_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Globalization;
            using System.IO;

            class C
            {
                static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

                void Break(string lockPath)
                {
                    if (DateTime.UtcNow - AcquiredAt(lockPath) > StaleAfter)
                    {
                        {|#0:File.Delete(lockPath)|};
                    }
                }

                void BreakByAge(string lockPath)
                {
                    var age = ContentAge(lockPath);
                    if (age > StaleAfter)
                    {
                        {|#1:File.Move(lockPath, lockPath + ".old")|};
                    }
                }

                DateTime AcquiredAt(string path) =>
                    DateTime.Parse(File.ReadAllLines(path)[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

                TimeSpan ContentAge(string path)
                {
                    var stamp = long.Parse(File.ReadAllText(path).Split('\n')[1]);
                    return DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(stamp);
                }
            }
            """,
            Verify.Diagnostic("LCK002").WithLocation(0).WithArguments("lockPath"),
            Verify.Diagnostic("LCK002").WithLocation(1).WithArguments("lockPath"));

    [Fact]
    public Task Content_time_with_owner_evidence_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void ByProcess(string lockPath)
                {
                    var lines = File.ReadAllLines(lockPath);
                    var acquired = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(lines[1]));
                    if (DateTimeOffset.UtcNow - acquired > TimeSpan.FromSeconds(30) && !IsAlive(int.Parse(lines[0])))
                    {
                        File.Delete(lockPath);
                    }
                }

                void ByToken(string lockPath, string expectedToken)
                {
                    var lines = File.ReadAllLines(lockPath);
                    var acquired = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(lines[1]));
                    if (lines[2] == expectedToken && DateTimeOffset.UtcNow - acquired > TimeSpan.FromSeconds(30))
                    {
                        File.Delete(lockPath);
                    }
                }

                static bool IsAlive(int pid)
                {
                    try
                    {
                        return !Process.GetProcessById(pid).HasExited;
                    }
                    catch (ArgumentException)
                    {
                        return false;
                    }
                }
            }
            """);

    [Fact]
    public Task Expired_cache_entry_by_content_time_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Text.Json;

            sealed class Entry
            {
                public DateTimeOffset CreatedAt { get; set; }
            }

            class Cache
            {
                void Evict(string cacheDir)
                {
                    foreach (var entryPath in Directory.GetFiles(cacheDir, "*.json"))
                    {
                        var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(entryPath));
                        if (entry != null && DateTimeOffset.UtcNow - entry.CreatedAt > TimeSpan.FromDays(1))
                        {
                            File.Delete(entryPath);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Time_read_from_another_file_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Reset(string lockPath, string stampPath)
                {
                    var lastDeploy = DateTimeOffset.Parse(File.ReadAllText(stampPath));
                    if (DateTimeOffset.UtcNow - lastDeploy > TimeSpan.FromHours(1))
                    {
                        File.Delete(lockPath);
                    }

                    if (DateTimeOffset.UtcNow - LastDeploy(stampPath) > TimeSpan.FromHours(1))
                    {
                        File.Delete(lockPath);
                    }
                }

                DateTimeOffset LastDeploy(string path) => DateTimeOffset.Parse(File.ReadAllText(path));
            }
            """);

    [Fact]
    public Task Content_helper_without_a_clock_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class C
            {
                void Clear(string lockPath)
                {
                    if (IsCorrupt(lockPath))
                    {
                        File.Delete(lockPath);
                    }
                }

                bool IsCorrupt(string path) => File.ReadAllLines(path).Length < 2;
            }
            """);
}
