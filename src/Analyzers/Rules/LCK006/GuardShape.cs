using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>How a create depends on the existence test in front of it; the code fix rewrites each shape differently.</summary>
    internal enum GuardShape
    {
        /// <summary><c>if (!File.Exists(p)) { create; ... }</c> (or the else branch of <c>if (File.Exists(p))</c>).</summary>
        Branch,

        /// <summary><c>if (File.Exists(p)) return ...; create;</c>: an early exit before the create.</summary>
        EarlyExit,

        /// <summary><c>while (File.Exists(p)) wait; create;</c>.</summary>
        WaitLoop,

        /// <summary><c>!File.Exists(p) &amp;&amp; ...create...</c> or a conditional expression.</summary>
        Expression,

        /// <summary>The create sits in the catch of a read that failed because the file was missing.</summary>
        FailedRead,

        /// <summary>
        /// The test judges more than existence: <c>if (exists) { ... return when held ... } create;</c> (a missing file
        /// falls through to the create, and so may a stale one), a value read from the lock compared with null, or an
        /// existence test combined with the lock's liveness or age. The rewrite would drop the judgement, so no fix.
        /// </summary>
        Judged,
    }
}
