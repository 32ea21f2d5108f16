using System;
using System.IO;
using System.Threading;

namespace LegacyLocks.Patterns
{
    /// <summary>
    /// LCK006: lock files acquired by "check, then create". Every create below runs only after an existence test said
    /// the lock was missing; two processes can both pass the test in the same instant and both believe they own it.
    /// </summary>
    public sealed class LCK006CheckThenCreate
    {
        private readonly string _lockPath;

        public LCK006CheckThenCreate(string directory)
        {
            _lockPath = Path.Combine(directory, "service.lock");
        }

        /// <summary>The classic: test, then WriteAllText. Fix: FileMode.CreateNew decides who wins.</summary>
        public bool TryAcquire()
        {
            if (!File.Exists(_lockPath))
            {
                File.WriteAllText(_lockPath, Environment.ProcessId.ToString()); // LCK006
                return true;
            }

            return false;
        }

        /// <summary>An early return on "exists", then the create.</summary>
        public bool TryAcquireGuarded()
        {
            if (File.Exists(_lockPath))
            {
                return false;
            }

            File.WriteAllText(_lockPath, Environment.ProcessId.ToString()); // LCK006
            return true;
        }

        /// <summary>Wait until the lock is gone, then take it: every waiter wakes up to the same empty path.</summary>
        public void WaitAndAcquire()
        {
            while (File.Exists(_lockPath))
            {
                Thread.Sleep(100);
            }

            File.WriteAllText(_lockPath, "busy"); // LCK006
        }

        /// <summary>The test hidden in a helper of the same type.</summary>
        public bool TryAcquireViaHelper()
        {
            if (IsLocked())
            {
                return false;
            }

            File.Create(_lockPath).Dispose(); // LCK006
            return true;
        }

        /// <summary>Not flagged: the create itself is exclusive, "already exists" means "not acquired".</summary>
        public bool TryAcquireExclusively()
        {
            try
            {
                using (var stream = new FileStream(_lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(Environment.ProcessId);
                }

                return true;
            }
            catch (IOException) when (File.Exists(_lockPath))
            {
                return false;
            }
        }

        /// <summary>Not flagged: a settings file is not a lock.</summary>
        public static void EnsureSettings(string settingsPath)
        {
            if (!File.Exists(settingsPath))
            {
                File.WriteAllText(settingsPath, "{}");
            }
        }

        private bool IsLocked() => File.Exists(_lockPath);
    }
}
