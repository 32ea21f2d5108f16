using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Rules.LCK001
{
    /// <summary>A recognised heartbeat-shaped write: what is written, to which path, and whether the time is exactly "now".</summary>
    internal sealed class HeartbeatWrite
    {
        public HeartbeatWrite(IOperation operation, IOperation path, HeartbeatWriteKind kind, bool exactlyNow, bool needsAwait)
        {
            Operation = operation;
            Path = path;
            Kind = kind;
            ExactlyNow = exactlyNow;
            NeedsAwait = needsAwait;
        }

        public IOperation Operation { get; }

        /// <summary>The path, or the FileInfo / stream whose path is written.</summary>
        public IOperation Path { get; }

        public HeartbeatWriteKind Kind { get; }

        public bool ExactlyNow { get; }

        /// <summary>An async write whose failure reaches a catch only when it is awaited.</summary>
        public bool NeedsAwait { get; }
    }
}
