using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK001.LCK001HeartbeatFailureSwallowedAnalyzer>;
using static LockAnalyzers.Tests.Rules.LCK001.LCK001Source;

namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>False positives found while building LCK001, each kept as a named test.</summary>
public class LCK001RegressionTests
{
    /// <summary>MSBuild-style Touch task: "touch" on ordinary files in a type with no lock is a build step, not a heartbeat.</summary>
    [Fact]
    public Task Build_tool_touch_helper_is_not_a_heartbeat() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;

        class TouchTask
        {
            public string[] Files { get; set; } = Array.Empty<string>();

            public void Touch()
            {
                foreach (var file in Files)
                {
                    try
                    {
                        File.SetLastWriteTime(file, DateTime.Now);
                    }
                    catch (IOException ex)
                    {
                        Console.Error.WriteLine($"warning: could not touch {file}: {ex.Message}");
                    }
                }
            }
        }
        """);

    /// <summary>The same weak word in a type that holds a lock is a heartbeat.</summary>
    [Fact]
    public Task Touch_in_a_type_that_holds_a_lock_is_a_heartbeat()
    {
        const string source = """
            using System;
            using System.IO;

            class Worker
            {
                private readonly string _lockFile = "/tmp/w.lock";
                private readonly string _ownerMarker = "/tmp/w.owner";

                public void Touch()
                {
                    try
                    {
                        {|#0:File.SetLastWriteTime(_ownerMarker, DateTime.Now)|};
                    }
                    catch (IOException)
                    {
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK001").WithLocation(0).WithArguments("_ownerMarker", LineOf(source, "catch (IOException)")));
    }

    /// <summary>An LRU disk cache refreshes entry times best-effort; "cache" in the member name says it is not a lock.</summary>
    [Fact]
    public Task Refresh_cache_entry_in_lock_holding_type_is_not_a_heartbeat() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;

        class CachedDownloader
        {
            private readonly object _lock = new object();
            private readonly string _cacheDir = "/var/cache/dl";

            public void RefreshCacheEntry(string name)
            {
                lock (_lock)
                {
                    try { File.SetLastAccessTimeUtc(Path.Combine(_cacheDir, name), DateTime.UtcNow); }
                    catch (IOException) { }
                }
            }
        }
        """);

    /// <summary>A timestamp read from another file and stored in a local is a copy, not "now".</summary>
    [Fact]
    public Task Timestamp_copied_through_a_local_is_not_a_heartbeat() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;

        class Restorer
        {
            void Restore(string backup, string lockPath)
            {
                var stamp = File.GetLastWriteTimeUtc(backup);
                try { File.SetLastWriteTimeUtc(lockPath, stamp); }
                catch (IOException) { }
            }
        }
        """);

    /// <summary>A local "now" that is later overwritten with a copied time is not trusted as now.</summary>
    [Fact]
    public Task Reassigned_time_local_is_not_a_heartbeat() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;

        class Restorer
        {
            void Restore(string backup, string lockPath)
            {
                var stamp = DateTime.UtcNow;
                if (File.Exists(backup)) stamp = File.GetLastWriteTimeUtc(backup);
                try { File.SetLastWriteTimeUtc(lockPath, stamp); }
                catch (IOException) { }
            }
        }
        """);

    /// <summary>A console or log writer inside a heartbeat member is a log line, not a content write to the lock.</summary>
    [Fact]
    public Task Log_writes_inside_heartbeat_member_are_not_heartbeats() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            private readonly StreamWriter _log = new StreamWriter("/var/log/app.log");

            void Heartbeat()
            {
                try
                {
                    Console.WriteLine("beat");
                    _log.WriteLine("beat at " + DateTime.UtcNow);
                }
                catch (IOException)
                {
                }
            }
        }
        """);

    /// <summary>A write to a lock-named stream opened with File.Open is a content heartbeat (recognised past File.Open).</summary>
    [Fact]
    public Task Stream_opened_with_File_Open_on_lock_path_is_recognised()
    {
        const string source = """
            using System;
            using System.IO;

            class Holder
            {
                void Heartbeat(string lockPath)
                {
                    try
                    {
                        using var stream = File.Open(lockPath, FileMode.Open);
                        {|#0:stream.WriteByte(1)|};
                    }
                    catch (IOException)
                    {
                    }
                }
            }
            """;
        return Verify.VerifyAsync(source, Verify.Diagnostic("LCK001").WithLocation(0).WithArguments("stream", LineOf(source, "catch (IOException)")));
    }

    /// <summary>An outer catch that assigns state handles what the inner catch rethrows.</summary>
    [Fact]
    public Task Rethrow_into_handling_outer_catch_through_a_helper_is_not_flagged() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            private bool _healthy = true;

            private void Heartbeat(string lockPath)
            {
                try { File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow); }
                catch (IOException ex) { Console.WriteLine(ex); throw; }
            }

            private void Tick()
            {
                try { Heartbeat("a.lock"); }
                catch (IOException) { _healthy = false; }
            }
        }
        """);
}
