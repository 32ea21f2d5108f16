using System;
using System.IO;
using System.Threading.Tasks;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK003: a stale lock is broken by deleting it and creating a new one. Two workers that both judged the lock
    /// stale both delete, and the slower one deletes the faster one's fresh lock before creating its own: both "win".
    /// </summary>
    public static class ReportWorkerLock
    {
        public static async Task<bool> TryEnterAsync(string spoolDirectory)
        {
            var lockFile = Path.Combine(spoolDirectory, "report.lock");
            for (var attempt = 0; attempt < 20; attempt++)
            {
                if (TryCreate(lockFile))
                {
                    return true;
                }

                var info = new FileInfo(lockFile);
                if (info.Exists && info.LastWriteTimeUtc < DateTime.UtcNow.AddMinutes(-2))
                {
                    info.Delete();
                    continue;
                }

                await Task.Delay(250);
            }

            return false;
        }

        public static void ForceTake(string pidFile)
        {
            if (File.Exists(pidFile))
            {
                File.Delete(pidFile);
            }

            using var stream = new FileStream(pidFile, FileMode.Create, FileAccess.Write, FileShare.None);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString());
            stream.Write(pid, 0, pid.Length);
        }

        private static bool TryCreate(string path)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
