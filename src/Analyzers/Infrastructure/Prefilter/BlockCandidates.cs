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
    /// A view of one block of <see cref="CodeBlocks"/>, which keeps what is resolved (one slot per hit of the tree, and
    /// per block the node last resolved), so that a block costs no object of its own. Rules may ask from several threads
    /// at once; a hit resolved twice resolves to the same nodes, and the node a hit names is written before the node it
    /// lies in, which marks the hit resolved, so a reader that sees the one sees the other.
    /// </remarks>
    internal readonly struct BlockCandidates
    {
        private static readonly SyntaxNode[] NoNodes = new SyntaxNode[0];
        private static readonly IOperation[] NoOperations = new IOperation[0];

        // The nodes of one Syntax call are gathered here and copied out at their exact number: one array per call.
        [ThreadStatic]
        private static List<SyntaxNode>? t_gathered;

        private readonly CodeBlocks _blocks;
        private readonly int _index;

        public BlockCandidates(CodeBlocks blocks, int index)
        {
            _blocks = blocks;
            _index = index;
        }

        /// <summary>
        /// The syntax of <paramref name="roles"/> that the words of <paramref name="words"/> name in this block, each node
        /// once, in the order of the words; null when the tree's text could not be scanned (then every node is a candidate).
        /// </summary>
        public IReadOnlyList<SyntaxNode>? Syntax(CandidateRoles roles, ulong words)
        {
            var hits = _blocks.Hits;
            if (hits.IsEverything)
            {
                return null;
            }

            var first = _blocks.HitStart(_index);
            var end = _blocks.HitEnd(_index);
            var firstLoop = roles == CandidateRoles.Loop ? LoopKeywords.FirstPosition(hits, first, end) : int.MinValue;
            List<SyntaxNode>? nodes = null;
            for (var hit = first; hit < end; hit++)
            {
                if ((hits.MaskAt(hit) & words) != 0 && hits.PositionAt(hit) > firstLoop)
                {
                    Add(hit, roles, ref nodes);
                }
            }

            if (nodes == null)
            {
                return NoNodes;
            }

            var found = nodes.ToArray();
            nodes.Clear();
            return found;
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
                var block = _blocks.Block(_index);
                for (var node = slot.Parent; node != null && node != block; node = node.Parent)
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
                // Cleared when taken, not only when copied out: a call cut short (cancelled) leaves nothing behind.
                nodes = t_gathered ??= new List<SyntaxNode>();
                nodes.Clear();
                nodes.Add(node);
            }
            else if (!nodes.Contains(node))
            {
                nodes.Add(node);
            }
        }

        private Slot Resolve(int hit)
        {
            var slots = _blocks.Slots;
            if (Volatile.Read(ref slots[hit].Parent) != null)
            {
                return slots[hit];
            }

            var block = _blocks.Block(_index);
            var position = _blocks.Hits.PositionAt(hit);
            ref var lastResolved = ref _blocks.LastResolved(_index);
            var scope = Volatile.Read(ref lastResolved) ?? block;
            while (scope != block && !scope.FullSpan.Contains(position))
            {
                scope = scope.Parent ?? block;
            }

            // The block itself stands for "names nothing": no role is the block's, and the loop walk stops at it.
            SyntaxNode resolved = block;
            if (scope.FullSpan.Contains(position))
            {
                var token = scope.FindToken(position);
                var parent = token.Parent;

                // The top-level statements' block is the whole file: a hit in a type declared there is that type's.
                if (parent != null && (!(block is CompilationUnitSyntax) || parent.FirstAncestorOrSelf<GlobalStatementSyntax>() != null))
                {
                    slots[hit].Named = CandidateSyntax.NamedBy(token);
                    resolved = parent;
                    Volatile.Write(ref lastResolved, parent);
                }
            }

            // Written last: a reader that sees the parent sees the named node.
            Volatile.Write(ref slots[hit].Parent, resolved);
            return slots[hit];
        }

        /// <summary>What one hit resolves to: the node its token is in (null until resolved), and the node it names, if any.</summary>
        internal struct Slot
        {
            public SyntaxNode? Parent;
            public SyntaxNode? Named;
        }
    }
}
