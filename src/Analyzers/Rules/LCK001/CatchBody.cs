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
    internal sealed class CatchBody
    {
        public CatchBody(CatchBodyKind kind, bool rethrows, IReadOnlyList<ITypeSymbol> thrown)
        {
            Kind = kind;
            Rethrows = rethrows;
            Thrown = thrown;
        }

        public CatchBodyKind Kind { get; }

        public bool Rethrows { get; }

        public IReadOnlyList<ITypeSymbol> Thrown { get; }
    }
}
