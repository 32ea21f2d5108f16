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
    internal readonly struct GuardOutcome
    {
        public GuardOutcome(GuardOutcomeKind kind, CatchClauseSyntax? swallowingCatch, SyntaxNode? boundary, IReadOnlyList<ITypeSymbol> inFlight)
        {
            Kind = kind;
            SwallowingCatch = swallowingCatch;
            Boundary = boundary;
            InFlight = inFlight;
        }

        public GuardOutcomeKind Kind { get; }

        public CatchClauseSyntax? SwallowingCatch { get; }

        /// <summary>The method or local function the failure escapes from.</summary>
        public SyntaxNode? Boundary { get; }

        /// <summary>The exception types (each with its subclasses) still propagating.</summary>
        public IReadOnlyList<ITypeSymbol> InFlight { get; }
    }
}
