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
    internal enum CatchBodyKind
    {
        /// <summary>Logs or ignores: the failure stops here.</summary>
        Swallows,

        /// <summary>Does something the rest of the program can see (state, cancellation, a call, a returned value).</summary>
        Handles,

        /// <summary>Only throws or rethrows: the failure (or a new exception) travels on to outer catches.</summary>
        OnlyThrows,
    }
}
