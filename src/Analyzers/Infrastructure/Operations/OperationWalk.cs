using System.Collections;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// A pre-order walk of an operation tree, in source order (see <see cref="IOperationExtensions.DescendantsAndSelf"/>).
    /// </summary>
    /// <remarks>
    /// An explicit stack, not recursion: a generated file's 10,000-term string concatenation is a left-nested tree that
    /// deep, and recursion would overflow the analyzer thread's stack. Children are pushed last-first, so they come out
    /// in source order without a list per node. The walks run by the thousand, so nothing is allocated per walk: the
    /// enumerator is a struct that <c>foreach</c> uses without boxing, and its stack is rented per thread and returned when
    /// the walk ends or is disposed (walks nest a few deep: a walk's caller walks a sub-tree). Through the
    /// <see cref="IEnumerable{T}"/> interface (LINQ) the enumerator is boxed, as any iterator would be.
    /// </remarks>
    internal readonly struct OperationWalk : IEnumerable<IOperation>
    {
        private readonly IOperation? _root;
        private readonly bool _enterFunctions;
        private readonly bool _includeSelf;

        public OperationWalk(IOperation? root, bool enterFunctions, bool includeSelf)
        {
            _root = root;
            _enterFunctions = enterFunctions;
            _includeSelf = includeSelf;
        }

        public Enumerator GetEnumerator() => new Enumerator(_root, _enterFunctions, _includeSelf);

        IEnumerator<IOperation> IEnumerable<IOperation>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The walk's position; copying it mid-walk would share its rented stack, so it is only used by <c>foreach</c> or boxed once.</summary>
        public struct Enumerator : IEnumerator<IOperation>
        {
            private readonly IOperation? _root;
            private readonly bool _enterFunctions;
            private readonly bool _includeSelf;
            private Stack<IOperation>? _stack;
            private IOperation? _current;
            private bool _started;

            internal Enumerator(IOperation? root, bool enterFunctions, bool includeSelf)
            {
                _root = root;
                _enterFunctions = enterFunctions;
                _includeSelf = includeSelf;
                _stack = null;
                _current = null;
                _started = false;
            }

            public IOperation Current => _current!;

            object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (!_started)
                {
                    _started = true;
                    if (_root == null)
                    {
                        return false;
                    }

                    _stack = StackPool<IOperation>.Rent();
                    _stack.Push(_root);
                }

                var stack = _stack;
                if (stack == null)
                {
                    return false;
                }

                while (stack.Count > 0)
                {
                    var operation = stack.Pop();
                    foreach (var child in operation.ChildOperations.Reverse())
                    {
                        if (_enterFunctions || !(child is IAnonymousFunctionOperation || child is ILocalFunctionOperation))
                        {
                            stack.Push(child);
                        }
                    }

                    if (_includeSelf || operation != _root)
                    {
                        _current = operation;
                        return true;
                    }
                }

                Dispose();
                return false;
            }

            public void Dispose()
            {
                StackPool<IOperation>.Return(ref _stack);
                _current = null;
            }

            public void Reset() => throw new System.NotSupportedException();
        }
    }
}
