namespace LockAnalyzers.Tests.Package;

/// <summary>Legacy lock code in the shapes of the seeds, written against netstandard2.0.</summary>
internal static class LegacySnippet
{
    public const string Source = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;

        public sealed class JobLock : IDisposable
        {
            private readonly string _lockPath;
            private Timer _heartbeat;

            public JobLock(string dir) { _lockPath = Path.Combine(dir, "job.lock"); }

            public bool TryAcquire()
            {
                if (!File.Exists(_lockPath))
                {
                    File.WriteAllText(_lockPath, Process.GetCurrentProcess().Id.ToString());
                    _heartbeat = new Timer(_ => Beat(), null, 1000, 1000);
                    return true;
                }

                return false;
            }

            public void Acquire(TimeSpan timeout)
            {
                var sw = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        using (new FileStream(_lockPath, FileMode.CreateNew)) { }
                        return;
                    }
                    catch (IOException)
                    {
                        if (DateTime.UtcNow - File.GetLastWriteTimeUtc(_lockPath) > TimeSpan.FromSeconds(30))
                        {
                            File.Delete(_lockPath);
                            continue;
                        }
                    }

                    Thread.Sleep(100);
                    if (sw.Elapsed > timeout)
                    {
                        throw new TimeoutException("lock busy");
                    }
                }
            }

            private void Beat()
            {
                try
                {
                    File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);
                }
                catch (IOException)
                {
                }
            }

            public void Dispose()
            {
                _heartbeat?.Dispose();
                File.Delete(_lockPath);
            }
        }
        """;
}
