using System;
using System.IO;
using System.Threading;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// Lock code spread over a wrapper class and the lock class's own members, as real code is written: the check, the
    /// create and the delete are one call away from where the decision is made. The rules report the call that decides
    /// and name the chain ("... through 'LockIO.WriteLock → File.WriteAllText'").
    /// </summary>
    public static class LockIO
    {
        public static bool LockExists(string path) => File.Exists(path);

        public static DateTime LockTime(string path) => File.GetLastWriteTimeUtc(path);

        public static void WriteLock(string path, string content) => File.WriteAllText(path, content);

        public static void DeleteLock(string path) => File.Delete(path);
    }

    /// <summary>The lock class: every defect sits in a call of <see cref="LockIO"/> or of its own helpers.</summary>
    public sealed class SimpleFileLock : IDisposable
    {
        private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);
        private readonly string _path;

        public SimpleFileLock(string path)
        {
            _path = path;
        }

        public bool IsLocked => LockIO.LockExists(_path);

        public bool TryAcquireLock()
        {
            if (IsLocked)
            {
                if (DateTime.UtcNow - LockIO.LockTime(_path) < StaleAfter)
                {
                    return false;
                }

                // LCK002 (age only) and LCK003 (delete, then the create below): through LockIO.DeleteLock.
                LockIO.DeleteLock(_path);
            }

            // LCK006 as well: when the lock is absent, two callers both pass IsLocked and both write it.
            LockIO.WriteLock(_path, Environment.ProcessId.ToString());
            return true;
        }

        public bool TryAcquireIfFree()
        {
            if (IsLocked)
            {
                return false;
            }

            // LCK006: the create runs after an existence check (IsLocked), through LockIO.WriteLock.
            LockIO.WriteLock(_path, Environment.ProcessId.ToString());
            return true;
        }

        public void Acquire()
        {
            // LCK005: waits on TryAcquireLock with no deadline.
            while (!TryAcquireLock())
            {
                Thread.Sleep(100);
            }
        }

        // LCK007: released through a helper, with no check that the lock is still ours.
        public void Dispose() => LockIO.DeleteLock(_path);
    }
}
