using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;
namespace LockAnalyzers.Rules.LoopFamily
{
    /// <summary>
    /// What bounds a loop for the loop family (LCK004, LCK005): its condition, a counter compared in it, a deadline check that leaves it.
    /// </summary>
    internal static class LoopBounds
    {
        /// <summary>Locals, parameters and fields the loop counts with (<c>i++</c>, <c>attempts -= 1</c>): candidates for a counter bound.</summary>
        public static HashSet<ISymbol> CountersOf(ILoopOperation loop)
        {
            var counters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop))
            {
                IOperation? target = operation switch
                {
                    IIncrementOrDecrementOperation step => step.Target,
                    ICompoundAssignmentOperation compound when compound.OperatorKind == BinaryOperatorKind.Add || compound.OperatorKind == BinaryOperatorKind.Subtract => compound.Target,
                    _ => null,
                };

                var symbol = SymbolOf(target);
                if (symbol != null)
                {
                    counters.Add(symbol);
                }
            }

            return counters;
        }

        /// <summary>A comparison of a loop counter with something (<c>i &lt; n</c>, <c>++attempt &gt; max</c>, <c>tries == 0</c>).</summary>
        public static bool IsCounterBound(IOperation? condition, HashSet<ISymbol> counters)
        {
            if (condition == null || counters.Count == 0)
            {
                return false;
            }

            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(condition))
            {
                if (operation is IBinaryOperation binary && IsComparison(binary.OperatorKind) &&
                    (MentionsCounter(binary.LeftOperand, counters) || MentionsCounter(binary.RightOperand, counters) || IsBudgetStep(binary, counters)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A budget stepped inside the comparison itself, towards the side that ends the loop: <c>(limit -= delay) &gt; 0</c>,
        /// <c>0 &lt; (left -= step)</c>, <c>(waited += delay) &lt; max</c>. A step away from that side
        /// (<c>(waited += delay) &gt; 0</c>) never turns the comparison false, so it bounds nothing.
        /// </summary>
        private static bool IsBudgetStep(IBinaryOperation comparison, HashSet<ISymbol> counters)
        {
            var kind = comparison.OperatorKind;
            var greater = kind == BinaryOperatorKind.GreaterThan || kind == BinaryOperatorKind.GreaterThanOrEqual;
            var less = kind == BinaryOperatorKind.LessThan || kind == BinaryOperatorKind.LessThanOrEqual;
            return (greater && (IsStep(comparison.LeftOperand, BinaryOperatorKind.Subtract, counters) || IsStep(comparison.RightOperand, BinaryOperatorKind.Add, counters))) ||
                   (less && (IsStep(comparison.LeftOperand, BinaryOperatorKind.Add, counters) || IsStep(comparison.RightOperand, BinaryOperatorKind.Subtract, counters)));
        }

        private static bool IsStep(IOperation operand, BinaryOperatorKind direction, HashSet<ISymbol> counters)
        {
            if (!(IOperationExtensions.Unwrap(operand) is ICompoundAssignmentOperation step) || step.OperatorKind != direction)
            {
                return false;
            }

            var symbol = SymbolOf(IOperationExtensions.Unwrap(step.Target));
            return symbol != null && counters.Contains(symbol);
        }

        private static bool IsComparison(BinaryOperatorKind kind) =>
            kind == BinaryOperatorKind.LessThan || kind == BinaryOperatorKind.LessThanOrEqual ||
            kind == BinaryOperatorKind.GreaterThan || kind == BinaryOperatorKind.GreaterThanOrEqual ||
            kind == BinaryOperatorKind.Equals || kind == BinaryOperatorKind.NotEquals;

        private static bool MentionsCounter(IOperation operand, HashSet<ISymbol> counters)
        {
            var value = IOperationExtensions.Unwrap(operand);
            if (value is IIncrementOrDecrementOperation step)
            {
                value = IOperationExtensions.Unwrap(step.Target);
            }

            var symbol = SymbolOf(value);
            return symbol != null && counters.Contains(symbol);
        }

        private static ISymbol? SymbolOf(IOperation? operation) =>
            operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property when property.Property.Parameters.Length == 0 => property.Property,
                _ => null,
            };

        /// <summary>True for a constant-true condition: <c>while (true)</c>, <c>for (;;)</c>.</summary>
        public static bool IsForever(IOperation? condition) =>
            condition == null || (condition.ConstantValue.HasValue && condition.ConstantValue.Value is bool b && b);

        public static IOperation? ConditionOf(ILoopOperation loop) =>
            loop switch
            {
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                IForLoopOperation forLoop => forLoop.Condition,
                _ => null,
            };

        /// <summary>
        /// The loop's own condition bounds it: it reads a deadline or a cancellation flag, or compares a counter.
        /// </summary>
        public static bool ConditionBounds(ILoopOperation loop, KnownSymbols symbols, HashSet<ISymbol> counters)
        {
            var condition = ConditionOf(loop);
            if (IsForever(condition))
            {
                return false;
            }

            return DeadlineChecks.ReadsDeadline(condition, symbols) || IsCounterBound(condition, counters);
        }

        /// <summary>
        /// True when running <paramref name="branch"/> can leave <paramref name="loop"/>: a throw, a return, a break
        /// of that loop or a goto to a label outside it.
        /// </summary>
        public static bool ExitsLoop(IOperation? branch, ILoopOperation loop)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(branch))
            {
                switch (operation)
                {
                    case IThrowOperation _:
                        return true;
                    case IReturnOperation ret when ret.Kind != OperationKind.YieldReturn:
                        return true;
                    case IBranchOperation jump when jump.BranchKind == BranchKind.Break &&
                                                   SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel):
                        return true;
                    case IBranchOperation jump when jump.BranchKind == BranchKind.GoTo && IsOutside(jump.Target, loop):
                        return true;
                }
            }

            return false;
        }

        private static bool IsOutside(ILabelSymbol label, ILoopOperation loop)
        {
            if (label.Locations.Length == 0 || !label.Locations[0].IsInSource)
            {
                return false;
            }

            var location = label.Locations[0];
            return location.SourceTree != loop.Syntax.SyntaxTree || !loop.Syntax.Span.Contains(location.SourceSpan);
        }

        /// <summary>
        /// Whether anything in the loop bounds it: its condition, a deadline or counter check that leaves it, a
        /// throwing check, a deadline filter, or a call that is handed a cancellation token.
        /// </summary>
        public static bool IsBounded(ILoopOperation loop, KnownSymbols symbols, HashSet<ISymbol> counters, out bool byCounter)
        {
            byCounter = false;
            var condition = ConditionOf(loop);
            if (!IsForever(condition))
            {
                if (DeadlineChecks.ReadsDeadline(condition, symbols))
                {
                    return true;
                }

                if (IsCounterBound(condition, counters))
                {
                    byCounter = true;
                    return true;
                }
            }

            var bounded = false;
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                switch (operation)
                {
                    case IConditionalOperation conditional when DeadlineChecks.IsCheckingIf(conditional, loop, symbols, counters: null):
                        bounded = true;
                        break;
                    case IConditionalOperation conditional when DeadlineChecks.IsCheckingIf(conditional, loop, symbols, counters):
                        byCounter = true;
                        return true;
                    case IInvocationOperation invocation when DeadlineChecks.IsThrowingCheck(invocation, symbols) || DeadlineChecks.PassesToken(invocation, symbols):
                        bounded = true;
                        break;
                    case ICatchClauseOperation clause when DeadlineChecks.IsCheckingFilter(clause, symbols):
                        bounded = true;
                        break;
                }
            }

            return bounded;
        }
    }
}
