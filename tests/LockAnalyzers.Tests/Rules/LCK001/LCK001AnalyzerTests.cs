using LockAnalyzers.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK001.LCK001HeartbeatFailureSwallowedAnalyzer>;
using static LockAnalyzers.Tests.Rules.LCK001.LCK001Source;
using LockAnalyzers.Rules.LCK001;

namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>LCK001 positives: heartbeat writes whose failure a catch swallows.</summary>
public class LCK001AnalyzerTests
{
    private static Task Flagged(string source, string path, string catchMarker, int occurrence = 1) =>
        Verify.VerifyAsync(source, Verify.Diagnostic("LCK001").WithLocation(0).WithArguments(path, LineOf(source, catchMarker, occurrence)));

    [Fact]
    public Task Seed000_touch_of_lock_path_with_logging_only_catch() => Flagged(
        """
        using System;
        using System.IO;
        using Microsoft.Extensions.Logging;

        class Holder
        {
            private readonly string _lockPath = "/var/run/app.lock";
            private readonly ILogger _logger;
            public Holder(ILogger logger) { _logger = logger; }

            void OnTimer()
            {
                try
                {
                    {|#0:File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow)|};
                }
                catch (IOException ex)
                {
                    _logger.LogWarning(ex, "heartbeat failed for {Path}", _lockPath);
                }
            }
        }
        """, "_lockPath", "catch (IOException");

    [Theory]
    [InlineData("catch { }", "catch {")]
    [InlineData("catch (Exception) { }", "catch (Exception)")]
    [InlineData("catch (SystemException) { }", "catch (SystemException)")]
    [InlineData("catch (IOException) { }", "catch (IOException)")]
    [InlineData("catch (FileNotFoundException) { }", "catch (FileNotFoundException)")]
    [InlineData("catch (DirectoryNotFoundException) { }", "catch (DirectoryNotFoundException)")]
    [InlineData("catch (UnauthorizedAccessException) { }", "catch (UnauthorizedAccessException)")]
    [InlineData("catch (Exception ex) { Console.WriteLine(ex); }", "catch (Exception ex)")]
    [InlineData("catch (Exception ex) { Debug.WriteLine(ex.Message); Trace.TraceWarning(ex.ToString()); }", "catch (Exception ex)")]
    [InlineData("catch (Exception ex) { _log.Warn(\"heartbeat \" + ex.Message); }", "catch (Exception ex)")]
    [InlineData("catch (Exception ex) { _log.Error(string.Format(\"{0}\", ex)); return; }", "catch (Exception ex)")]
    [InlineData("catch (Exception ex) { var message = ex.Message; Console.Error.WriteLine(message); }", "catch (Exception ex)")]
    [InlineData("catch (IOException) { Thread.Sleep(100); }", "catch (IOException)")]
    public Task Swallowing_catch_shapes_are_flagged(string catchClause, string marker) => Flagged(
        $$"""
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;

        class Log { public void Warn(string m) { } public void Error(string m) { } }

        class Holder
        {
            private readonly Log _log = new Log();

            void Refresh(string lockPath)
            {
                try
                {
                    {|#0:File.SetLastWriteTime(lockPath, DateTime.Now)|};
                }
                {{catchClause}}
            }
        }
        """, "lockPath", marker);

    [Theory]
    [InlineData("DateTime.UtcNow")]
    [InlineData("DateTime.Now")]
    [InlineData("DateTimeOffset.UtcNow.UtcDateTime")]
    [InlineData("DateTimeOffset.Now.DateTime")]
    [InlineData("DateTimeOffset.Now.LocalDateTime")]
    [InlineData("DateTime.UtcNow.AddSeconds(30)")]
    [InlineData("TimeProvider.System.GetUtcNow().UtcDateTime")]
    public Task Now_forms_are_heartbeats(string now) => Flagged(
        $$"""
        using System;
        using System.IO;

        class Holder
        {
            void Work(string pidFile)
            {
                try
                {
                    {|#0:File.SetLastWriteTimeUtc(pidFile, {{now}})|};
                }
                catch (Exception)
                {
                }
            }
        }
        """, "pidFile", "catch (Exception)");

