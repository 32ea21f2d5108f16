using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// Whether a member returns null whenever a file it tests is missing, so that a non-null result means "the file was
    /// there" (<c>ReadPid() != null</c>, <c>GetLockedProcess() == null</c> test the lock). Two shapes prove it without a
    /// data-flow analysis:
    /// <list type="bullet">
    /// <item>an early exit before any other value is returned: <c>if (!File.Exists(p)) return null;</c> (or a condition
    /// that is true whenever the file is missing, <c>string.IsNullOrEmpty(p) || !File.Exists(p)</c>);</item>
    /// <item>one returned local that starts as null and gets any other value only inside a branch entered when the file
    /// exists: <c>int? pid = null; if (File.Exists(p)) { ... pid = ...; } return pid;</c>.</item>
    /// </list>
    /// </summary>
    internal static class NullWhenMissing
    {
        /// <summary>Whether the member's result can be null at all: a reference type or <c>Nullable&lt;T&gt;</c>, not a task.</summary>
        public static bool MayReturnNull(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_Boolean || type.SpecialType == SpecialType.System_Void)
            {
                return false;
            }

            if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return true;
            }

            // A task's null is not its result's: an awaited helper is not followed.
            return type.IsReferenceType && type.Name != "Task" && type.Name != "ValueTask";
        }

        /// <summary>The existence test whose "missing" outcome makes the member at <paramref name="root"/> return null, or null.</summary>
        public static FileEffect? Of(IOperation root, EffectSummaries summaries)
        {
            var body = BodyBlock(root);
            if (body == null)
            {
                return null;
            }

            return EarlyExit(body, summaries) ?? GuardedLocal(root, body, summaries);
        }

        private static IBlockOperation? BodyBlock(IOperation root) => root switch
        {
            IMethodBodyBaseOperation method => method.BlockBody ?? method.ExpressionBody,
            IBlockOperation block => block,
            _ => null,
        };

        private static FileEffect? EarlyExit(IBlockOperation body, EffectSummaries summaries)
        {
            foreach (var statement in body.Operations)
            {
                if (statement is IConditionalOperation branch && branch.WhenFalse == null && ReturnsNull(branch.WhenTrue))
                {
                    var test = Implies(branch.Condition, trueMeansExists: false, summaries);
                    if (test != null)
                    {
                        return test;
                    }
                }

                if (ReturnsValue(statement))
                {
                    // A value may come back before the file is tested.
                    return null;
                }
            }

            return null;
        }

        private static FileEffect? GuardedLocal(IOperation root, IBlockOperation body, EffectSummaries summaries)
        {
            ILocalSymbol? local = null;
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(body))
            {
                if (operation is IReturnOperation ret && ret.Kind == OperationKind.Return)
                {
                    if (local != null || ret.ReturnedValue == null || !(IOperationExtensions.Unwrap(ret.ReturnedValue) is ILocalReferenceOperation returned))
                    {
                        return null;
                    }

                    local = returned.Local;
                }
            }

            if (local == null)
            {
                return null;
            }

            FileEffect? found = null;
            var startsNull = false;
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                    startsNull = initializer != null && IsNull(initializer.Value);
                    continue;
                }

                if (!(operation is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, local) || !IsWrite(reference, out var assigned))
                {
                    continue;
                }

                if (assigned != null && IsNull(assigned))
                {
                    continue;
                }

                // Any other value: only inside a branch entered when the file exists, all of them on the same file.
                var test = EnclosingExistsBranch(reference, summaries);
                if (test == null || (found != null && !PathIdentity.Same(found.Path, test.Path)))
                {
                    return null;
                }

                found = test;
            }

            return startsNull ? found : null;
        }

        /// <summary>The test of the nearest enclosing branch whose condition being true means the file exists.</summary>
        private static FileEffect? EnclosingExistsBranch(IOperation operation, EffectSummaries summaries)
        {
            var current = operation;
            var parent = operation.Parent;
            while (parent != null)
            {
                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation)
                {
                    // Written when the lambda runs, which the branch does not decide.
                    return null;
                }

                if (parent is IConditionalOperation branch && branch.WhenTrue == current)
                {
                    var test = Implies(branch.Condition, trueMeansExists: true, summaries);
                    if (test != null)
                    {
                        return test;
                    }
                }

                current = parent;
                parent = parent.Parent;
            }

            return null;
        }

        /// <summary>
        /// The test that makes <paramref name="condition"/> true only when the file exists (<paramref name="trueMeansExists"/>),
        /// or true whenever the file is missing (otherwise), through <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and bool helpers.
        /// </summary>
        private static FileEffect? Implies(IOperation condition, bool trueMeansExists, EffectSummaries summaries)
        {
            condition = IOperationExtensions.Unwrap(condition);
            switch (condition)
            {
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    // "!c true => exists" is "missing => c true", and the other way round.
                    return Implies(unary.Operand, !trueMeansExists, summaries);

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalAnd:
                    return trueMeansExists ? Implies(binary.LeftOperand, true, summaries) ?? Implies(binary.RightOperand, true, summaries) : null;

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalOr:
                    return trueMeansExists ? null : Implies(binary.LeftOperand, false, summaries) ?? Implies(binary.RightOperand, false, summaries);

                case IInvocationOperation _:
                case IPropertyReferenceOperation _:
                    var whenExists = false;
                    var test = summaries.TestOf(condition, ref whenExists);
                    return test?.Path != null && whenExists == trueMeansExists ? test : null;

                default:
                    return null;
            }
        }

        private static bool ReturnsNull(IOperation statement)
        {
            if (statement is IReturnOperation ret)
            {
                return ret.ReturnedValue != null && IsNull(ret.ReturnedValue);
            }

            if (!(statement is IBlockOperation block) || block.Operations.Length == 0 || !(block.Operations[block.Operations.Length - 1] is IReturnOperation last) ||
                last.ReturnedValue == null || !IsNull(last.ReturnedValue))
            {
                return false;
            }

            foreach (var inner in block.Operations)
            {
                if (inner != last && ReturnsValue(inner))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the statement may return something other than null.</summary>
        private static bool ReturnsValue(IOperation statement)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(statement))
            {
                if (operation is IReturnOperation ret && ret.Kind == OperationKind.Return && (ret.ReturnedValue == null || !IsNull(ret.ReturnedValue)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsNull(IOperation value)
        {
            var unwrapped = IOperationExtensions.Unwrap(value);
            return (unwrapped.ConstantValue.HasValue && unwrapped.ConstantValue.Value == null) || unwrapped is IDefaultValueOperation;
        }

        /// <summary>Whether the reference writes the local, and the value it assigns when that is a plain assignment.</summary>
        private static bool IsWrite(ILocalReferenceOperation reference, out IOperation? assigned)
        {
            assigned = null;
            switch (reference.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    assigned = assignment.Value;
                    return true;
                case IAssignmentOperation assignment when assignment.Target == reference:
                case IIncrementOrDecrementOperation _:
                    return true;
                case IArgumentOperation argument when argument.Parameter != null && argument.Parameter.RefKind != RefKind.None && argument.Parameter.RefKind != RefKind.In:
                    return true;
                case ITupleOperation _:
                    // A deconstruction's target: written with some part of a value.
                    return reference.Parent.Parent is IDeconstructionAssignmentOperation;
                default:
                    return false;
            }
        }
    }
}
