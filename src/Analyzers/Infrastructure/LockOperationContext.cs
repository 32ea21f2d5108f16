using System.Threading;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// One operation of a candidate block, handed to a rule by <see cref="LockCompilationContext"/>: the members a rule
    /// needs from Roslyn's <c>OperationAnalysisContext</c>, delivered from one semantic-model callback per syntax tree
    /// instead of one driver callback per member (see docs/performance.md).
    /// </summary>
    internal readonly struct LockOperationContext
    {
        private readonly LockBlockContext _member;

        public LockOperationContext(IOperation operation, LockBlockContext member)
        {
            Operation = operation;
            _member = member;
        }

        public IOperation Operation { get; }

        /// <summary>The member whose code holds the operation (for code in a lambda or local function: the member around it).</summary>
        public ISymbol? ContainingSymbol => _member.ContainingSymbol;

        public CancellationToken CancellationToken => _member.CancellationToken;

        public void ReportDiagnostic(Diagnostic diagnostic) => _member.ReportDiagnostic(diagnostic);
    }
}
