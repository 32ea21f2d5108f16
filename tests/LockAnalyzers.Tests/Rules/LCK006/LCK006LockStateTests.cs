using Microsoft.CodeAnalysis.Testing;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK006;

/// <summary>
/// Tests of the lock's state that are not a bare existence test: a value read from the lock that is null when the file is
/// missing, an existence branch that returns when the lock is held, a test and a judgement of the same lock combined with
/// <c>&amp;&amp;</c>; and a lock object whose helper object was built with the lock's path.
/// </summary>
public class LCK006LockStateTests
{
    private static DiagnosticResult Expected(string path, string chain) =>
        Verify.Diagnostic("LCK006").WithLocation(0).WithLocation(1).WithArguments(path + "' through '" + chain);

    private const string PidFile = """
        using System;
        using System.Diagnostics;
        using System.IO;

        public static class Pid
        {
            public static string PidPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "daemon.pid");

            public static int? GetPid()
            {
                int? pid = null;
                if (!string.IsNullOrEmpty(PidPath) && File.Exists(PidPath))
                {
                    var text = File.ReadAllText(PidPath);
                    if (!string.IsNullOrEmpty(text))
                    {
                        pid = Convert.ToInt32(text);
                        try
                        {
                            Process.GetProcessById(pid.Value);
                        }
                        catch (ArgumentException)
                        {
                            pid = null;
                        }
                    }
                }

                return pid;
            }

            public static void CreatePid(int pid)
            {
                {|#1:File.WriteAllText(PidPath, pid.ToString())|};
            }
        }
        """;

