using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What every rule asks of an operation tree: the value under conversions and parentheses, the root of the member
    /// that holds an operation, the argument passed for a parameter, and pre-order walks (<see cref="OperationWalk"/>).
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
        public static OperationWalk DescendantsAndSelf(IOperation root) => new OperationWalk(root, enterFunctions: true, includeSelf: true);

        /// <summary>
        /// Every operation under <paramref name="root"/>, not itself, in source order: Roslyn's <c>Descendants()</c>,
        /// which allocates a stack of enumerators per call, where this walk reuses its stack.
        /// </summary>
        public static OperationWalk DescendantsOf(IOperation root) => new OperationWalk(root, enterFunctions: true, includeSelf: false);

        /// <summary>Like <see cref="DescendantsAndSelf"/>, not entering lambdas or local functions, which run at another time.</summary>
        public static OperationWalk DescendantsAndSelfNoLambdas(IOperation? root) => new OperationWalk(root, enterFunctions: false, includeSelf: true);
    }
}
