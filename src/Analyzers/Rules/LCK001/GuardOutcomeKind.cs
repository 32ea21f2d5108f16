using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK001
{
    internal enum GuardOutcomeKind
    {
        /// <summary>A catch that would catch the failure does nothing but log or ignore it.</summary>
        Swallowed,

        /// <summary>Every catch that could see the failure handles it (or rethrows into a handling one).</summary>
        Handled,

        /// <summary>The failure leaves the member (method or local function) unguarded: look at its callers.</summary>
        EscapesMember,

        /// <summary>The failure leaves a lambda that is not awaited in place (a timer callback): nothing here catches it.</summary>
        EscapesLambda,
    }
}
