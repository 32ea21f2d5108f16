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
    internal enum HeartbeatNameStrength
    {
        None,
        Weak,
        Strong,
    }
}
