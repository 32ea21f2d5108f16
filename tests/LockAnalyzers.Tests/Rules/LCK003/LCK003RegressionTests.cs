using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK003.LCK003DeleteThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK003;

/// <summary>False positives found while building LCK003, each kept as a named test.</summary>
public class LCK003RegressionTests
{
    /// <summary>Acquire through a helper, work, release, repeat: the delete is the owner's release.</summary>
    [Fact]
    public Task Release_after_helper_acquire_in_a_loop_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;
            using System.Threading;

            class Worker
            {
                void Run(string lockPath, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        if (TryAcquire(lockPath))
                        {
                            System.Console.WriteLine("work");
                            File.Delete(lockPath);
                        }

                        Thread.Sleep(1000);
                    }
                }

                bool TryAcquire(string path)
                {
                    try
                    {
                        using var stream = new FileStream(path, FileMode.CreateNew);
                        return true;
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                }
            }
            """);

    /// <summary>A lock path that is "lock" only because it is opened with CreateNew, deleted once outside any loop: an output file.</summary>
    [Fact]
    public Task Output_file_recreated_exclusively_once_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Export
            {
                void Write(string path, byte[] data)
                {
                    if (File.Exists(path))
                    {
                        File.Delete(path);
                    }

                    using var stream = new FileStream(path, FileMode.CreateNew);
                    stream.Write(data, 0, data.Length);
                }
            }
            """);

    /// <summary>The delete and the create act on different lock files.</summary>
    [Fact]
    public Task Different_lock_paths_are_not_paired() =>
        Verify.VerifyAsync(
            """
            using System.IO;

            class Rotate
            {
                void M(string dir)
                {
                    var oldLock = Path.Combine(dir, "v1.lock");
                    var newLock = Path.Combine(dir, "v2.lock");
                    File.Delete(oldLock);
                    using var stream = new FileStream(newLock, FileMode.CreateNew);
                }
            }
            """);

    /// <summary>A create inside a lambda that runs later is not control flow after the delete.</summary>
    [Fact]
    public Task Create_in_a_deferred_lambda_is_not_reachable() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.IO;

            class Deferred
            {
                Action M(string lockPath)
                {
                    File.Delete(lockPath);
                    return () => File.WriteAllText(lockPath, "later");
                }
            }
            """);
}
