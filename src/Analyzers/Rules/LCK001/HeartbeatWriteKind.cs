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
    internal enum HeartbeatWriteKind
    {
        /// <summary>File.SetLastWriteTime(Utc) or a LastWriteTime(Utc) setter: what LockHeartbeat.Refresh replaces.</summary>
        WriteTime,

        /// <summary>Access-time touch: a heartbeat, but Refresh sets the write time, so no fix.</summary>
        AccessTime,

        /// <summary>Content write to the lock file: a heartbeat, but replacing it would drop the content, so no fix.</summary>
        Content,
    }
}