    [Theory]
    [InlineData("SetLastAccessTime")]
    [InlineData("SetLastAccessTimeUtc")]
    [InlineData("SetLastWriteTime")]
    public Task Other_time_setters_are_heartbeats(string method) => Flagged(
        $$"""
        using System;
        using System.IO;

        class Holder
        {
            void Work()
            {
                try
                {
                    {|#0:File.{{method}}("/tmp/job.lock", DateTime.UtcNow)|};
                }
                catch (IOException)
                {
                }
            }
        }
        """, "\"/tmp/job.lock\"", "catch (IOException)");

    [Theory]
    [InlineData("LastWriteTimeUtc")]
    [InlineData("LastWriteTime")]
    [InlineData("LastAccessTimeUtc")]
    [InlineData("LastAccessTime")]
    public Task FileInfo_setters_are_heartbeats(string property) => Flagged(
        $$"""
        using System;
        using System.IO;

        class Holder
        {
            private readonly string _lockFile = "x";

            void Work()
            {
                try
                {
                    {|#0:new FileInfo(_lockFile).{{property}} = DateTime.UtcNow|};
                }
                catch (IOException)
                {
                }
            }
        }
        """, "_lockFile", "catch (IOException)");

    [Fact]
    public Task FileInfo_local_setter_is_a_heartbeat() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Work(string lockPath)
            {
                var info = new FileInfo(lockPath);
                try
                {
                    {|#0:info.LastWriteTimeUtc = DateTimeOffset.UtcNow.UtcDateTime|};
                }
                catch (IOException)
                {
                }
            }
        }
        """, "info", "catch (IOException)");

    [Fact]
    public Task FileInfo_object_initializer_and_now_local_are_heartbeats()
    {
        const string source = """
            using System;
            using System.IO;

            class Holder
            {
                void Work(string lockPath)
                {
                    var now = DateTime.UtcNow;
                    try
                    {
                        _ = new FileInfo(lockPath) { {|#0:LastWriteTimeUtc = DateTime.UtcNow|} };
                    }
                    catch (IOException)
                    {
                    }

                    try
                    {
                        {|#1:File.SetLastWriteTimeUtc(lockPath, now)|};
                    }
                    catch (Exception)
                    {
                    }
                }
            }
            """;
        return Verify.VerifyAsync(
            source,
            Verify.Diagnostic("LCK001").WithLocation(0).WithArguments("lockPath", LineOf(source, "catch (IOException)")),
            Verify.Diagnostic("LCK001").WithLocation(1).WithArguments("lockPath", LineOf(source, "catch (Exception)")));
    }

    [Fact]
    public Task Non_lock_path_in_heartbeat_member_is_flagged() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            private readonly string _marker = "/srv/app/owner";

            void Heartbeat()
            {
                try
                {
                    {|#0:File.SetLastWriteTimeUtc(_marker, DateTime.UtcNow)|};
                }
                catch
                {
                }
            }
        }
        """, "_marker", "catch");

    [Fact]
    public Task Async_heartbeat_loop_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        class Holder
        {
            async Task KeepAliveAsync(string lockPath, ILogger logger, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    try
                    {
                        {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                    }
                    catch (IOException ex)
                    {
                        logger.LogError(ex, "keepalive failed");
                    }

                    await Task.Delay(TimeSpan.FromSeconds(5), token);
                }
            }
        }
        """, "lockPath", "catch (IOException");

    [Fact]
    public Task Awaited_async_content_write_in_heartbeat_member_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Holder
        {
            async Task RenewLeaseAsync(string leasePath)
            {
                try
                {
                    await {|#0:File.WriteAllTextAsync(leasePath, DateTime.UtcNow.ToString("O"))|}.ConfigureAwait(false);
                }
                catch (IOException)
                {
                }
            }
        }
        """, "leasePath", "catch (IOException)");

