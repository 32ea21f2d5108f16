using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>
    /// Does a member (or a same-type helper it calls) look for evidence that a lock's owner is dead before breaking it?
    /// A process look-up, the lock's content compared with a token or pid, or a call into the runtime's LockOwner /
    /// LockSteal all count: the rule stays quiet rather than judge how good the evidence is.
    /// </summary>
    internal static class OwnerEvidence
    {
        public static bool InMember(IOperation body, KnownSymbols symbols, LockPathRecognizer recognizer, ISymbol owningSymbol)
        {
            if (Direct(body, symbols, recognizer))
            {
                return true;
            }

            foreach (var node in IOperationExtensions.DescendantsOf(body))
            {
                if (node is IInvocationOperation call &&
                    !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, owningSymbol.OriginalDefinition))
                {
                    var helper = SameTypeHelpers.BodyOf(call, owningSymbol);
                    if (helper != null && Direct(helper, symbols, recognizer))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Direct(IOperation body, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            foreach (var node in IOperationExtensions.DescendantsOf(body))
            {
                switch (node)
                {
                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        if (IsRuntime(method.ContainingType, symbols) ||
                            (KnownSymbols.Is(method.ContainingType, symbols.Process) &&
                             (method.Name == "GetProcessById" || method.Name == "GetProcesses" || method.Name == "GetProcessesByName")))
                        {
                            return true;
                        }

                        if ((method.Name == "Equals" || method.Name == "SequenceEqual" || method.Name == "StartsWith") &&
                            (FromLockContent(invocation.Instance, symbols, recognizer) || AnyArgumentFromLockContent(invocation, symbols, recognizer)))
                        {
                            return true;
                        }

                        break;
                    case IPropertyReferenceOperation property when IsRuntime(property.Property.ContainingType, symbols):
                        return true;
                    case IBinaryOperation binary when (binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals) &&
                                                      !IsNullCheck(binary):
                        if (FromLockContent(binary.LeftOperand, symbols, recognizer) || FromLockContent(binary.RightOperand, symbols, recognizer))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary><c>record != null</c> asks whether the lock could be read, not who owns it.</summary>
        private static bool IsNullCheck(IBinaryOperation binary) =>
            IsNull(binary.LeftOperand) || IsNull(binary.RightOperand);

        private static bool IsNull(IOperation operand) =>
            IOperationExtensions.Unwrap(operand).ConstantValue is { HasValue: true, Value: null };

        private static bool AnyArgumentFromLockContent(IInvocationOperation invocation, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (FromLockContent(argument.Value, symbols, recognizer))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool FromLockContent(IOperation? operation, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            if (operation == null || operation.ConstantValue.HasValue)
            {
                return false;
            }

            return StaleTimestampConditions.Flows(
                operation,
                node =>
                {
                    var path = FileCalls.ContentPath(node, symbols);
                    return path != null && recognizer.IsLockPath(FileCalls.PathOfFileInfo(path, symbols));
                },
                new HashSet<ISymbol>(SymbolEqualityComparer.Default),
                0);
        }

        private static bool IsRuntime(ITypeSymbol? type, KnownSymbols symbols) =>
            (symbols.RuntimeLockOwner != null && KnownSymbols.Is(type, symbols.RuntimeLockOwner)) ||
            (symbols.RuntimeLockSteal != null && KnownSymbols.Is(type, symbols.RuntimeLockSteal));
    }
}
