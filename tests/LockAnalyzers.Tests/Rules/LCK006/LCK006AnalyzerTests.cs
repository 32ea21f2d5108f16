using LockAnalyzers.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer>;
using LockAnalyzers.Rules.LCK006;

namespace LockAnalyzers.Tests.Rules.LCK006;

public class LCK006AnalyzerTests
{
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(string path, int location = 0) =>
        Verify.Diagnostic("LCK006").WithLocation(location).WithArguments(path);

    [Fact]
    public Task Negated_exists_then_WriteAllText_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Daemon
            {
                private readonly string _lockPath = "/var/run/daemon.lock";

                public bool TryAcquire()
                {
                    if (!File.Exists(_lockPath))
                    {
                        {|#0:File.WriteAllText(_lockPath, Environment.ProcessId.ToString())|};
                        return true;
                    }

                    return false;
                }
            }
            """,
            Expected("_lockPath"));

    [Fact]
    public Task Early_return_guard_then_create_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Daemon
            {
                public bool TryAcquire(string lockPath)
                {
                    if (File.Exists(lockPath))
                        return false;

                    {|#0:File.WriteAllText(lockPath, Environment.ProcessId.ToString())|};
                    return true;
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task Wait_loop_then_create_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using System.Threading;

            class Job
            {
                public void Run(string dir)
                {
                    var lockFile = Path.Combine(dir, "job.lock");
                    while (File.Exists(lockFile))
                    {
                        Thread.Sleep(100);
                    }

                    {|#0:File.WriteAllText(lockFile, "busy")|};
                }
            }
            """,
            Expected("lockFile"));

