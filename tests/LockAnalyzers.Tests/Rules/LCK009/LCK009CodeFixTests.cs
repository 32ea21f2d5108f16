using LockAnalyzers.CodeFixes.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK009.LCK009HandleLockPathNotWatchedAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK009.LCK009HandleLockPathNotWatchedCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK009;
using LockAnalyzers.Tests.Verifiers;

namespace LockAnalyzers.Tests.Rules.LCK009;

public class LCK009CodeFixTests
{
    private const string Exit = LCK009HandleLockPathNotWatchedCodeFixProvider.ExitProcessKey;
    private const string Report = LCK009HandleLockPathNotWatchedCodeFixProvider.ReportKey;

    [Fact]
    public Task Seed001_daemon_starts_a_watch_that_ends_the_process_and_stops_it_before_its_release() =>
        Verify.VerifyFixAsync(
            """
            #nullable enable
            using System;
            using System.IO;

            public sealed class AgentDaemonSingleton : IDisposable
            {
                private readonly string _stateDir;
                private FileStream? _lockHandle; // the flock lives as long as this handle

                public AgentDaemonSingleton(string stateDir)
                {
                    _stateDir = stateDir;
                }

                public string LockPath => Path.Combine(_stateDir, "daemon.lock");

                public bool TryStart()
                {
                    Directory.CreateDirectory(_stateDir);
                    try
                    {
                        // Exclusive: a second daemon gets an IOException.
                        _lockHandle = {|LCK009:new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|}; // flock
                    }
                    catch (IOException)
                    {
                        return false;
                    }

                    return true;
                }

                public void Dispose()
                {
                    if (_lockHandle == null)
                    {
                        return;
                    }

                    _lockHandle.Dispose();
                    _lockHandle = null;
                }
            }
            """,
            """
            #nullable enable
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            public sealed class AgentDaemonSingleton : IDisposable
            {
                private readonly string _stateDir;
                private FileStream? _lockHandle; // the flock lives as long as this handle
                private LockPathWatch? _lockHandleWatch;

                public AgentDaemonSingleton(string stateDir)
                {
                    _stateDir = stateDir;
                }

                public string LockPath => Path.Combine(_stateDir, "daemon.lock");

                public bool TryStart()
                {
                    Directory.CreateDirectory(_stateDir);
                    try
                    {
                        // Exclusive: a second daemon gets an IOException.
                        _lockHandle = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); // flock
                        // The lock is on the inode, not the path: if the path is removed or re-created, another holder may run; end this process then.
                        _lockHandleWatch = LockPathWatch.Start(_lockHandle, LockPath, LockLossAction.ExitProcess);
                    }
                    catch (IOException)
                    {
                        return false;
                    }

                    return true;
                }

                public void Dispose()
                {
                    _lockHandleWatch?.Dispose();
                    if (_lockHandle == null)
                    {
                        return;
                    }

                    _lockHandle.Dispose();
                    _lockHandle = null;
                }
            }
            """,
            Exit);

    [Fact]
    public Task Report_action_starts_a_reporting_watch() =>
        Verify.VerifyFixAsync(
            """
            using System.IO;

            class Worker
            {
                private FileStream _lock;

                public void Start(string lockPath)
                {
                    this._lock = {|LCK009:File.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                }
            }
            """,
            """
            using System.IO;
            using LockAnalyzers.Runtime;

            class Worker
            {
                private FileStream _lock;
                private LockPathWatch _lockWatch;

                public void Start(string lockPath)
                {
                    this._lock = File.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    // The lock is on the inode, not the path: stop the protected work when _lockWatch.Lost is cancelled.
                    this._lockWatch = LockPathWatch.Start(this._lock, lockPath, LockLossAction.Report);
                }
            }
            """,
            Report);

    private const string WatchAllSource = """
        using System;
        using System.IO;
        using Microsoft.Win32.SafeHandles;

        class Singletons : IDisposable
        {
            private const string PidPath = "/run/app.pid";
            private static SafeFileHandle s_pidLock;
            private FileStream _serviceLock;

            public static void LockPid()
            {
                s_pidLock = {|LCK009:File.OpenHandle(PidPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
            }

            public void LockService(FileInfo serviceLock)
            {
                _serviceLock = {|LCK009:serviceLock.Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
            }

            public static void UnlockPid()
            {
                File.Delete(PidPath);
                s_pidLock.Dispose();
            }

            public void Dispose() => _serviceLock?.Dispose();
        }
        """;

