using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>A call or constructor that creates (or opens for writing, creating if missing) a file, as <see cref="FileCalls.TryGetCreate"/> found it.</summary>
    internal readonly struct FileCreate
    {
        public FileCreate(IOperation operation, IOperation path, CreateKind kind, bool truncates, bool createsIfMissing, int? mode)
        {
            Operation = operation;
            Path = path;
            Kind = kind;
            Truncates = truncates;
            CreatesIfMissing = createsIfMissing;
            Mode = mode;
        }

        /// <summary>The invocation or object creation.</summary>
        public IOperation Operation { get; }

        /// <summary>The path operand as written: the string argument, or the FileInfo instance (see <see cref="FileCalls.PathOfFileInfo"/>).</summary>
        public IOperation Path { get; }

        public CreateKind Kind { get; }

        /// <summary>Whether an existing file's content is replaced (FileMode.Create/Truncate, WriteAll*, File.Create, a StreamWriter without append).</summary>
        public bool Truncates { get; }

        /// <summary>False for FileMode.Truncate, which fails on a missing file, and for a mode not known at compile time.</summary>
        public bool CreatesIfMissing { get; }

        /// <summary>The constant FileMode passed, or null when there is none or it is not a constant.</summary>
        public int? Mode { get; }

        /// <summary>Whether the create itself is the lock (exclusive, or a held handle), rather than a write another contender can repeat.</summary>
        public bool IsLock => Kind == CreateKind.Exclusive || Kind == CreateKind.HandleLock;
    }
}
