using LockAnalyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis.Testing;
using LockAnalyzers.CodeFixes.Rules.LCK001;
using Fix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<
    LockAnalyzers.Rules.LCK001.LCK001HeartbeatFailureSwallowedAnalyzer,
    LockAnalyzers.CodeFixes.Rules.LCK001.LCK001HeartbeatFailureSwallowedCodeFixProvider>;

namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>LCK001 fixes: stop protected work (throw) and return the heartbeat's health (bool members).</summary>
public class LCK001CodeFixTests
{
    private const string Stop = LCK001HeartbeatFailureSwallowedCodeFixProvider.StopWorkKey;
    private const string ReturnHealth = LCK001HeartbeatFailureSwallowedCodeFixProvider.ReturnHealthKey;

    [Fact]
    public Task Stop_work_replaces_a_try_that_only_guarded_the_heartbeat() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;
        using Microsoft.Extensions.Logging;

        class Holder
        {
            private readonly string _lockPath = "/var/run/app.lock";
            private readonly ILogger _logger = null!;

            void OnTimer()
            {
                // refresh our claim
                try
                {
                    [|File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow)|]; // mtime = alive
                }
                catch (IOException ex)
                {
                    // disk full? keep going
                    _logger.LogWarning(ex, "heartbeat failed for {Path}", _lockPath);
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;
        using Microsoft.Extensions.Logging;

        class Holder
        {
            private readonly string _lockPath = "/var/run/app.lock";
            private readonly ILogger _logger = null!;

            void OnTimer()
            {
                // refresh our claim
                var heartbeat = LockHeartbeat.Refresh(_lockPath); // mtime = alive
                if (!heartbeat.IsHealthy)
                {
                    if (heartbeat.Error is IOException ex)
                    {
                        // disk full? keep going
                        _logger.LogWarning(ex, "heartbeat failed for {Path}", _lockPath);
                    }

                    heartbeat.ThrowIfUnhealthy();
                }
            }
        }
        """,
        Stop);

    /// <summary>The seed 000 job runner's timer heartbeat, as the seed sample has it.</summary>
    [Fact]
    public Task Seed000_job_runner_timer_heartbeat_is_fixed() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;
        using System.Threading;
        using Microsoft.Extensions.Logging;

        public sealed class JobRunnerLock
        {
            private readonly string _lockPath;
            private readonly ILogger _logger;
            private Timer? _heartbeatTimer;

            public JobRunnerLock(string lockPath, ILogger logger)
            {
                _lockPath = lockPath;
                _logger = logger;
            }

            public void Start(TimeSpan interval) => _heartbeatTimer = new Timer(Heartbeat, null, interval, interval);

            private void Heartbeat(object? state)
            {
                try
                {
                    [|File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow)|];
                }
                catch (Exception ex)
                {
                    // A missed beat is not fatal: the next tick tries again.
                    _logger.LogWarning(ex, "Heartbeat for {LockPath} failed", _lockPath);
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Threading;
        using LockAnalyzers.Runtime;
        using Microsoft.Extensions.Logging;

        public sealed class JobRunnerLock
        {
            private readonly string _lockPath;
            private readonly ILogger _logger;
            private Timer? _heartbeatTimer;

            public JobRunnerLock(string lockPath, ILogger logger)
            {
                _lockPath = lockPath;
                _logger = logger;
            }

            public void Start(TimeSpan interval) => _heartbeatTimer = new Timer(Heartbeat, null, interval, interval);

            private void Heartbeat(object? state)
            {
                var heartbeat = LockHeartbeat.Refresh(_lockPath);
                if (!heartbeat.IsHealthy)
                {
                    if (heartbeat.Error is Exception ex)
                    {
                        // A missed beat is not fatal: the next tick tries again.
                        _logger.LogWarning(ex, "Heartbeat for {LockPath} failed", _lockPath);
                    }

                    heartbeat.ThrowIfUnhealthy();
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Stop_work_keeps_other_statements_and_lets_the_health_exception_through() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath, string statusPath)
            {
                try
                {
                    File.WriteAllText(statusPath, "ok");
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                    Console.WriteLine("beat");
                }
                catch (Exception e)
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;

        class Holder
        {
            void Heartbeat(string lockPath, string statusPath)
            {
                try
                {
                    File.WriteAllText(statusPath, "ok");
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        if (heartbeat.Error is Exception e)
                        {
                            Console.WriteLine(e.Message);
                        }

                        heartbeat.ThrowIfUnhealthy();
                    }

                    Console.WriteLine("beat");
                }
                catch (Exception e) when (e is not LockHealthException)
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Stop_work_with_bare_catch_and_empty_body() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void KeepAlive(string lockPath)
            {
                try
                {
                    [|File.SetLastWriteTime(lockPath, DateTime.Now)|];
                }
                catch
                {
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;

        class Holder
        {
            void KeepAlive(string lockPath)
            {
                var heartbeat = LockHeartbeat.Refresh(lockPath);
                if (!heartbeat.IsHealthy)
                {
                    heartbeat.ThrowIfUnhealthy();
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Stop_work_in_a_loop_drops_the_trailing_continue_and_keeps_the_filter() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Holder
        {
            async Task LoopAsync(string lockPath, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(1000, token);
                    try
                    {
                        [|File.SetLastWriteTimeUtc(lockPath, DateTimeOffset.UtcNow.UtcDateTime)|];
                    }
                    catch (IOException ex) when (ex.HResult != 0)
                    {
                        Console.Error.WriteLine(ex);
                        continue;
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using LockAnalyzers.Runtime;

        class Holder
        {
            async Task LoopAsync(string lockPath, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(1000, token);
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        if (heartbeat.Error is IOException ex && ex.HResult != 0)
                        {
                            Console.Error.WriteLine(ex);
                        }

                        heartbeat.ThrowIfUnhealthy();
                    }
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Stop_work_for_a_FileInfo_setter_in_a_timer_lambda() => Fix.VerifyFixAsync(
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
                        [|new FileInfo(lockPath).LastWriteTimeUtc = DateTime.UtcNow|];
                    }
                    catch (UnauthorizedAccessException)
                    {
                        Console.WriteLine("denied");
                    }
                }, null, 0, 5000);
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Threading;
        using LockAnalyzers.Runtime;

        class Holder
        {
            private Timer? _timer;

            void Start(string lockPath)
            {
                _timer = new Timer(_ =>
                {
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        if (heartbeat.Error is UnauthorizedAccessException)
                        {
                            Console.WriteLine("denied");
                        }

                        heartbeat.ThrowIfUnhealthy();
                    }
                }, null, 0, 5000);
            }
        }
        """,
        Stop);