    private const string WatchAllFixed = """
        using System;
        using System.IO;
        using LockAnalyzers.Runtime;
        using Microsoft.Win32.SafeHandles;

        class Singletons : IDisposable
        {
            private const string PidPath = "/run/app.pid";
            private static SafeFileHandle s_pidLock;
            private static LockPathWatch s_pidLockWatch;
            private FileStream _serviceLock;
            private LockPathWatch _serviceLockWatch;

            public static void LockPid()
            {
                s_pidLock = File.OpenHandle(PidPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // The lock is on the inode, not the path: if the path is removed or re-created, another holder may run; end this process then.
                s_pidLockWatch = LockPathWatch.Start(s_pidLock, PidPath, LockLossAction.ExitProcess);
            }

            public void LockService(FileInfo serviceLock)
            {
                _serviceLock = serviceLock.Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // The lock is on the inode, not the path: if the path is removed or re-created, another holder may run; end this process then.
                _serviceLockWatch = LockPathWatch.Start(_serviceLock, serviceLock.FullName, LockLossAction.ExitProcess);
            }

            public static void UnlockPid()
            {
                s_pidLockWatch?.Dispose();
                File.Delete(PidPath);
                s_pidLock.Dispose();
            }

            public void Dispose()
            {
                _serviceLockWatch?.Dispose();
                _serviceLock?.Dispose();
            }
        }
        """;

    [Fact]
    public Task FixAll_watches_every_handle_and_stops_before_expression_bodied_and_deleting_releases() =>
        Verify.VerifyFixAsync(WatchAllSource, WatchAllFixed, Exit);

    /// <summary>
    /// The inserted field, start and stop lines, and the block an expression body becomes, follow the file's layout;
    /// the new block's closing brace follows the ExpressionStatement built for the old body, whose semicolon keeps
    /// elastic leading trivia, so the formatter indents that one line with four spaces a level.
    /// </summary>
    [Theory]
    [InlineData(SourceLayout.Tabs)]
    [InlineData(SourceLayout.TwoSpaces)]
    [InlineData(SourceLayout.Crlf)]
    public Task FixAll_follows_the_file_layout(SourceLayout layout) =>
        Verify.VerifyFixAsync(
            WatchAllSource.In(layout),
            WatchAllFixed.In(layout).WithFormatterIndentedLineAfter(layout, "_serviceLock?.Dispose();", levels: 1),
            Exit);

    /// <summary>A handle in a nested type: the stop statement and the expression body's new block sit one step in from the member.</summary>
    [Theory]
    [InlineData(SourceLayout.FourSpaces)]
    [InlineData(SourceLayout.Tabs)]
    [InlineData(SourceLayout.TwoSpaces)]
    [InlineData(SourceLayout.Crlf)]
    public Task Nested_type_keeps_its_indentation(SourceLayout layout) =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;

            namespace Service
            {
                class Host
                {
                    sealed class Singleton : IDisposable
                    {
                        private FileStream _serviceLock;

                        public void LockService(string lockPath)
                        {
                            _serviceLock = {|LCK009:new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                        }

                        public void Dispose() => _serviceLock?.Dispose();
                    }
                }
            }
            """.In(layout),
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            namespace Service
            {
                class Host
                {
                    sealed class Singleton : IDisposable
                    {
                        private FileStream _serviceLock;
                        private LockPathWatch _serviceLockWatch;

                        public void LockService(string lockPath)
                        {
                            _serviceLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                            // The lock is on the inode, not the path: if the path is removed or re-created, another holder may run; end this process then.
                            _serviceLockWatch = LockPathWatch.Start(_serviceLock, lockPath, LockLossAction.ExitProcess);
                        }

                        public void Dispose()
                        {
                            _serviceLockWatch?.Dispose();
                            _serviceLock?.Dispose();
                        }
                    }
                }
            }
            """.In(layout).WithFormatterIndentedLineAfter(layout, "_serviceLock?.Dispose();", levels: 3),
            Exit);

    [Fact]
    public Task No_fix_without_the_runtime() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Worker
            {
                private FileStream _lock;

                public void Start(string lockPath) => _lock = {|LCK009:new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
            }
            """,
            withRuntime: false);

    [Fact]
    public Task No_fix_for_a_field_initializer_a_Stream_typed_field_or_a_path_with_side_effects() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Worker
            {
                private readonly FileStream _held = {|LCK009:new FileStream("service.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                private Stream _stream;
                private FileStream _next;
                private int _n;

                public void Start(string lockPath)
                {
                    _stream = {|LCK009:new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                    _next = {|LCK009:new FileStream(NextLockPath(), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                }

                private string NextLockPath() => "run-" + (++_n) + ".lock";
            }
            """);

    [Fact]
    public Task No_fix_when_a_release_returns_a_value_from_an_expression_body() =>
        Verify.VerifyNoFixAsync(
            """
            using System.IO;

            class Worker
            {
                private FileStream _lock;

                public void Start(string lockPath)
                {
                    _lock = {|LCK009:new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)|};
                }

                public bool Release() => _lock.DisposeAsync().IsCompleted;
            }
            """);
}
