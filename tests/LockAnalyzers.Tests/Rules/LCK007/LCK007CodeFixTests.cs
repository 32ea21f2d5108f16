using LockAnalyzers.CodeFixes.Rules;
using Verify = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<LockAnalyzers.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckAnalyzer, LockAnalyzers.CodeFixes.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckCodeFixProvider>;
using LockAnalyzers.CodeFixes.Rules.LCK007;

namespace LockAnalyzers.Tests.Rules.LCK007;

public class LCK007CodeFixTests
{
    private const string Key = LCK007ReleaseWithoutOwnershipCheckCodeFixProvider.OwnedReleaseKey;

    [Fact]
    public Task Guid_token_field_written_at_acquisition_is_passed_to_the_owned_release() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly string _token = Guid.NewGuid().ToString();

                public void Acquire() => File.WriteAllText(_lockPath, _token);

                public void Release()
                {
                    // Drop the lock.
                    {|LCK007:File.Delete(_lockPath)|}; // done
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly string _token = Guid.NewGuid().ToString();

                public void Acquire() => File.WriteAllText(_lockPath, _token);

                public void Release()
                {
                    // Drop the lock.
                    LockFile.Release(_lockPath, _token); // done
                }
            }
            """,
            Key);

    [Fact]
    public Task Pid_written_at_acquisition_is_the_token_and_FixAll_fixes_every_release() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;

            sealed class PidFile : IDisposable
            {
                private const string PidPath = "/run/app.pid";

                public static PidFile Create()
                {
                    File.WriteAllText(PidPath, Environment.ProcessId.ToString());
                    return new PidFile();
                }

                public void Dispose() => {|LCK007:File.Delete(PidPath)|};

                ~PidFile()
                {
                    {|LCK007:File.Delete(PidPath)|};
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            sealed class PidFile : IDisposable
            {
                private const string PidPath = "/run/app.pid";

                public static PidFile Create()
                {
                    File.WriteAllText(PidPath, Environment.ProcessId.ToString());
                    return new PidFile();
                }

                public void Dispose() => LockFile.Release(PidPath, Environment.ProcessId.ToString());

                ~PidFile()
                {
                    LockFile.Release(PidPath, Environment.ProcessId.ToString());
                }
            }
            """,
            Key);

    [Fact]
    public Task Local_token_stored_in_a_field_is_found_in_async_code() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            sealed class Lease : IAsyncDisposable
            {
                private readonly string _leasePath;
                private string _owner = "";

                public Lease(string dir) => _leasePath = Path.Combine(dir, "job.lease");

                public async Task AcquireAsync()
                {
                    var owner = Guid.NewGuid().ToString("N");
                    _owner = owner;
                    await File.WriteAllTextAsync(_leasePath, owner);
                }

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    {|LCK007:File.Delete(_leasePath)|};
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;
            using LockAnalyzers.Runtime;

            sealed class Lease : IAsyncDisposable
            {
                private readonly string _leasePath;
                private string _owner = "";

                public Lease(string dir) => _leasePath = Path.Combine(dir, "job.lease");

                public async Task AcquireAsync()
                {
                    var owner = Guid.NewGuid().ToString("N");
                    _owner = owner;
                    await File.WriteAllTextAsync(_leasePath, owner);
                }

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    LockFile.Release(_leasePath, _owner);
                }
            }
            """,
            Key);

    [Fact]
    public Task Close_then_delete_becomes_an_owned_release() =>
        Verify.VerifyFixAsync(
            """
            using System;
            using System.IO;

            class Daemon
            {
                private readonly string _path = "daemon.lock";
                private readonly string _token = Guid.NewGuid().ToString();
                private FileStream? _handle;

                public void Start()
                {
                    _handle = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
                    File.WriteAllText(_path, $"{_token}");
                }

                public void Stop()
                {
                    _handle?.Dispose();
                    {|LCK007:File.Delete(_path)|};
                }
            }
            """,
            """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class Daemon
            {
                private readonly string _path = "daemon.lock";
                private readonly string _token = Guid.NewGuid().ToString();
                private FileStream? _handle;

                public void Start()
                {
                    _handle = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
                    File.WriteAllText(_path, $"{_token}");
                }

                public void Stop()
                {
                    _handle?.Dispose();
                    LockFile.Release(_path, $"{_token}");
                }
            }
            """,
            Key);

    [Fact]
    public Task No_fix_without_the_runtime() =>
        Verify.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly string _token = Guid.NewGuid().ToString();

                public void Acquire() => File.WriteAllText(_lockPath, _token);

                public void Release() => {|LCK007:File.Delete(_lockPath)|};
            }
            """,
            withRuntime: false);

    [Fact]
    public Task No_fix_when_the_written_content_cannot_be_repeated() =>
        Verify.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";

                public void Acquire() => File.WriteAllText(_lockPath, $"{Environment.ProcessId}\n{DateTime.UtcNow:o}");

                public void Release() => {|LCK007:File.Delete(_lockPath)|};
            }
            """);

    [Fact]
    public Task No_fix_when_nothing_is_written_into_the_lock() =>
        Verify.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class Job
            {
                public void RunExclusive(string lockPath, Action work)
                {
                    File.Create(lockPath).Dispose();
                    try { work(); }
                    finally { {|LCK007:File.Delete(lockPath)|}; }
                }
            }
            """);

    [Fact]
    public Task No_fix_when_two_acquisitions_write_different_tokens() =>
        Verify.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private readonly string _lockPath = "restart.lock";
                private readonly string _a = "a";
                private readonly string _b = "b";

                public void AcquireA() => File.WriteAllText(_lockPath, _a);

                public void AcquireB() => File.WriteAllText(_lockPath, _b);

                public void Release() => {|LCK007:File.Delete(_lockPath)|};
            }
            """);

    [Fact]
    public Task No_fix_when_a_static_release_would_need_an_instance_token() =>
        Verify.VerifyNoFixAsync(
            """
            using System;
            using System.IO;

            class RestartLock
            {
                private const string LockPath = "restart.lock";
                private readonly string _token = Guid.NewGuid().ToString();

                public void Acquire() => File.WriteAllText(LockPath, _token);

                public static void ReleaseAll() => {|LCK007:File.Delete(LockPath)|};
            }
            """);

    private static string HandleSource(string acquireWrite, string tokenProperty = "public string Token { get; }", string release = "{|LCK007:File.Delete(LockPath)|}") => $$"""
        using System;
        using System.IO;

        public static class FleetRestartLock
        {
            public static RestartGuard Acquire(string lockPath)
            {
                var token = Guid.NewGuid().ToString("N");
                try
                {
                    using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                    using (var writer = new StreamWriter(stream))
                    {
                        writer.Write(Format(token));
                    }

                    return new RestartGuard(lockPath, token);
                }
                catch (IOException)
                {
                    {{acquireWrite}}
                    return new RestartGuard(lockPath, token);
                }
            }

            private static string Format(string token) =>
                $"{Environment.ProcessId}\n{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n{token}\n";
        }

        public sealed class RestartGuard : IDisposable
        {
            public RestartGuard(string lockPath, string token)
            {
                LockPath = lockPath;
                Token = token;
            }

            public string LockPath { get; }

            {{tokenProperty}}

            public void Release()
            {
                try
                {
                    {{release}};
                }
                catch (IOException)
                {
                    // Raced away: nothing more to do.
                }
            }

            public void Dispose() => Release();
        }
        """;

    /// <summary>
    /// Seed 004: the release handle's token is a property set by its constructor; the type that constructs it writes
    /// <c>Format(token)</c> (pid, time, token on their own lines) into the lock before every construction.
    /// </summary>
    [Fact]
    public Task Seed004_handle_constructed_with_the_written_token_gets_the_owned_release() =>
        Verify.VerifyFixAsync(
            HandleSource("File.WriteAllText(lockPath, Format(token));"),
            HandleSource("File.WriteAllText(lockPath, Format(token));", release: "LockFile.Release(LockPath, Token)")
                .Replace("using System.IO;\n", "using System.IO;\nusing LockAnalyzers.Runtime;\n"),
            Key);

    [Fact]
    public Task No_fix_when_a_construction_follows_a_write_without_the_token() =>
        Verify.VerifyNoFixAsync(HandleSource("File.WriteAllText(lockPath, Environment.ProcessId.ToString());"), Key);

    [Fact]
    public Task No_fix_when_the_token_runs_into_other_letters_in_the_record() =>
        Verify.VerifyNoFixAsync(HandleSource("File.WriteAllText(lockPath, $\"owner{token}\");"), Key);

    [Fact]
    public Task No_fix_when_the_token_property_can_change_after_construction() =>
        Verify.VerifyNoFixAsync(HandleSource("File.WriteAllText(lockPath, token);", tokenProperty: "public string Token { get; set; }"), Key);

    [Fact]
    public Task No_fix_when_a_construction_passes_a_token_it_never_wrote() =>
        Verify.VerifyNoFixAsync(HandleSource("File.WriteAllText(lockPath, token); var other = new RestartGuard(lockPath, \"x\");"), Key);
}
