using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What every rule asks of an operation tree: the value under conversions and parentheses, the root of the member
    /// that holds an operation, the argument passed for a parameter, and pre-order walks. The walks use an explicit
    /// stack: a generated file's 10,000-term string concatenation is a left-nested tree that deep, and recursion would
    /// overflow the analyzer thread's stack. Children are pushed last-first, so they are visited in source order
    /// without a list per node.
    /// </summary>
    internal static class IOperationExtensions
    {
        /// <summary>The operation under any conversions, parentheses and argument wrappers.</summary>
        public static IOperation Unwrap(this IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    case IArgumentOperation argument:
                        operation = argument.Value;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The body of the member (or lambda's containing member) that holds <paramref name="operation"/>.</summary>
        public static IOperation MemberRoot(this IOperation operation)
        {
            var current = operation;
            while (current.Parent != null)
            {
                current = current.Parent;
            }

            return current;
        }

        /// <summary>The value passed for <paramref name="parameter"/>, else the first argument's.</summary>
        public static IOperation ArgumentFor(this ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter)
        {
            foreach (var argument in arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
                {
                    return argument.Value;
                }
            }

            return arguments[0].Value;
        }

        /// <summary>The value passed for the parameter named <paramref name="parameterName"/>, or null.</summary>
        public static IOperation? ArgumentNamed(this ImmutableArray<IArgumentOperation> arguments, string parameterName)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>Every operation under <paramref name="root"/>, itself first, in source order.</summary>
        public static IEnumerable<IOperation> DescendantsAndSelf(IOperation root) => Walk(root, enterFunctions: true);

        /// <summary>
        /// Every operation under <paramref name="root"/>, not itself, in source order: Roslyn's <c>Descendants()</c>,
        /// which allocates a stack of enumerators per call, where this walk reuses its stack.
        /// </summary>
        public static IEnumerable<IOperation> DescendantsOf(IOperation root) => Walk(root, enterFunctions: true, includeSelf: false);

        /// <summary>Like <see cref="DescendantsAndSelf"/>, not entering lambdas or local functions, which run at another time.</summary>
        public static IEnumerable<IOperation> DescendantsAndSelfNoLambdas(IOperation? root) =>
            root == null ? System.Array.Empty<IOperation>() : Walk(root, enterFunctions: false);

        private static IEnumerable<IOperation> Walk(IOperation root, bool enterFunctions, bool includeSelf = true)
        {
            var stack = RentStack();
            try
            {
                stack.Push(root);
                while (stack.Count > 0)
                {
                    var operation = stack.Pop();
                    if (includeSelf || operation != root)
                    {
                        yield return operation;
                    }

                    foreach (var child in operation.ChildOperations.Reverse())
                    {
                        if (enterFunctions || !(child is IAnonymousFunctionOperation || child is ILocalFunctionOperation))
                        {
                            stack.Push(child);
                        }
                    }
                }
            }
            finally
            {
                ReturnStack(stack);
            }
        }

        // Walks run by the thousand and nest a few deep (a walk's caller walks a sub-tree): their stacks are reused per
        // thread rather than allocated and grown each time. A walk that is never finished or disposed keeps its stack.
        [System.ThreadStatic]
        private static Stack<IOperation>[]? t_stacks;

        [System.ThreadStatic]
        private static int t_freeStacks;

        private static Stack<IOperation> RentStack()
        {
            var stacks = t_stacks;
            if (stacks != null && t_freeStacks > 0)
            {
                var stack = stacks[--t_freeStacks];
                stacks[t_freeStacks] = null!;
                return stack;
            }

            return new Stack<IOperation>();
        }

        private static void ReturnStack(Stack<IOperation> stack)
        {
            var stacks = t_stacks ??= new Stack<IOperation>[4];
            if (t_freeStacks < stacks.Length)
            {
                stack.Clear();
                stacks[t_freeStacks++] = stack;
            }
        }
    }
}
