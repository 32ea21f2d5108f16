using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The tokens of a node that have text, in order: what the rules' name tests read. Unlike Roslyn's
    /// <c>DescendantTokens()</c>, which allocates two iterators per call, this walks the children lists with a struct
    /// enumerator and a stack reused per thread, so a test asked for thousands of nodes allocates nothing. Each child
    /// list is read once (stepping with <c>GetNextToken</c> would search the parent's list for the current token at every
    /// step, quadratic in a block of thousands of statements). Missing (zero-width) tokens of code that does not compile
    /// are left out: they name nothing.
    /// </summary>
    internal readonly struct TokenWalk
    {
        private readonly SyntaxNode _node;

        private TokenWalk(SyntaxNode node) => _node = node;

        /// <summary>The tokens of <paramref name="node"/> that have text.</summary>
        public static TokenWalk In(SyntaxNode node) => new TokenWalk(node);

        public Enumerator GetEnumerator() => new Enumerator(_node);

        /// <summary>The walk's position; copying it mid-walk would share its rented stack, so it is only used by <c>foreach</c>.</summary>
        public struct Enumerator : System.IDisposable
        {
            private readonly SyntaxNode _node;
            private Stack<ChildSyntaxList.Enumerator>? _stack;
            private SyntaxToken _current;
            private bool _started;

            internal Enumerator(SyntaxNode node)
            {
                _node = node;
                _stack = null;
                _current = default;
                _started = false;
            }

            public SyntaxToken Current => _current;

            public bool MoveNext()
            {
                if (!_started)
                {
                    _started = true;
                    _stack = StackPool<ChildSyntaxList.Enumerator>.Rent();
                    _stack.Push(_node.ChildNodesAndTokens().GetEnumerator());
                }

                var stack = _stack;
                if (stack == null)
                {
                    return false;
                }

                while (stack.Count > 0)
                {
                    var children = stack.Pop();
                    if (!children.MoveNext())
                    {
                        continue;
                    }

                    var child = children.Current;
                    stack.Push(children);
                    if (child.IsNode)
                    {
                        stack.Push(child.AsNode()!.ChildNodesAndTokens().GetEnumerator());
                        continue;
                    }

                    var token = child.AsToken();
                    if (!token.Span.IsEmpty)
                    {
                        _current = token;
                        return true;
                    }
                }

                Dispose();
                return false;
            }

            public void Dispose()
            {
                StackPool<ChildSyntaxList.Enumerator>.Return(ref _stack);
                _current = default;
            }
        }
    }
}
