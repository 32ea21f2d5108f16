namespace LockAnalyzers.Infrastructure
{
    /// <summary>How a file-creating call treats a file that already exists: the one classification every rule reads.</summary>
    internal enum CreateKind
    {
        /// <summary>FileMode.CreateNew: fails when the file exists, so only one contender wins.</summary>
        Exclusive,

        /// <summary>Replaces an existing file's content: WriteAll*, File.Create, CreateText, FileMode.Create/Truncate, a StreamWriter that does not append.</summary>
        Overwriting,

        /// <summary>Opens an existing file or creates a missing one, keeping the content: Append*, OpenWrite, FileMode.OpenOrCreate/Append.</summary>
        OpenOrCreate,

        /// <summary>The open handle itself is the lock: FileShare.None with a creating mode, or File.Create kept in a field or property.</summary>
        HandleLock,

        /// <summary>A FileMode that is not a constant (or absent where one is expected): it may create, or not.</summary>
        MaybeCreates,
    }
}
