using LockAnalyzers.CodeFixes.Rules;
using LockAnalyzers.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK006.LCK006CheckThenCreateCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK006;

namespace LockAnalyzers.Tests.Rules.LCK006;

public class LCK006CodeFixTests
{
    private const string Key = LCK006CheckThenCreateCodeFixProvider.CreateNewKey;

    private const string StringHelper = """


            private static bool TryCreateLockFileExclusively(string path, string content)
            {
                // FileMode.CreateNew fails when the file exists, so exactly one contender creates the lock. FileShare.Read:
                // on Unix, FileShare.None's flock fails while another contender reads the new file, and leaves it empty.
                try
                {
                    using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                    {
                        using (var writer = new StreamWriter(stream))
                        {
                            writer.Write(content);
                        }
                    }

                    return true;
                }
                catch (IOException) when (File.Exists(path))
                {
                    return false;
                }
            }
        """;

    [Fact]
    public Task Negated_check_branch_becomes_the_exclusive_attempt() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class Daemon
            {
                private readonly string _lockPath = "/var/run/daemon.lock";

                public bool TryAcquire()
                {
                    // Only one daemon may run.
                    if (!File.Exists(_lockPath))
                    {
                        {|LCK006:File.WriteAllText(_lockPath, Environment.ProcessId.ToString())|};
                        return true;
                    }

                    return false;
                }
            }
            """,
            """
            using System;
            using System.IO;

            class Daemon
            {
                private readonly string _lockPath = "/var/run/daemon.lock";

