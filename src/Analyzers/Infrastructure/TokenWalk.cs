using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The tokens of a node that have text, in order: what the rules' name tests read. Unlike Roslyn's
    /// <c>DescendantTokens()</c>, which allocates two iterators per call, this steps from token to token
    /// (<c>GetNextToken</c>) through a struct enumerator, so a test asked for thousands of nodes allocates nothing. Missing
    /// (zero-width) tokens of code that does not compile are left out: they name nothing.
    /// </summary>
    internal readonly struct TokenWalk
    {
        private readonly SyntaxNode _node;

        private TokenWalk(SyntaxNode node) => _node = node;

        /// <summary>The tokens of <paramref name="node"/> that have text.</summary>
        public static TokenWalk In(SyntaxNode node) => new TokenWalk(node);

        public Enumerator GetEnumerator() => new Enumerator(_node);

        /// <summary>The walk's position: the last token given, and where the node's text ends.</summary>
        public struct Enumerator
        {
            private readonly SyntaxNode _node;
            private readonly int _end;
            private SyntaxToken _current;
            private bool _started;

            internal Enumerator(SyntaxNode node)
            {
                _node = node;
                _end = node.Span.End;
                _current = default;
                _started = false;
            }

            public SyntaxToken Current => _current;

            public bool MoveNext()
            {
                if (!_started)
                {
                    _started = true;
                    _current = _node.GetFirstToken();
                }
                else if (_current.RawKind != 0)
                {
                    _current = _current.GetNextToken();
                }

                if (_current.RawKind == 0 || _current.SpanStart >= _end || _current.Span.IsEmpty)
                {
                    _current = default;
                    return false;
                }

                return true;
            }
        }
    }
}
