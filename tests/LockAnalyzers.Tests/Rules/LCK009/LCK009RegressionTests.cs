using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK009.LCK009HandleLockPathNotWatchedAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK009;

/// <summary>Named cases found while wiring LCK009 into the seed pipeline and the fix loop.</summary>
public class LCK009RegressionTests
{
    [Fact]
    public Task LockFile_Release_from_the_LCK007_fix_is_not_a_path_watch() =>
        // The fix loop applies LCK007 first; its LockFile.Release must not hide the unwatched handle of seed 001.
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            sealed class Daemon : IDisposable
            {
                private FileStream _lockHandle;

                public string LockPath => "/run/agent/daemon.lock";
                public string PidPath => "/run/agent/daemon.pid";

                public void Start()
                {
                    _lockHandle = {|#0:new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                    File.WriteAllText(PidPath, Environment.ProcessId.ToString());
                }

                public void Dispose()
                {
                    _lockHandle.Dispose();
                    LockFile.Release(PidPath, Environment.ProcessId.ToString());
                }
            }
            """,
            withRuntime: true,
            editorConfig: null,
            Verify.Diagnostic("LCK009").WithLocation(0).WithArguments("LockPath", "_lockHandle"));

    [Fact]
    public Task A_watch_started_on_one_handle_does_not_hide_another_handle() =>
        // Single-fix application (an IDE, one diagnostic at a time) must still see the second handle after the first fix.
        Verify.VerifyAsync(
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            class TwoLocks
            {
                private FileStream _a;
                private FileStream _b;
                private LockPathWatch _aWatch;

                public void Start()
                {
                    _a = new FileStream("a.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    _aWatch = LockPathWatch.Start(_a, "a.lock");
                    _b = {|#0:new FileStream("b.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                }
            }
            """,
            withRuntime: true,
            editorConfig: null,
            Verify.Diagnostic("LCK009").WithLocation(0).WithArguments("\"b.lock\"", "_b"));

    [Fact]
    public Task Field_handle_closed_later_in_the_same_member_is_short_lived() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Job
            {
                private FileStream _lock;

                public void RunExclusive(string lockPath)
                {
                    _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        _lock?.Dispose();
                    }
                }

                private static void Work() { }
            }
            """);

    [Fact]
    public Task Words_inside_other_words_are_not_watch_evidence() =>
        // "status", "station", "casino" contain stat/ino but are not those words: the handle is still unwatched.
        Verify.VerifyAsync(
            """
            using System.IO;

            class Station
            {
                private FileStream _lock;
                private int _status;
                private string _casino;

                public void Start(string lockPath)
                {
                    _lock = {|#0:new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                    _status = 1;
                }
            }
            """,
            Verify.Diagnostic("LCK009").WithLocation(0).WithArguments("lockPath", "_lock"));
}
