using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// One executable code block (a method or accessor body, an expression-bodied property, a field or property
    /// initializer, the top-level statements) whose text mentions a rule's words.
    /// </summary>
    internal sealed class LockMemberContext
    {
        private static readonly SyntaxNode[] NoNodes = new SyntaxNode[0];

        private readonly SemanticModel _model;
        private readonly Action<Diagnostic> _report;
        private readonly MemberBlocks _blocks;
        private readonly int _index;
        private readonly ulong _words;
        private IOperation? _root;
        private bool _rootKnown;
        private ISymbol? _containingSymbol;
        private bool _containingSymbolKnown;

        public LockMemberContext(MemberBlocks blocks, int index, ulong words, SemanticModel model, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            _blocks = blocks;
            _index = index;
            _words = words;
            _model = model;
            _report = report;
            CancellationToken = cancellationToken;
        }

        /// <summary>The syntax of the block (a member declaration, accessor, arrow clause, initializer or compilation unit).</summary>
        public SyntaxNode BlockSyntax => _blocks.Block(_index);

        /// <summary>The root of the block's operation tree (a method-body operation for methods and accessors), or null.</summary>
        public IOperation? Root
        {
            get
            {
                if (!_rootKnown)
                {
                    _root = _model.GetOperation(BlockSyntax, CancellationToken);
                    _rootKnown = true;
                }

                return _root;
            }
        }

        public CancellationToken CancellationToken { get; }

        /// <summary>The symbol the driver would name as the block's owner; computed on first use only.</summary>
        public ISymbol? ContainingSymbol
        {
            get
            {
                if (!_containingSymbolKnown)
                {
                    _containingSymbol = MemberBlocks.OwnerOf(_model, BlockSyntax, CancellationToken);
                    _containingSymbolKnown = true;
                }

                return _containingSymbol;
            }
        }

        public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);

        /// <summary>
        /// The syntax the rule's words name in this block (see <see cref="CandidateNodes"/>), each node once, in the order of
        /// the words; null when the tree's text could not be scanned (then every node is a candidate).
        /// </summary>
        public IReadOnlyList<SyntaxNode>? CandidateSyntax(CandidateNodes.Roles roles)
        {
            if (_blocks.Hits.IsEverything)
            {
                return null;
            }

            var block = BlockSyntax;
            var hitNodes = _blocks.NodesOf(_index);
            var nodes = new CandidateNodes.NodeSet();
            _blocks.HitRange(_index, out var start, out var end);
            var hits = _blocks.Hits;

            // A loop around a hit starts with its keyword before the hit: a loop-only search skips the hits no loop keyword precedes.
            var firstLoop = int.MaxValue;
            if (roles == CandidateNodes.Roles.Loop)
            {
                for (var hit = start; hit < end; hit++)
                {
                    if ((hits.MaskAt(hit) & MemberWords.LoopKeywords) != 0)
                    {
                        firstLoop = hits.PositionAt(hit);
                        break;
                    }
                }
            }

            for (var hit = start; hit < end; hit++)
            {
                if ((hits.MaskAt(hit) & _words) != 0 && (roles != CandidateNodes.Roles.Loop || hits.PositionAt(hit) > firstLoop))
                {
                    CandidateNodes.Add(hitNodes, hit, block, roles, nodes);
                }
            }

            return (IReadOnlyList<SyntaxNode>?)nodes.Nodes ?? NoNodes;
        }

        /// <summary>
        /// The operations of <paramref name="kinds"/> that the rule's words name in this block and whose syntax passes
        /// <paramref name="syntaxFilter"/> (tested before anything is looked up in the semantic model); every operation of
        /// those kinds when the tree's text could not be scanned.
        /// </summary>
        public IEnumerable<IOperation> Candidates(OperationKind[] kinds, CandidateNodes.Roles roles, Func<SyntaxNode, bool>? syntaxFilter = null)
        {
            var nodes = CandidateSyntax(roles);
            if (nodes == null)
            {
                var root = Root;
                if (root == null)
                {
                    yield break;
                }

                foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
                {
                    if (Array.IndexOf(kinds, operation.Kind) >= 0 && (syntaxFilter == null || syntaxFilter(operation.Syntax)))
                    {
                        yield return operation;
                    }
                }

                yield break;
            }

            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                if (syntaxFilter != null && !syntaxFilter(node))
                {
                    continue;
                }

                CancellationToken.ThrowIfCancellationRequested();
                var operation = _model.GetOperation(node, CancellationToken);
                if (operation != null && Array.IndexOf(kinds, operation.Kind) >= 0)
                {
                    yield return operation;
                }
            }
        }
    }
}
