using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The syntax around each word hit of one block: the token's parent, and the call, creation or assignment it names.
    /// Each hit is resolved when a rule first asks for it (most hits are words no rule asks about in that block), from the
    /// neighbourhood of the last one resolved rather than from the block's root.
    /// </summary>
    /// <remarks>
    /// Rules may ask from several threads at once; a hit resolved twice resolves to the same nodes, and its nodes are
    /// written before its flag, so a reader that sees the flag sees them.
    /// </remarks>
    internal sealed class HitNodes
    {
        private readonly SyntaxNode _block;
        private readonly TreeHits _hits;
        private readonly int _first;
        private readonly Slot[] _slots;
        private SyntaxNode _scope;

        public HitNodes(SyntaxNode block, TreeHits hits, int start, int end)
        {
            _block = block;
            _hits = hits;
            _first = start;
            _slots = new Slot[end - start];
            _scope = block;
        }

        public SyntaxNode? Parent(int hit) => Resolve(hit).Parent;

        public SyntaxNode? Named(int hit) => Resolve(hit).Named;

        private Slot Resolve(int hit)
        {
            var index = hit - _first;
            if (Volatile.Read(ref _slots[index].Resolved) != 0)
            {
                return _slots[index];
            }

            var position = _hits.PositionAt(hit);
            var scope = Volatile.Read(ref _scope);
            while (scope != _block && !scope.FullSpan.Contains(position))
            {
                scope = scope.Parent ?? _block;
            }

            if (scope.FullSpan.Contains(position))
            {
                var token = scope.FindToken(position);
                var parent = token.Parent;

                // The top-level statements' block is the whole file: a hit in a type declared there is that type's.
                if (parent != null && (!(_block is CompilationUnitSyntax) || parent.FirstAncestorOrSelf<GlobalStatementSyntax>() != null))
                {
                    _slots[index].Parent = parent;
                    _slots[index].Named = CandidateNodes.NamedBy(token);
                    Volatile.Write(ref _scope, parent);
                }
            }

            Volatile.Write(ref _slots[index].Resolved, 1);
            return _slots[index];
        }

        private struct Slot
        {
            public SyntaxNode? Parent;
            public SyntaxNode? Named;
            public int Resolved;
        }
    }
}
