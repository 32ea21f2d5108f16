using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK001.LCK001HeartbeatFailureSwallowedAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>LCK001 negatives: handled failures, unguarded heartbeats, and writes that are not heartbeats.</summary>
public class LCK001NegativeTests
{
    private static Task Clean(string source) => Verify.VerifyAsync(source);

    private static string InHeartbeat(string catchClause, string extraMembers = "") =>
        $$"""
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        class Holder
        {
            private readonly string _lockPath = "/var/run/app.lock";
            private readonly ILogger _logger = null!;
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly TaskCompletionSource<bool> _lost = new TaskCompletionSource<bool>();
            private bool _healthy = true;
            private int _failures;
            private Exception? _lastError;
            private readonly bool[] _flags = new bool[1];
            public event EventHandler? HeartbeatFailed;
            private readonly Action<Exception> _onFailure = _ => { };
            {{extraMembers}}

            void Heartbeat()
            {
                try
                {
                    File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
                }
                {{catchClause}}
            }
        }
        """;

    [Theory]
    [InlineData("catch (IOException) { throw; }")]
    [InlineData("catch (IOException ex) { throw new InvalidOperationException(\"lost\", ex); }")]
    [InlineData("catch (Exception ex) { _logger.LogError(ex, \"x\"); throw; }")]
    [InlineData("catch (IOException) { _healthy = false; }")]
    [InlineData("catch (IOException) { _failures++; }")]
    [InlineData("catch (IOException) { _failures += 1; }")]
    [InlineData("catch (IOException ex) { _lastError = ex; }")]
    [InlineData("catch (IOException) { _flags[0] = true; }")]
    [InlineData("catch (IOException) { _cts.Cancel(); }")]
    [InlineData("catch (IOException) { _lost.TrySetResult(true); }")]
    [InlineData("catch (IOException) { HeartbeatFailed?.Invoke(this, EventArgs.Empty); }")]
    [InlineData("catch (IOException ex) { _onFailure(ex); }")]
    [InlineData("catch (IOException ex) { Environment.FailFast(\"heartbeat\", ex); }")]
    [InlineData("catch (IOException) { Environment.Exit(3); }")]
    [InlineData("catch (IOException) { StopWork(); }", "void StopWork() { }")]
    [InlineData("catch (IOException ex) { _logger.LogWarning(ex, \"x\"); MarkUnhealthy(); }", "void MarkUnhealthy() { }")]
    public Task Handling_catches_are_not_flagged(string catchClause, string extra = "") => Clean(InHeartbeat(catchClause, extra));

    [Theory]
    [InlineData("catch (ArgumentException) { }")]
    [InlineData("catch (OperationCanceledException) { }")]
    [InlineData("catch (Exception ex) when (ex is OperationCanceledException) { }")]
    [InlineData("catch (Exception ex) when (ex is ArgumentException or InvalidOperationException) { }")]
    [InlineData("catch (Exception ex) when (ex is not IOException && ex is not UnauthorizedAccessException) { }")]
    [InlineData("catch (IOException ex) when (ex is not IOException) { }")]
    [InlineData("catch (Exception) when (false) { }")]
    [InlineData("catch (Exception ex) when (LogAndKeepGoing(ex)) { }", "bool LogAndKeepGoing(Exception e) { Console.WriteLine(e); return false; }")]
    [InlineData("catch (Exception ex) when (Observe(ex)) { }", "static bool Observe(Exception e) => false;")]
    public Task Catches_that_never_see_the_failure_are_not_flagged(string catchClause, string extra = "") => Clean(InHeartbeat(catchClause, extra));

    [Fact]
    public Task Bool_member_returning_false_is_handling() => Clean(
        """
        using System;
        using System.IO;

        class Holder
        {
            bool TryHeartbeat(string lockPath)
            {
                try
                {
                    File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            }

            Exception? Beat(string lockPath)
            {
                try { File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow); return null; }
                catch (IOException ex) { return ex; }
            }
        }
        """);

    [Fact]
    public Task Handled_in_outer_try_after_rethrow_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;

        class Holder
        {
            private bool _lost;