                public bool TryAcquire()
                {
                    // Only one daemon may run.
                    if (TryCreateLockFileExclusively(_lockPath, Environment.ProcessId.ToString()))
                    {
                        return true;
                    }

                    return false;
                }
            """ + StringHelper + """

            }
            """,
            Key);

    [Fact]
    public Task Early_exit_guard_keeps_its_failure_path() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class Daemon
            {
                public bool TryAcquire(string lockPath)
                {
                    if (File.Exists(lockPath))
                        return false; // someone else has it

                    {|LCK006:File.WriteAllText(lockPath, Environment.ProcessId.ToString())|};
                    return true;
                }
            }
            """,
            """
            using System;
            using System.IO;

            class Daemon
            {
                public bool TryAcquire(string lockPath)
                {
                    if (!TryCreateLockFileExclusively(lockPath, Environment.ProcessId.ToString()))
                        return false; // someone else has it
                    return true;
                }
            """ + StringHelper + """

            }
            """,
            Key);

    [Fact]
    public Task Wait_loop_loops_again_until_the_create_wins() =>
        Verify.VerifyFixAsync(
            """
            using System.IO;
            using System.Threading;

            class Job
            {
                public void Run(string lockFile)
                {
                    while (File.Exists(lockFile))
                    {
                        Thread.Sleep(100);
                    }

                    {|LCK006:File.WriteAllText(lockFile, "busy")|};
                    Thread.Sleep(1);
                }
            }
            """,
            """
            using System.IO;
            using System.Threading;

            class Job
            {
                public void Run(string lockFile)
                {
                    while (!TryCreateLockFileExclusively(lockFile, "busy"))
                    {
                        Thread.Sleep(100);
                    }
                    Thread.Sleep(1);
                }
            """ + StringHelper + """

            }
            """,
            Key);

    [Fact]
    public Task Awaited_async_write_becomes_the_exclusive_attempt() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Job
            {
                public async Task<bool> TryAcquireAsync(string lockPath)
                {
                    if (File.Exists(lockPath))
                    {
                        return false;
                    }

                    await {|LCK006:File.WriteAllTextAsync(lockPath, Environment.ProcessId.ToString())|};
                    await Task.Yield();
                    return true;
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Job
            {
                public async Task<bool> TryAcquireAsync(string lockPath)
                {
                    if (!TryCreateLockFileExclusively(lockPath, Environment.ProcessId.ToString()))
                    {
                        return false;
                    }
                    await Task.Yield();
                    return true;
                }
            """ + StringHelper + """

            }
            """,
            Key);

    [Fact]
    public Task Marker_file_without_else_becomes_a_bare_attempt_and_FixAll_adds_one_helper() =>
        Verify.VerifyFixAsync(
            """
            using System.IO;

            class Job
            {
                public void A(string lockPath)
                {
                    if (!File.Exists(lockPath))
                        {|LCK006:File.Create(lockPath)|}.Dispose();
                }

                public void B(string pidFile)
                {
                    if (!File.Exists(pidFile))
                    {
                        {|LCK006:File.WriteAllText(pidFile, "1")|};
                    }
                }
            }
            """,
            """
            using System.IO;

            class Job
            {
                public void A(string lockPath)
                {
                    TryCreateLockFileExclusively(lockPath, "");
                }

                public void B(string pidFile)
                {
                    if (TryCreateLockFileExclusively(pidFile, "1"))
                    {
                    }
                }
            """ + StringHelper + """

            }
            """,
            Key);

    [Fact]
    public Task Bytes_content_uses_the_bytes_helper() =>
        Verify.VerifyFixAsync(
            """
            using System.IO;

            class Job
            {
                public bool Take(string lockPath)
                {
                    if (File.Exists(lockPath)) return false;
                    {|LCK006:File.WriteAllBytes(lockPath, new byte[] { 1 })|};
                    return true;
                }
            }
            """,
            """
            using System.IO;

            class Job
            {
                public bool Take(string lockPath)
                {
                    if (!TryCreateLockFileExclusively(lockPath, new byte[] { 1 })) return false;
                    return true;
                }

                private static bool TryCreateLockFileExclusively(string path, byte[] content)
                {
                    // FileMode.CreateNew fails when the file exists, so exactly one contender creates the lock. FileShare.Read:
                    // on Unix, FileShare.None's flock fails while another contender reads the new file, and leaves it empty.
                    try
                    {
                        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                        {
                            stream.Write(content, 0, content.Length);
                        }

                        return true;
                    }
                    catch (IOException) when (File.Exists(path))
                    {
                        return false;
                    }
                }
            }
            """,
            Key);

    [Fact]
    public Task No_fix_when_the_create_is_not_right_after_the_check() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Job
            {
                public void Take(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        Directory.CreateDirectory("x");
                        {|LCK006:File.WriteAllText(lockPath, "1")|};
                    }
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_condition_holds_more_than_the_test() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Job
            {
                public void Take(string lockPath, bool force)
                {
                    if (!File.Exists(lockPath) && !force)
                    {
                        {|LCK006:File.WriteAllText(lockPath, "1")|};
                    }
                }
            }
            """);

    [Fact]
    public Task No_fix_for_a_create_after_a_failed_read() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Job
            {
                public bool Take(string lockPath)
                {
                    try
                    {
                        File.ReadAllText(lockPath);
                        return false;
                    }
                    catch (FileNotFoundException)
                    {
                        {|LCK006:File.WriteAllText(lockPath, "1")|};
                        return true;
                    }
                }
            }
            """);

    [Fact]
    public Task No_fix_when_the_test_is_a_value_read_from_the_lock() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Daemon
            {
                private const string PidPath = "/run/app.pid";

                private static int? ReadPid()
                {
                    if (!File.Exists(PidPath))
                        return null;
                    return int.Parse(File.ReadAllText(PidPath));
                }

                public void Start(int id)
                {
                    var pid = ReadPid();
                    if (!pid.HasValue)
                    {
                        {|LCK006:File.WriteAllText(PidPath, id.ToString())|};
                    }
                }
            }
            """);

    [Fact]
    public Task No_fix_for_an_existence_branch_that_returns_while_the_lock_is_fresh() =>
        Verify.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public bool Take(string lockPath)
                {
                    if (File.Exists(lockPath))
                    {
                        if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) < TimeSpan.FromMinutes(1))
                        {
                            return false;
                        }
                    }

                    {|LCK006:File.WriteAllText(lockPath, "1")|};
                    return true;
                }
            }
            """);
}