    [Fact]
    public Task Value_read_from_the_pid_file_compared_with_null_tests_the_lock() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Pid.cs", PidFile),
                ("StartCommand.cs", """
                using System;
                using System.Diagnostics;

                public class StartCommand
                {
                    public void Run(string exe)
                    {
                        if (Pid.GetPid() != null)
                        {
                            Console.Error.WriteLine("Already running");
                        }
                        else
                        {
                            var daemon = Process.Start(exe, "--no-daemon");
                            {|#0:Pid.CreatePid(daemon.Id)|};
                        }
                    }
                }
                """),
            },
            Expected("PidPath", "Pid.CreatePid \u2192 File.WriteAllText"));

    [Fact]
    public Task Locker_object_whose_read_returns_null_when_missing_then_saves_the_lock() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("ProcessLocker.cs", """
                using System.Diagnostics;
                using System.IO;

                class ProcessLocker
                {
                    private readonly string m_LockFilePath;

                    public ProcessLocker(string workDir, string lockFileName)
                    {
                        m_LockFilePath = Path.Combine(workDir, lockFileName);
                    }

                    public Process GetLockedProcess()
                    {
                        if (!File.Exists(m_LockFilePath))
                            return null;

                        if (!int.TryParse(File.ReadAllText(m_LockFilePath), out var processId))
                            return null;

                        return Process.GetProcessById(processId);
                    }

                    public void SaveLock(Process process)
                    {
                        {|#1:File.WriteAllText(m_LockFilePath, process.Id.ToString())|};
                    }
                }
                """),
                ("AppServer.cs", """
                using System.Diagnostics;

                class AppServer
                {
                    private ProcessLocker m_Locker;
                    private Process m_WorkingProcess;

                    public bool Start(string workingDir)
                    {
                        m_Locker = new ProcessLocker(workingDir, "instance.lock");
                        var process = m_Locker.GetLockedProcess();
                        if (process == null)
                        {
                            m_WorkingProcess = Process.Start("agent.exe");
                            {|#0:m_Locker.SaveLock(m_WorkingProcess)|};
                        }
                        else
                        {
                            m_WorkingProcess = process;
                        }

                        return true;
                    }
                }
                """),
            },
            Expected("m_LockFilePath", "ProcessLocker.SaveLock \u2192 File.WriteAllText"));

    [Fact]
    public Task Pid_present_and_alive_returns_early_then_the_pid_is_written() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("PidManager.cs", """
                using System;
                using System.Diagnostics;
                using System.IO;

                public static class PidManager
                {
                    private static readonly string PidFile = Path.Combine(AppContext.BaseDirectory, "server.pid");

                    public static void WritePid(int pid) => {|#1:File.WriteAllText(PidFile, pid.ToString())|};

                    public static int? ReadPid()
                    {
                        if (!File.Exists(PidFile))
                            return null;

                        return int.TryParse(File.ReadAllText(PidFile), out var pid) ? pid : null;
                    }

                    public static bool IsProcessRunning(int pid)
                    {
                        try { return !Process.GetProcessById(pid).HasExited; }
                        catch (ArgumentException) { return false; }
                    }
                }
                """),
                ("StartServerCommand.cs", """
                using System;
                using System.Diagnostics;

                public class StartServerCommand
                {
                    public int Execute(string exe)
                    {
                        var existingPid = PidManager.ReadPid();
                        if (existingPid.HasValue && PidManager.IsProcessRunning(existingPid.Value))
                        {
                            Console.Error.WriteLine("Server already running");
                            return -1;
                        }

                        var process = Process.Start(exe);
                        if (process is null)
                        {
                            return -1;
                        }

                        {|#0:PidManager.WritePid(process.Id)|};
                        return 0;
                    }
                }
                """),
            },
            Expected("PidFile", "PidManager.WritePid \u2192 File.WriteAllText"));

    [Fact]
    public Task Existence_branch_that_returns_while_the_lock_is_fresh_then_acquires() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", """
                using System;
                using System.IO;

                internal static class LockIO
                {
                    public static bool LockExists(string lockFilePath) => File.Exists(lockFilePath);

                    public static long ReadTimestamp(string lockFilePath) => long.Parse(File.ReadAllText(lockFilePath));

                    public static bool WriteLock(string lockFilePath, long timestamp)
                    {
                        using (var stream = {|#1:File.Create(lockFilePath)|})
                        using (var writer = new StreamWriter(stream))
                        {
                            writer.Write(timestamp);
                        }

                        return true;
                    }
                }
                """),
                ("SimpleFileLock.cs", """
                using System;

                public class SimpleFileLock
                {
                    public SimpleFileLock(string lockFilePath) { LockFilePath = lockFilePath; }

                    private string LockFilePath { get; }

                    public bool TryAcquireLock()
                    {
                        if (LockIO.LockExists(LockFilePath))
                        {
                            var written = new DateTime(LockIO.ReadTimestamp(LockFilePath));
                            if (DateTime.Now - written < TimeSpan.FromMinutes(5))
                            {
                                return false;
                            }
                        }

                        return {|#0:AcquireLock()|};
                    }

                    private bool AcquireLock() => LockIO.WriteLock(LockFilePath, DateTime.Now.Ticks);
                }
                """),
            },
            Expected("LockFilePath", "SimpleFileLock.AcquireLock \u2192 LockIO.WriteLock \u2192 File.Create"));

    private const string LockModel = """
        using System;
        using System.IO;
        using System.Text;
        using System.Threading.Tasks;

        internal class LockModel
        {
            private readonly string _path;

            public LockModel(string path)
            {
                _path = path;
            }

            internal async Task<bool> TrySetReleaseDate(DateTime date)
            {
                try
                {
                    using (var fs = {|#1:new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None)|})
                    using (var sr = new StreamWriter(fs, Encoding.UTF8))
                    {
                        await sr.WriteAsync(date.Ticks.ToString());
                    }
                }
                catch (IOException)
                {
                    return false;
                }

                return true;
            }

            internal async Task<bool> CanModify()
            {
                try
                {
                    var text = await File.ReadAllTextAsync(_path);
                    return new DateTime(long.Parse(text), DateTimeKind.Utc) <= DateTime.UtcNow;
                }
                catch (IOException)
                {
                    return true;
                }
            }
        }
        """;

    [Fact]
    public Task Helper_object_built_with_the_lock_path_writes_it_after_the_check() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockModel.cs", LockModel),
                ("FileLock.cs", """
                using System;
                using System.IO;
                using System.Threading.Tasks;

                public class FileLock
                {
                    private const string Extension = "lock";
                    private readonly LockModel _content;
                    private readonly string _path;

                    public FileLock(string path)
                    {
                        _path = Path.ChangeExtension(path, Extension);
                        _content = new LockModel(_path);
                    }

                    public async Task<bool> TryAcquire(TimeSpan lockTime)
                    {
                        if (!File.Exists(_path))
                        {
                            if (!await {|#0:_content.TrySetReleaseDate(DateTime.UtcNow + lockTime)|})
                            {
                                return false;
                            }

                            return true;
                        }

                        return false;
                    }
                }
                """),
            },
            Expected("_path", "LockModel.TrySetReleaseDate \u2192 FileStream constructor"));

    [Fact]
    public Task Existence_and_the_content_judgement_of_the_same_lock_then_write() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockModel.cs", LockModel),
                ("FileLock.cs", """
                using System;
                using System.IO;
                using System.Threading.Tasks;

                public class FileLock
                {
                    private readonly LockModel _content;
                    private readonly string _path;

                    public FileLock(string path)
                    {
                        _path = path + ".lock";
                        _content = new LockModel(_path);
                    }

                    public async Task<bool> TryAcquire(TimeSpan lockTime)
                    {
                        if (File.Exists(_path) && !await _content.CanModify())
                        {
                            return false;
                        }

                        var releaseDate = DateTime.UtcNow + lockTime;
                        if (!await {|#0:_content.TrySetReleaseDate(releaseDate)|})
                        {
                            return false;
                        }

                        return true;
                    }
                }
                """),
            },
            Expected("_path", "LockModel.TrySetReleaseDate \u2192 FileStream constructor"));

    [Fact]
    public Task Direct_existence_branch_that_returns_when_fresh_then_create_is_flagged() =>
        Verify.VerifyAsync(
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

                    {|#0:File.WriteAllText(lockPath, "1")|};
                    return true;
                }
            }
            """,
            Verify.Diagnostic("LCK006").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task Value_that_is_not_null_when_the_file_is_missing_is_not_a_test() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockIO.cs", """
                using System.IO;

                public class LockContent { public int Pid; }
                public sealed class MissingLockContent : LockContent { }

                public static class LockIO
                {
                    private static LockContent _cached;

                    public static LockContent ReadLock(string path)
                    {
                        if (!File.Exists(path))
                            return new MissingLockContent();
                        return new LockContent { Pid = int.Parse(File.ReadAllText(path)) };
                    }

                    public static LockContent Cached(string path)
                    {
                        if (_cached != null)
                            return _cached;
                        if (!File.Exists(path))
                            return null;
                        return _cached = new LockContent { Pid = int.Parse(File.ReadAllText(path)) };
                    }

                    public static void WriteLock(string path, int pid) => File.WriteAllText(path, pid.ToString());
                }
                """),
                ("Daemon.cs", """
                public class Daemon
                {
                    public void Start(string lockPath, int pid)
                    {
                        if (LockIO.ReadLock(lockPath) == null)
                            LockIO.WriteLock(lockPath, pid);

                        if (LockIO.Cached(lockPath) == null)
                            LockIO.WriteLock(lockPath, pid);
                    }
                }
                """),
            });

    [Fact]
    public Task Presence_of_another_file_or_a_reassigned_local_does_not_guard_the_create() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("Pid.cs", PidFile.Replace("{|#1:", string.Empty).Replace(")|};", ");")),
                ("Daemon.cs", """
                using System.IO;

                public class Daemon
                {
                    public void Start(string otherLock, int id)
                    {
                        if (Pid.GetPid() == null)
                            File.WriteAllText(otherLock, id.ToString());

                        var pid = Pid.GetPid();
                        if (id > 0)
                            pid = id;
                        if (pid == null)
                            Pid.CreatePid(id);
                    }
                }
                """),
            });

    [Fact]
    public Task Unrelated_flag_or_a_branch_that_never_leaves_does_not_guard_the_create() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public bool Take(string lockPath, bool force)
                {
                    if (File.Exists(lockPath) && !force)
                    {
                        return false;
                    }

                    File.WriteAllText(lockPath, "1");
                    return true;
                }

                public void Overwrite(string lockPath)
                {
                    if (File.Exists(lockPath))
                    {
                        Console.WriteLine("replacing " + lockPath);
                    }

                    File.WriteAllText(lockPath, "1");
                }
            }
            """);

    [Fact]
    public Task Helper_object_built_with_another_value_or_rebuilt_is_not_the_lock() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                ("LockModel.cs", LockModel.Replace("{|#1:", string.Empty).Replace(")|})", "))")),
                ("FileLock.cs", """
                using System;
                using System.IO;
                using System.Threading.Tasks;

                public class FileLock
                {
                    private readonly LockModel _journal;
                    private LockModel _content;
                    private readonly string _path;

                    public FileLock(string path)
                    {
                        _path = path + ".lock";
                        _journal = new LockModel(path + ".journal");
                        _content = new LockModel(_path);
                    }

                    public void Retarget(string other) => _content = new LockModel(other);

                    public async Task<bool> TryAcquire(TimeSpan lockTime)
                    {
                        if (!File.Exists(_path))
                        {
                            await _journal.TrySetReleaseDate(DateTime.UtcNow);
                            return await _content.TrySetReleaseDate(DateTime.UtcNow + lockTime);
                        }

                        return false;
                    }
                }
                """),
            });

    [Fact]
    public Task FileShare_None_handle_held_for_the_work_in_a_using_is_not_an_overwrite() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Run(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        using (var handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                        {
                            DoWork();
                        }
                    }
                }

                private static void DoWork() { }
            }
            """);
}