            void Heartbeat(string lockPath)
            {
                try
                {
                    try { File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow); }
                    catch (IOException ex) { Console.WriteLine(ex); throw; }
                }
                catch (Exception)
                {
                    _lost = true;
                }
            }
        }
        """);

    [Fact]
    public Task Unguarded_heartbeat_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;
        using System.Threading;

        class Holder
        {
            private Timer? _timer;

            void Heartbeat(string lockPath) => File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);

            void Start(string lockPath)
            {
                Heartbeat(lockPath);
                _timer = new Timer(_ => File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow), null, 0, 1000);
            }
        }
        """);

    [Fact]
    public Task Try_around_timer_creation_does_not_guard_the_callback() => Clean(
        """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Holder
        {
            private Timer? _timer;

            void Start(string lockPath)
            {
                try
                {
                    _timer = new Timer(_ => File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow), null, 0, 1000);
                    _ = Task.Run(() => File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow));
                }
                catch (Exception)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Copied_timestamp_is_not_a_heartbeat() => Clean(
        """
        using System;
        using System.IO;

        class Mirror
        {
            void Copy(string src, string lockPath)
            {
                try
                {
                    File.SetLastWriteTimeUtc(lockPath, File.GetLastWriteTimeUtc(src));
                    new FileInfo(lockPath).LastWriteTimeUtc = new FileInfo(src).LastWriteTimeUtc;
                    File.SetLastWriteTime(lockPath, new DateTime(2000, 1, 1));
                }
                catch (IOException)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Cache_touch_outside_heartbeat_member_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;

        class DiskCache
        {
            private readonly string _root = "/var/cache/app";

            public byte[]? Get(string key)
            {
                var entry = Path.Combine(_root, key);
                if (!File.Exists(entry)) return null;
                try
                {
                    File.SetLastAccessTimeUtc(entry, DateTime.UtcNow);
                    File.SetLastWriteTimeUtc(entry, DateTime.UtcNow);
                }
                catch (IOException)
                {
                    // best effort: LRU order only
                }

                return File.ReadAllBytes(entry);
            }
        }
        """);

    [Fact]
    public Task Content_write_outside_heartbeat_member_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;

        class Writer
        {
            void Acquire(string lockPath)
            {
                try { File.WriteAllText(lockPath, Environment.ProcessId.ToString()); }
                catch (IOException) { }
            }

            void Heartbeat(string reportPath)
            {
                try { File.WriteAllText(reportPath, "alive"); }
                catch (IOException) { }
            }
        }
        """);

    [Fact]
    public Task Unawaited_async_content_write_is_not_flagged_here() => Clean(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Writer
        {
            Task Heartbeat(string lockPath)
            {
                try { return File.WriteAllTextAsync(lockPath, "x"); }
                catch (IOException) { return Task.CompletedTask; }
            }
        }
        """);

    [Fact]
    public Task Write_in_catch_or_finally_is_not_guarded_by_its_own_try() => Clean(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try
                {
                    Console.WriteLine("x");
                }
                catch (InvalidOperationException)
                {
                    File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
                }
                finally
                {
                    File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
                }
            }
        }
        """);

    [Fact]
    public Task Helper_called_outside_any_try_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;

        class Holder
        {
            private void Touch(string lockPath) => File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);

            private void Work()
            {
                Touch("a.lock");
                try { Console.WriteLine(); } catch { }
            }
        }
        """);

    [Fact]
    public Task Async_helper_not_awaited_in_try_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Holder
        {
            private async Task TouchAsync(string lockPath)
            {
                await Task.Yield();
                File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
            }

            private void Work()
            {
                try { _ = TouchAsync("a.lock"); } catch { }
            }
        }
        """);

    [Fact]
    public Task Two_calls_deep_is_not_followed() => Clean(
        """
        using System;
        using System.IO;

        class Holder
        {
            private void Touch(string lockPath) => File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
            private void Middle() => Touch("a.lock");

            private void Work()
            {
                try { Middle(); } catch { }
            }
        }
        """);

    [Fact]
    public Task Neutral_helper_on_neutral_path_called_from_neutral_member_is_not_flagged() => Clean(
        """
        using System;
        using System.IO;

        class Holder
        {
            private static void SetStamp(string target) => File.SetLastWriteTimeUtc(target, DateTime.UtcNow);

            private void Save(string outputPath)
            {
                try { SetStamp(outputPath); } catch (IOException) { }
            }
        }
        """);
}