    [Fact]
    public Task Return_health_in_a_bool_member() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            private int _beats;

            bool Renew(string lockPath)
            {
                try
                {
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                }
                catch (IOException ex)
                {
                    Console.WriteLine(ex.Message);
                }

                _beats++;
                return true;
            }
        }
        """,
        """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;

        class Holder
        {
            private int _beats;

            bool Renew(string lockPath)
            {
                var heartbeat = LockHeartbeat.Refresh(lockPath);
                if (!heartbeat.IsHealthy)
                {
                    if (heartbeat.Error is IOException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }

                    return false;
                }

                _beats++;
                return true;
            }
        }
        """,
        ReturnHealth);

    [Fact]
    public Task Stop_work_is_also_offered_in_a_bool_member() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            bool Renew(string lockPath)
            {
                try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                catch (Exception) { }
                return true;
            }
        }
        """,
        """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;

        class Holder
        {
            bool Renew(string lockPath)
            {
                var heartbeat = LockHeartbeat.Refresh(lockPath);
                if (!heartbeat.IsHealthy)
                {
                    heartbeat.ThrowIfUnhealthy();
                }
                return true;
            }
        }
        """,
        Stop);

    [Fact]
    public Task Return_health_in_an_async_bool_member_keeps_other_statements() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Holder
        {
            async Task<bool> TryRenewAsync(string lockPath)
            {
                try
                {
                    await Task.Yield();
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                }
                catch (IOException)
                {
                }

                return true;
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using LockAnalyzers.Runtime;

        class Holder
        {
            async Task<bool> TryRenewAsync(string lockPath)
            {
                try
                {
                    await Task.Yield();
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        return false;
                    }
                }
                catch (IOException)
                {
                }

                return true;
            }
        }
        """,
        ReturnHealth);

    [Fact]
    public Task Return_health_is_not_offered_in_a_void_member() => Fix.VerifyNoFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Renew(string lockPath)
            {
                try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                catch (IOException) { }
            }
        }
        """,
        ReturnHealth);

    [Fact]
    public Task No_fix_without_the_runtime() => Fix.VerifyNoFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            bool Renew(string lockPath)
            {
                try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                catch (IOException) { }
                return true;
            }
        }
        """,
        equivalenceKey: null,
        withRuntime: false);

    [Theory]
    [InlineData("File.SetLastAccessTimeUtc(lockPath, DateTime.UtcNow)")]
    [InlineData("File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow.AddMinutes(1))")]
    [InlineData("File.WriteAllText(lockPath, \"alive\")")]
    public Task No_fix_when_refresh_would_not_do_the_same_write(string write) => Fix.VerifyNoFixAsync(
        $$"""
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try { [|{{write}}|]; }
                catch (IOException) { }
            }
        }
        """);

    [Fact]
    public Task No_fix_one_call_deep() => Fix.VerifyNoFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Touch(string lockPath) => [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];

            void Work()
            {
                try { Touch("a.lock"); } catch (IOException) { }
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_swallowing_catch_is_an_outer_one() => Fix.VerifyNoFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try
                {
                    try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                    catch (IOException) { throw; }
                }
                catch { }
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_old_catch_returns_early_midway() => Fix.VerifyNoFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath, bool quiet)
            {
                try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                catch (IOException ex)
                {
                    if (quiet) return;
                    Console.WriteLine(ex);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_all_in_document_fixes_every_heartbeat() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                catch (IOException) { }
            }

            void KeepAlive(string pidFile)
            {
                try { [|File.SetLastWriteTimeUtc(pidFile, DateTime.UtcNow)|]; }
                catch (Exception ex) { Console.WriteLine(ex); }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                var heartbeat = LockHeartbeat.Refresh(lockPath);
                if (!heartbeat.IsHealthy)
                {
                    heartbeat.ThrowIfUnhealthy();
                }
            }

            void KeepAlive(string pidFile)
            {
                var heartbeat = LockHeartbeat.Refresh(pidFile);
                if (!heartbeat.IsHealthy)
                {
                    if (heartbeat.Error is Exception ex)
                    {
                        Console.WriteLine(ex);
                    }

                    heartbeat.ThrowIfUnhealthy();
                }
            }
        }
        """,
        Stop);
}
