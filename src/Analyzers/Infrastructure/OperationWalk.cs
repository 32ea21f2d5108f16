using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Pre-order walks of an operation tree with an explicit stack: a generated file's 10,000-term string concatenation
    /// is a left-nested tree that deep, and recursion would overflow the analyzer thread's stack. Children are pushed
    /// last-first, so they are visited in source order without a list per node.
    /// </summary>
    internal static class OperationWalk
    {
        public static IEnumerable<IOperation> DescendantsAndSelf(IOperation root) => Walk(root, enterFunctions: true);

        /// <summary>Like <see cref="DescendantsAndSelf"/>, not entering lambdas or local functions, which run at another time.</summary>
        public static IEnumerable<IOperation> DescendantsAndSelfNoLambdas(IOperation? root) =>
            root == null ? System.Array.Empty<IOperation>() : Walk(root, enterFunctions: false);

        private static IEnumerable<IOperation> Walk(IOperation root, bool enterFunctions)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                yield return operation;
                foreach (var child in operation.ChildOperations.Reverse())
                {
                    if (enterFunctions || !(child is IAnonymousFunctionOperation || child is ILocalFunctionOperation))
                    {
                        stack.Push(child);
                    }
                }
            }
        }
    }
}