    [Fact]
    public Task Stream_write_to_lock_file_in_heartbeat_member_is_flagged() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Beat(string lockPath)
            {
                try
                {
                    using (var writer = new StreamWriter(lockPath))
                    {
                        {|#0:writer.WriteLine(DateTime.UtcNow.Ticks)|};
                    }
                }
                catch (Exception)
                {
                }
            }
        }
        """, "writer", "catch (Exception)");

    [Fact]
    public Task Timer_lambda_with_swallowing_catch_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading;

        class Holder
        {
            private Timer? _timer;

            void Start(string lockPath)
            {
                _timer = new Timer(_ =>
                {
                    try
                    {
                        {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                    }
                    catch (IOException)
                    {
                    }
                }, null, 0, 5000);
            }
        }
        """, "lockPath", "catch (IOException)");

    [Fact]
    public Task Timer_lambda_in_heartbeat_timer_field_is_flagged_for_any_path() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading;

        class Holder
        {
            private static readonly string Marker = "/srv/app/owner";
            private readonly Timer _heartbeatTimer = new Timer(_ =>
            {
                try
                {
                    {|#0:File.SetLastWriteTimeUtc(Marker, DateTime.UtcNow)|};
                }
                catch (Exception)
                {
                }
            }, null, 0, 5000);
        }
        """, "Marker", "catch (Exception)");

    [Fact]
    public Task Task_run_body_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Holder
        {
            Task Start(string lockPath, CancellationToken token) => Task.Run(async () =>
            {
                while (!token.IsCancellationRequested)
                {
                    try { {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|}; }
                    catch (IOException) { }
                    await Task.Delay(1000, token);
                }
            });
        }
        """, "lockPath", "catch (IOException)");

    [Fact]
    public Task Awaited_task_run_inside_try_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Holder
        {
            async Task Touch(string lockPath)
            {
                try
                {
                    await Task.Run(() => {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|}).ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
            }
        }
        """, "lockPath", "catch (Exception)");

    [Fact]
    public Task Local_function_with_its_own_try_is_flagged() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Run(string lockPath)
            {
                Beat();

                void Beat()
                {
                    try { {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|}; }
                    catch (IOException) { }
                }
            }
        }
        """, "lockPath", "catch (IOException)");

