using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Rules.LCK003
{
    /// <summary>One create of a deleted lock path (see <see cref="CreatesOfPath"/>): a direct create, or a call of a helper that creates it.</summary>
    internal readonly struct PathCreate
    {
        public PathCreate(IOperation operation, FileCreate? direct, IReadOnlyList<FileCreate>? inHelper)
        {
            Operation = operation;
            Direct = direct;
            InHelper = inHelper;
        }

        /// <summary>The create, or the helper call.</summary>
        public IOperation Operation { get; }

        /// <summary>The create, when the member makes it itself.</summary>
        public FileCreate? Direct { get; }

        /// <summary>The helper's creates of the path, when <see cref="Operation"/> is a call of a same-type helper.</summary>
        public IReadOnlyList<FileCreate>? InHelper { get; }
    }
}
