using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What a rule sees of one executable code block (a method or accessor body, an expression-bodied property, a field
    /// or property initializer, the top-level statements) whose text mentions its words: the block, its owner, its
    /// operations, its candidates (from <see cref="BlockCandidates"/>), and the report.
    /// </summary>
    /// <remarks>
    /// One per tree and rule, moved from block to block (<see cref="MoveTo"/>): a tree's blocks are thousands in a large
    /// code base, and an object per block and rule was a good part of what the rules allocate. A rule must not keep it
    /// past its action.
    /// </remarks>
    internal sealed class LockBlockContext
    {
        private readonly SemanticModel _model;
        private readonly SemanticModelAnalysisContext _context; // a copy, so that reporting needs no delegate or box
        private readonly CodeBlocks _blocks;
        private int _index;
        private readonly ulong _words;
        private IOperation? _root;
        private bool _rootKnown;
        private ISymbol? _containingSymbol;
        private bool _containingSymbolKnown;
        private IReadOnlyList<SyntaxNode>? _syntax;
        private CandidateRoles _syntaxRoles;
        private bool _syntaxKnown;

        public LockBlockContext(CodeBlocks blocks, int index, ulong words, in SemanticModelAnalysisContext context)
        {
            _blocks = blocks;
            _index = index;
            _words = words;
            _model = context.SemanticModel;
            _context = context;
            CancellationToken = context.CancellationToken;
        }

        /// <summary>Makes this the context of block <paramref name="index"/> of the same tree, forgetting what was found for the last one.</summary>
        internal void MoveTo(int index)
        {
            _index = index;
            _root = null;
            _rootKnown = false;
            _containingSymbol = null;
            _containingSymbolKnown = false;
            _syntax = null;
            _syntaxKnown = false;
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
                    _containingSymbol = OwnerOf(_model, BlockSyntax, CancellationToken);
                    _containingSymbolKnown = true;
                }

                return _containingSymbol;
            }
        }

        public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);

        /// <summary>
        /// The syntax of <paramref name="roles"/> the rule's words name in this block (see <see cref="BlockCandidates"/>),
        /// computed once per block and rule; null when the tree's text could not be scanned (then every node is a candidate).
        /// </summary>
        public IReadOnlyList<SyntaxNode>? CandidateSyntax(CandidateRoles roles)
        {
            if (!_syntaxKnown || _syntaxRoles != roles)
            {
                _syntax = _blocks.CandidatesOf(_index).Syntax(roles, _words);
                _syntaxRoles = roles;
                _syntaxKnown = true;
            }

            return _syntax;
        }

        /// <summary>Records the syntax of <paramref name="roles"/> already found for this block, so it is not gathered again.</summary>
        internal void KnowCandidateSyntax(CandidateRoles roles, IReadOnlyList<SyntaxNode>? syntax)
        {
            _syntax = syntax;
            _syntaxRoles = roles;
            _syntaxKnown = true;
        }

        /// <summary>
        /// The operations of <paramref name="kinds"/> that the rule's words name in this block and whose syntax passes
        /// <paramref name="syntaxFilter"/> (tested before anything is looked up in the semantic model); every operation of
        /// those kinds when the tree's text could not be scanned.
        /// </summary>
        public IReadOnlyList<IOperation> Candidates(OperationKind[] kinds, CandidateRoles roles, Func<SyntaxNode, bool>? syntaxFilter = null)
        {
            var syntax = CandidateSyntax(roles);
            return BlockCandidates.Operations(syntax, syntax == null ? Root : null, _model, kinds, syntaxFilter, CancellationToken);
        }

        /// <summary>The symbol that owns a block's code, as the driver names it for an operation block.</summary>
        private static ISymbol? OwnerOf(SemanticModel model, SyntaxNode block, CancellationToken cancellationToken)
        {
            switch (block)
            {
                case ArrowExpressionClauseSyntax arrow:
                    return model.GetEnclosingSymbol(arrow.Expression.SpanStart, cancellationToken);
                case EqualsValueClauseSyntax initializer when initializer.Parent is VariableDeclaratorSyntax declarator:
                    return model.GetDeclaredSymbol(declarator, cancellationToken);
                case EqualsValueClauseSyntax initializer when initializer.Parent != null:
                    return model.GetDeclaredSymbol(initializer.Parent, cancellationToken);
                default:
                    return model.GetDeclaredSymbol(block, cancellationToken);
            }
        }
    }
}
