namespace LockAnalyzers.Effects
{
    /// <summary>What a piece of code does to a file (or to the waiting around it) that the lock rules care about.</summary>
    internal enum EffectKind
    {
        /// <summary>File.Exists, FileInfo.Exists, IFile.Exists, a FileExists wrapper.</summary>
        Exists,

        /// <summary>A create or write that succeeds whether or not the file exists (WriteAllText, File.Create, FileMode.Create/OpenOrCreate).</summary>
        CreateOverwrite,

        /// <summary>FileMode.CreateNew: fails when the file exists.</summary>
        CreateExclusive,

        /// <summary>An open-or-create handle with FileShare.None kept as the lock.</summary>
        HandleLock,

        /// <summary>File.Delete, FileInfo.Delete.</summary>
        Delete,

        /// <summary>File.Move/Replace, FileInfo.MoveTo: the path moved away.</summary>
        Move,

        /// <summary>File.SetLastWriteTime(Utc), an assignment of FileInfo.LastWriteTime(Utc): a heartbeat touch.</summary>
        TouchWrite,

        /// <summary>File.GetLastWriteTime(Utc) and friends, FileInfo.LastWriteTime(Utc): the file's age.</summary>
        TimeRead,

        /// <summary>ReadAllText/Lines/Bytes, OpenText, a StreamReader: the lock's content (an owner token, a pid, a time).</summary>
        ContentRead,

        /// <summary>Process.GetProcessById or GetProcesses: a liveness test of a pid.</summary>
        Liveness,

        /// <summary>Thread.Sleep, Task.Delay and the other framework waits.</summary>
        Sleep,
    }
}
