using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Pre-order walks of an operation tree with an explicit stack: a generated file's 10,000-term string concatenation
    /// is a left-nested tree that deep, and recursion would overflow the analyzer thread's stack.
    /// </summary>
    internal static class OperationWalk
    {
        public static IEnumerable<IOperation> DescendantsAndSelf(IOperation root)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                yield return operation;
                foreach (var child in operation.ChildOperations.Reverse())
                {
                    stack.Push(child);
                }
            }
        }
    }
}
