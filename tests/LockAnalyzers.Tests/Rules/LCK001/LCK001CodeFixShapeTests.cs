using LockAnalyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using LockAnalyzers.CodeFixes.Rules.LCK001;
using Fix = LockAnalyzers.Tests.Verifiers.CodeFixVerifier<
    LockAnalyzers.Rules.LCK001.LCK001HeartbeatFailureSwallowedAnalyzer,
    LockAnalyzers.CodeFixes.Rules.LCK001.LCK001HeartbeatFailureSwallowedCodeFixProvider>;

namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>LCK001 "stop protected work" on the catch shapes that stay in place: the catch learns to let LockHealthException through.</summary>
public class LCK001CodeFixShapeTests
{
    private const string Stop = LCK001HeartbeatFailureSwallowedCodeFixProvider.StopWorkKey;

    [Fact]
    public Task Catch_without_variable_gets_one_for_the_filter_and_unrelated_catches_stay() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            private int _ticks;

            void Heartbeat(string lockPath)
            {
                try
                {
                    _ticks++;
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                }
                catch (ArgumentException)
                {
                    throw;
                }
                catch (IOException) // best effort
                {
                    Console.WriteLine("heartbeat failed");
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
            private int _ticks;

            void Heartbeat(string lockPath)
            {
                try
                {
                    _ticks++;
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        if (heartbeat.Error is IOException)
                        {
                            Console.WriteLine("heartbeat failed");
                        }

                        heartbeat.ThrowIfUnhealthy();
                    }
                }
                catch (ArgumentException)
                {
                    throw;
                }
                catch (IOException ex) when (ex is not LockHealthException) // best effort
                {
                    Console.WriteLine("heartbeat failed");
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Bare_catch_and_existing_filter_both_let_the_health_exception_through() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath, bool verbose)
            {
                try
                {
                    Console.WriteLine("tick");
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                }
                catch (IOException e) when (verbose || e.HResult == 28)
                {
                    Console.WriteLine(e);
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
            void Heartbeat(string lockPath, bool verbose)
            {
                try
                {
                    Console.WriteLine("tick");
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        if (heartbeat.Error is IOException e && (verbose || e.HResult == 28))
                        {
                            Console.WriteLine(e);
                        }

                        heartbeat.ThrowIfUnhealthy();
                    }
                }
                catch (IOException e) when (e is not LockHealthException && (verbose || e.HResult == 28))
                {
                    Console.WriteLine(e);
                }
                catch (Exception ex) when (ex is not LockHealthException)
                {
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Finally_is_kept_when_the_try_held_only_the_heartbeat() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            private int _beats;

            void Heartbeat(string lockPath)
            {
                try
                {
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                }
                catch (IOException)
                {
                }
                finally
                {
                    _beats++;
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
            private int _beats;

            void Heartbeat(string lockPath)
            {
                try
                {
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {
                        heartbeat.ThrowIfUnhealthy();
                    }
                }
                finally
                {
                    _beats++;
                }
            }
        }
        """,
        Stop);

    /// <summary>
    /// A try that is the embedded statement of an if cannot be replaced by two statements: it stays, with its catch.
    /// (The one-line try block keeps its brace on the try line: the formatter only touches the new statements.)
    /// </summary>
    [Fact]
    public Task Embedded_try_keeps_its_catch() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            bool Renew(string lockPath, bool enabled)
            {
                if (enabled)
                    try { [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }
                    catch (IOException) { }
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
            bool Renew(string lockPath, bool enabled)
            {
                if (enabled)
                    try {
                        var heartbeat = LockHeartbeat.Refresh(lockPath);
                        if (!heartbeat.IsHealthy)
                        {
                            return false;
                        }
                    }
                    catch (IOException) { }
                return true;
            }
        }
        """,
        LCK001HeartbeatFailureSwallowedCodeFixProvider.ReturnHealthKey);

    [Fact]
    public Task FileInfo_local_refreshes_its_full_name() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(FileInfo lockFile)
            {
                try
                {
                    [|lockFile.LastWriteTimeUtc = DateTime.UtcNow|];
                }
                catch (IOException)
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
            void Heartbeat(FileInfo lockFile)
            {
                var heartbeat = LockHeartbeat.Refresh(lockFile.FullName);
                if (!heartbeat.IsHealthy)
                {
                    heartbeat.ThrowIfUnhealthy();
                }
            }
        }
        """,
        Stop);

    [Fact]
    public Task Result_name_avoids_existing_locals() => Fix.VerifyFixAsync(
        """
        using System;
        using System.IO;

        class Holder
        {
            void Heartbeat(string lockPath)
            {
                var heartbeat = 1;
                try
                {
                    [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                }
                catch (IOException)
                {
                }

                Console.WriteLine(heartbeat);
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
                var heartbeat = 1;
                var heartbeat2 = LockHeartbeat.Refresh(lockPath);
                if (!heartbeat2.IsHealthy)
                {
                    heartbeat2.ThrowIfUnhealthy();
                }

                Console.WriteLine(heartbeat);
            }
        }
        """,
        Stop);

    [Fact]
    public async Task CSharp8_uses_a_negated_is_instead_of_a_not_pattern()
    {
        var test = new Fix.Test
        {
            TestCode = """
                using System;
                using System.IO;

                class Holder
                {
                    void Heartbeat(string lockPath)
                    {
                        try
                        {
                            Console.WriteLine("tick");
                            [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|];
                        }
                        catch (Exception e)
                        {
                        }
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.IO;
                using LockAnalyzers.Runtime;

                class Holder
                {
                    void Heartbeat(string lockPath)
                    {
                        try
                        {
                            Console.WriteLine("tick");
                            var heartbeat = LockHeartbeat.Refresh(lockPath);
                            if (!heartbeat.IsHealthy)
                            {
                                heartbeat.ThrowIfUnhealthy();
                            }
                        }
                        catch (Exception e) when (!(e is LockHealthException))
                        {
                        }
                    }
                }
                """,
            CodeActionEquivalenceKey = Stop,
        };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution.WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp8));
        });
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_fixes_every_document_of_the_project()
    {
        const string before = """
            using System;
            using System.IO;

            class Holder{0}
            {{
                void Heartbeat(string lockPath)
                {{
                    try {{ [|File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow)|]; }}
                    catch (IOException) {{ }}
                }}
            }}
            """;
        const string after = """
            using System;
            using System.IO;
            using LockAnalyzers.Runtime;

            class Holder{0}
            {{
                void Heartbeat(string lockPath)
                {{
                    var heartbeat = LockHeartbeat.Refresh(lockPath);
                    if (!heartbeat.IsHealthy)
                    {{
                        heartbeat.ThrowIfUnhealthy();
                    }}
                }}
            }}
            """;
        var test = new Fix.Test { CodeActionEquivalenceKey = Stop };
        test.TestState.Sources.Add(string.Format(before, "A"));
        test.TestState.Sources.Add(string.Format(before, "B"));
        test.FixedState.Sources.Add(string.Format(after, "A"));
        test.FixedState.Sources.Add(string.Format(after, "B"));
        await test.RunAsync();
    }
}
