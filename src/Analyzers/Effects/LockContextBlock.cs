using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Effects
{
    /// <summary>One code block in a lock context (see <see cref="LockContextBlocks"/>), as a rule's block action gets it.</summary>
    /// <remarks>One per tree and rule, moved from block to block (<see cref="MoveTo"/>): a rule must not keep it past its action.</remarks>
    internal sealed class LockContextBlock
    {
        private readonly SemanticModelAnalysisContext _context; // a copy, so that reporting needs no delegate or box
        private IOperation? _root;
        private bool _rootKnown;

        public LockContextBlock(SyntaxNode syntax, LockPathRecognizer recognizer, in SemanticModelAnalysisContext context)
        {
            Syntax = syntax;
            Model = context.SemanticModel;
            Recognizer = recognizer;
            _context = context;
            CancellationToken = context.CancellationToken;
        }

        /// <summary>The member declaration (method, constructor, accessor) or expression-bodied property's arrow clause.</summary>
        public SyntaxNode Syntax { get; private set; }

        public SemanticModel Model { get; }

        /// <summary>Makes this the context of <paramref name="syntax"/>, another block of the same tree.</summary>
        internal void MoveTo(SyntaxNode syntax)
        {
            Syntax = syntax;
            _root = null;
            _rootKnown = false;
        }

        public LockPathRecognizer Recognizer { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The block's operation tree (bound on first use, by the model the driver shares).</summary>
        public IOperation? Root
        {
            get
            {
                if (!_rootKnown)
                {
                    _root = Model.GetOperation(Syntax, CancellationToken);
                    _rootKnown = true;
                }

                return _root;
            }
        }

        public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);
    }
}
