using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The candidate stage of the pre-filter for one code block: the syntax its word hits name (see
    /// <see cref="CandidateSyntax"/>), and the loops around them. Each hit is resolved when a rule first asks for it (most
    /// hits are words no rule asks about in that block), from the neighbourhood of the last one resolved rather than from
    /// the block's root, and kept for every rule.
    /// </summary>
    /// <remarks>
    /// Rules may ask from several threads at once; a hit resolved twice resolves to the same nodes, and its nodes are
    /// written before its flag, so a reader that sees the flag sees them.
    /// </remarks>
    internal sealed class BlockCandidates
    {
        private static readonly SyntaxNode[] NoNodes = new SyntaxNode[0];
        private static readonly IOperation[] NoOperations = new IOperation[0];

        private readonly SyntaxNode _block;
        private readonly TextHits _hits;
        private readonly int _first;
        private readonly Slot[] _slots;
        private SyntaxNode _scope;

        public BlockCandidates(SyntaxNode block, TextHits hits, int start, int end)
        {
            _block = block;
            _hits = hits;
            _first = start;
            _slots = new Slot[end - start];
            _scope = block;
        }

        /// <summary>
        /// The syntax of <paramref name="roles"/> that the words of <paramref name="words"/> name in this block, each node
        /// once, in the order of the words; null when the tree's text could not be scanned (then every node is a candidate).
        /// </summary>
        public IReadOnlyList<SyntaxNode>? Syntax(CandidateRoles roles, ulong words)
        {
            if (_hits.IsEverything)
            {
                return null;
            }

            var end = _first + _slots.Length;
            var firstLoop = roles == CandidateRoles.Loop ? LoopKeywords.FirstPosition(_hits, _first, end) : int.MinValue;
            List<SyntaxNode>? nodes = null;
            for (var hit = _first; hit < end; hit++)
            {
                if ((_hits.MaskAt(hit) & words) != 0 && _hits.PositionAt(hit) > firstLoop)
                {
                    Add(hit, roles, ref nodes);
                }
            }

            return (IReadOnlyList<SyntaxNode>?)nodes ?? NoNodes;
        }

        /// <summary>
        /// The operations of <paramref name="kinds"/> among <paramref name="syntax"/> (from <see cref="Syntax"/>) whose
        /// syntax passes <paramref name="syntaxFilter"/> (tested before anything is looked up in the semantic model);
        /// every operation of those kinds under <paramref name="root"/> when <paramref name="syntax"/> is null.
        /// </summary>
        /// <remarks>A list, not an iterator: most blocks have no candidate, and for them nothing is allocated.</remarks>
        public static IReadOnlyList<IOperation> Operations(
            IReadOnlyList<SyntaxNode>? syntax, IOperation? root, SemanticModel model, OperationKind[] kinds, Func<SyntaxNode, bool>? syntaxFilter, CancellationToken cancellationToken)
        {
            List<IOperation>? found = null;
            if (syntax == null)
            {
                if (root != null)
                {
                    foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
                    {
                        if (Array.IndexOf(kinds, operation.Kind) >= 0 && (syntaxFilter == null || syntaxFilter(operation.Syntax)))
                        {
                            (found ??= new List<IOperation>()).Add(operation);
                        }
                    }
                }

                return (IReadOnlyList<IOperation>?)found ?? NoOperations;
            }

            for (var i = 0; i < syntax.Count; i++)
            {
                var node = syntax[i];
                if (syntaxFilter != null && !syntaxFilter(node))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var operation = model.GetOperation(node, cancellationToken);
                if (operation != null && Array.IndexOf(kinds, operation.Kind) >= 0)
                {
                    (found ??= new List<IOperation>()).Add(operation);
                }
            }

            return (IReadOnlyList<IOperation>?)found ?? NoOperations;
        }

        /// <summary>Adds the nodes in <paramref name="roles"/> that hit number <paramref name="hit"/> names or lies in, each once.</summary>
        private void Add(int hit, CandidateRoles roles, ref List<SyntaxNode>? into)
        {
            var slot = Resolve(hit);
            if (slot.Named != null && (CandidateSyntax.RoleOf(slot.Named) & roles) != 0)
            {
                AddOnce(slot.Named, ref into);
            }

            if ((roles & CandidateRoles.Loop) != 0)
            {
                for (var node = slot.Parent; node != null && node != _block; node = node.Parent)
                {
                    if (CandidateSyntax.IsLoop(node))
                    {
                        AddOnce(node, ref into);
                    }
                }
            }
        }

        // A block names a handful of nodes: a list is searched.
        private static void AddOnce(SyntaxNode node, ref List<SyntaxNode>? nodes)
        {
            if (nodes == null)
            {
                nodes = new List<SyntaxNode> { node };
            }
            else if (!nodes.Contains(node))
            {
                nodes.Add(node);
            }
        }

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
                    _slots[index].Named = CandidateSyntax.NamedBy(token);
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