    [Fact]
    public Task Else_branch_of_exists_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public bool Start(string pidFile)
                {
                    if (File.Exists(pidFile))
                    {
                        return false;
                    }
                    else
                    {
                        {|#0:File.WriteAllText(pidFile, "1")|};
                    }

                    return true;
                }
            }
            """,
            Expected("pidFile"));

    [Fact]
    public Task Exists_equals_false_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Start(string lockPath)
                {
                    if (File.Exists(lockPath) == false)
                        {|#0:File.WriteAllText(lockPath, "1")|};
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task Exists_is_false_pattern_with_compound_condition_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Start(string lockPath, bool force)
                {
                    if (File.Exists(lockPath) is false && !force)
                        {|#0:File.WriteAllText(lockPath, "1")|};
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task FileInfo_Exists_then_Create_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Start(string lockPath)
                {
                    var info = new FileInfo(lockPath);
                    if (!info.Exists)
                    {
                        {|#0:info.Create()|}.Dispose();
                    }
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task File_Create_disposed_after_check_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Start(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        using ({|#0:File.Create(lockPath)|}) { }
                    }
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task FileStream_OpenOrCreate_without_share_none_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Start(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        using var stream = {|#0:new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.Write)|};
                        stream.WriteByte(1);
                    }
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task StreamWriter_and_CreateText_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void A(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        using (var writer = {|#0:new StreamWriter(lockPath)|})
                        {
                            writer.Write("1");
                        }
                    }
                }

                public void B(string lockPath)
                {
                    if (File.Exists(lockPath)) return;
                    using var writer = {|#1:File.CreateText(lockPath)|};
                    writer.Write("1");
                }
            }
            """,
            Expected("lockPath", 0),
            Expected("lockPath", 1));

    [Fact]
    public Task Async_write_after_check_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Job
            {
                private const string LockFile = "app.lock";

                public async Task<bool> TryAcquireAsync()
                {
                    if (File.Exists(LockFile))
                    {
                        return false;
                    }

                    await {|#0:File.WriteAllTextAsync(LockFile, Environment.ProcessId.ToString())|};
                    return true;
                }
            }
            """,
            Expected("LockFile"));

    [Fact]
    public Task Bool_helper_one_call_deep_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                private readonly string _lockPath = "job.lock";

                private bool IsLocked() => File.Exists(_lockPath);

                private static bool LockExists(string path)
                {
                    return File.Exists(path);
                }

                public bool A()
                {
                    if (IsLocked()) return false;
                    {|#0:File.WriteAllText(_lockPath, "1")|};
                    return true;
                }

                public bool B(string lockPath)
                {
                    if (!LockExists(lockPath))
                    {
                        {|#1:File.WriteAllBytes(lockPath, new byte[] { 1 })|};
                        return true;
                    }

                    return false;
                }
            }
            """,
            Expected("_lockPath", 0),
            Expected("lockPath", 1));

    [Fact]
    public Task Create_after_failed_read_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public bool TryAcquire(string lockPath)
                {
                    try
                    {
                        var owner = File.ReadAllText(lockPath);
                        return false;
                    }
                    catch (FileNotFoundException)
                    {
                        {|#0:File.WriteAllText(lockPath, "me")|};
                        return true;
                    }
                }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public Task Conditional_and_short_circuit_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                private static bool Write(string path) { File.WriteAllText(path, "x"); return true; }

                public bool TryAcquire(string lockPath) =>
                    !File.Exists(lockPath) && Mark({|#0:File.CreateText(lockPath)|});

                private static bool Mark(StreamWriter writer) { writer.Dispose(); return true; }
            }
            """,
            Expected("lockPath"));

    [Fact]
    public async Task Top_level_statements_are_flagged()
    {
        var test = new Verifiers.AnalyzerVerifier<LCK006CheckThenCreateAnalyzer>.Test
        {
            TestCode = """
                using System.IO;

                var lockPath = "tool.lock";
                if (File.Exists(lockPath))
                {
                    return 1;
                }

                {|#0:File.WriteAllText(lockPath, "1")|};
                return 0;
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Expected("lockPath"));
        await test.RunAsync();
    }

    [Fact]
    public Task Create_new_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public bool TryAcquire(string lockPath)
                {
                    if (File.Exists(lockPath)) return false;
                    try
                    {
                        using var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                        return true;
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                }
            }
            """);

    [Fact]
    public Task OpenOrCreate_share_none_handle_lock_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                private FileStream? _lockHandle;

                public bool TryAcquire(string lockPath)
                {
                    if (File.Exists(lockPath)) return false;
                    _lockHandle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return true;
                }

                public void Hold(string lockPath)
                {
                    if (!File.Exists(lockPath))
                    {
                        _lockHandle = File.Create(lockPath);
                    }
                }
            }
            """);

    [Fact]
    public Task Settings_file_write_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Settings
            {
                public void EnsureDefaults(string settingsPath)
                {
                    if (!File.Exists(settingsPath))
                    {
                        File.WriteAllText(settingsPath, "{}");
                    }

                    if (File.Exists("app.json")) return;
                    File.WriteAllText("app.json", "{}");
                }
            }
            """);

    [Fact]
    public Task Heartbeat_write_when_lock_exists_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Heartbeat
            {
                public void Beat(string lockPath)
                {
                    if (File.Exists(lockPath))
                    {
                        File.WriteAllText(lockPath, DateTime.UtcNow.ToString("o"));
                    }
                }
            }
            """);

    [Fact]
    public Task Create_without_existence_test_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Write(string lockPath, string other)
                {
                    File.WriteAllText(lockPath, "1");
                    if (!File.Exists(other))
                    {
                        File.WriteAllText(lockPath, "2");
                    }
                }
            }
            """);

    [Fact]
    public Task Check_in_a_lambda_does_not_guard_the_outer_create() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public void Write(string lockPath)
                {
                    Func<bool> check = () => { if (File.Exists(lockPath)) return false; return true; };
                    File.WriteAllText(lockPath, "1");
                }
            }
            """);

    [Fact]
    public Task Editorconfig_words_make_a_claim_file_a_lock() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                public void Take(string claimFile)
                {
                    if (!File.Exists(claimFile))
                        {|#0:File.WriteAllText(claimFile, "1")|};
                }
            }
            """,
            withRuntime: false,
            editorConfig: "lock_analyzers.lock_path_words = claim",
            Expected("claimFile"));

    [Theory]
    [InlineData("if (!File.Exists(lockPath)) File.WriteAllText(")]
    [InlineData("if (!File.Exists(lockPath)) File.WriteAllText(lockPath")]
    [InlineData("if (File.Exists(lockPath)) return; File.WriteAllText(lockPath, missing);")]
    [InlineData("if (!File.Exists()) File.WriteAllText(lockPath, \"1\");")]
    [InlineData("while (File.Exists(lockPath)) ; new FileStream(lockPath, FileMode.")]
    [InlineData("if (!IsLocked(lockPath)) File.WriteAllText(lockPath, \"1\");")]
    [InlineData("if (!Undefined.Exists) Undefined.Create();")]
    [InlineData("try { File.ReadAllText(lockPath); } catch (Missing) { File.WriteAllText(lockPath, \"1\"); }")]
    public async Task Incomplete_code_as_typed_does_not_crash(string body)
    {
        var test = new Verifiers.AnalyzerVerifier<LCK006CheckThenCreateAnalyzer>.Test
        {
            TestCode = """
                using System.IO;

                class Daemon
                {
                    public void Acquire(string lockPath)
                    {
                        BODY
                    }
                }
                """.Replace("BODY", body),
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }
}
