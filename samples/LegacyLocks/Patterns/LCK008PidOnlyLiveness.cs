using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK008: a daemon's pid file decides whether the daemon is running. After a crash and a reboot the pid in the
    /// file may belong to any process (a shell, another daemon), so a dead owner looks alive and nobody ever starts.
    /// </summary>
    public static class DaemonPidFile
    {
        public static bool IsRunning(string runDirectory)
        {
            var pidFile = Path.Combine(runDirectory, "daemon.pid");
            if (!File.Exists(pidFile))
            {
                return false;
            }

            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                return false;
            }

            try
            {
                using var owner = Process.GetProcessById(pid);
                return !owner.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        public static bool OwnerListed(string lockPath)
        {
            var ownerPid = int.Parse(File.ReadAllLines(lockPath)[0]);
            return Process.GetProcesses().Any(p => p.Id == ownerPid);
        }
    }
}