    [Fact]
    public Task Local_function_called_inside_try_is_flagged_one_call_deep() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Run(string lockPath)
            {
                try
                {
                    Touch();
                }
                catch (IOException)
                {
                }

                void Touch() => {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
            }
        }
        """, "lockPath", "catch (IOException)");

    [Fact]
    public Task Expression_bodied_helper_called_inside_try_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading;

        class LockHolder
        {
            private readonly string _path;
            private Timer? _timer;
            public LockHolder(string path) { _path = path; }

            private void TouchMarker() => {|#0:File.SetLastWriteTimeUtc(_path, DateTime.UtcNow)|};

            private void OnTick(object? state)
            {
                try
                {
                    TouchMarker();
                }
                catch (Exception)
                {
                }
            }

            public void Start() => _timer = new Timer(OnTick, null, 0, 1000);
        }
        """, "_path", "catch (Exception)");

    [Fact]
    public Task Helper_with_neutral_name_is_flagged_when_the_caller_passes_a_lock_path() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            private readonly string _lockPath = "a.lock";

            private static void SetStamp(string target) => {|#0:File.SetLastWriteTimeUtc(target, DateTime.UtcNow)|};

            private void Work()
            {
                try
                {
                    SetStamp(_lockPath);
                }
                catch (IOException)
                {
                }
            }
        }
        """, "target", "catch (IOException)");

    [Fact]
    public Task Async_helper_awaited_inside_try_is_flagged() => Flagged(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Holder
        {
            private async Task WriteStampAsync(string lockPath)
            {
                await Task.Yield();
                {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
            }

            private async Task LoopAsync()
            {
                try
                {
                    await WriteStampAsync("x.lock");
                }
                catch (IOException)
                {
                }
            }
        }
        """, "lockPath", "catch (IOException)");

    [Fact]
    public Task Nested_try_whose_inner_catch_rethrows_into_a_swallowing_outer_catch_is_flagged() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try
                {
                    try
                    {
                        {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                    }
                    catch (IOException ex)
                    {
                        Console.WriteLine(ex);
                        throw;
                    }
                }
                catch (Exception)
                {
                }
            }
        }
        """, "lockPath", "catch (Exception)");

    [Fact]
    public Task Nested_try_inner_catch_throws_new_exception_swallowed_outside_is_flagged() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try
                {
                    try
                    {
                        {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                    }
                    catch (IOException ex)
                    {
                        throw new InvalidOperationException("heartbeat", ex);
                    }
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
        """, "lockPath", "catch (InvalidOperationException)");

    [Fact]
    public Task Nested_try_inner_catches_only_unrelated_exceptions() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try
                {
                    try
                    {
                        {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                    }
                    catch (ArgumentException)
                    {
                        throw;
                    }
                }
                catch (IOException)
                {
                }
            }
        }
        """, "lockPath", "catch (IOException)");

    [Fact]
    public Task Access_denied_swallowed_after_io_errors_are_handled() => Flagged(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try
                {
                    {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                }
                catch (IOException)
                {
                    throw;
                }
                catch (Exception)
                {
                }
            }
        }
        """, "lockPath", "catch (Exception)");

    [Theory]
    [InlineData("when (ex is IOException)")]
    [InlineData("when (ex is IOException io && io.HResult != 0)")]
    [InlineData("when (ex is not OperationCanceledException)")]
    [InlineData("when (!(ex is OperationCanceledException))")]
    [InlineData("when (ex is UnauthorizedAccessException or IOException)")]
    [InlineData("when (ex.HResult != 0)")]
    [InlineData("when (true)")]
    [InlineData("when (Check(ex))")]
    public Task When_filters_that_let_heartbeat_failures_through_are_flagged(string filter) => Flagged(
        $$"""
        using System;
        using System.IO;

        class Holder
        {
            static bool Check(Exception e) => e.Data != null;

            void Heartbeat(string lockPath)
            {
                try
                {
                    {|#0:File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|};
                }
                catch (Exception ex) {{filter}}
                {
                }
            }
        }
        """, "lockPath", "catch (Exception ex)");

    [Fact]
    public Task Editorconfig_lock_words_extend_lock_paths() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Holder
            {
                void Work(string journalPath)
                {
                    try { {|#0:File.SetLastWriteTimeUtc(journalPath, DateTime.UtcNow)|}; }
                    catch (IOException) { }
                }
            }
            """,
            withRuntime: false,
            editorConfig: "lock_analyzers.lock_path_words = journal",
            Verify.Diagnostic("LCK001").WithLocation(0).WithArguments("journalPath", "9"));

    [Fact]
    public void Heartbeat_names()
    {
        Assert.True(HeartbeatWrites.IsHeartbeatName("Heartbeat"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("OnHeartbeat"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("KeepAlive"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("keepaliveLoop"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("RenewLeaseAsync"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("TouchLockFile"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("_heartbeatTimer"));
        Assert.True(HeartbeatWrites.IsHeartbeatName("ExtendOwnership"));
        Assert.False(HeartbeatWrites.IsHeartbeatName("TouchCacheEntry"));
        Assert.False(HeartbeatWrites.IsHeartbeatName("RefreshToken"));
        Assert.False(HeartbeatWrites.IsHeartbeatName("Save"));
        Assert.False(HeartbeatWrites.IsHeartbeatName("Beaten"));
        Assert.False(HeartbeatWrites.IsHeartbeatName("Extended"));
        Assert.False(HeartbeatWrites.IsHeartbeatName(""));
    }
}
