using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Rules.LCK002;

namespace LockAnalyzers.CodeFixes.Rules.LCK002
{
    /// <summary>
    /// Reads the staleness threshold out of one age comparison of a path's last-write time, as the text of a TimeSpan
    /// expression. Recognised, with either operand order and &gt; / &gt;= / &lt; / &lt;=:
    /// <c>now - W &gt; T</c>, <c>(now - W).TotalMilliseconds|TotalSeconds|TotalMinutes &gt; N</c> (also through an
    /// <c>age</c> local), <c>W &lt; now - T</c>, <c>W &lt; now.AddSeconds(-N)</c>, <c>W + T &lt; now</c>,
    /// <c>W.Add(T) &lt; now</c>, <c>W.AddSeconds(N) &lt; now</c>. Anything else: null, and no fix.
    /// </summary>
    internal static class StaleThreshold
    {
        public static string? Of(IOperation condition, IInvocationOperation delete, Compilation compilation)
        {
            var symbols = KnownSymbols.TryCreate(compilation);
            var deleted = symbols == null ? null : FileCalls.DeletedPath(delete, symbols);
            if (symbols == null || deleted == null || !(Unwrap(condition) is IBinaryOperation binary))
            {
                return null;
            }

            IOperation big;
            IOperation small;
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.GreaterThan:
                case BinaryOperatorKind.GreaterThanOrEqual:
                    big = binary.LeftOperand;
                    small = binary.RightOperand;
                    break;
                case BinaryOperatorKind.LessThan:
                case BinaryOperatorKind.LessThanOrEqual:
                    big = binary.RightOperand;
                    small = binary.LeftOperand;
                    break;
                default:
                    return null;
            }

            var reader = new Reader(symbols, deleted);
            return reader.AgeThreshold(Unwrap(big), Unwrap(small)) ?? reader.TimestampThreshold(Unwrap(small), Unwrap(big));
        }

        public static bool MentionsTimestamp(SyntaxNode node)
        {
            foreach (var token in node.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) &&
                    (token.ValueText.Contains("LastWriteTime") || token.ValueText.Contains("CreationTime") || token.ValueText.Contains("LastAccessTime")))
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation Unwrap(IOperation operation) => IOperationExtensions.Unwrap(operation);

        private sealed class Reader
        {
            private readonly KnownSymbols _symbols;
            private readonly IOperation _deleted;

            public Reader(KnownSymbols symbols, IOperation deleted)
            {
                _symbols = symbols;
                _deleted = deleted;
            }

            /// <summary><c>age &gt; T</c> or <c>age.TotalSeconds &gt; N</c>, where age = now - W.</summary>
            public string? AgeThreshold(IOperation big, IOperation small)
            {
                if (IsAge(big) && IsTimeSpan(small))
                {
                    return small.Syntax.ToString();
                }

                if (big is IPropertyReferenceOperation total && total.Instance != null && IsAge(Unwrap(total.Instance)) && IsNumber(small))
                {
                    var factory = total.Property.Name switch
                    {
                        "TotalMilliseconds" => "FromMilliseconds",
                        "TotalSeconds" => "FromSeconds",
                        "TotalMinutes" => "FromMinutes",
                        _ => null,
                    };
                    return factory == null ? null : "System.TimeSpan." + factory + "(" + small.Syntax + ")";
                }

                return null;
            }

            /// <summary><c>W &lt; now - T</c> / <c>W &lt; now.AddX(-N)</c> / <c>W + T &lt; now</c> / <c>W.AddX(N) &lt; now</c>.</summary>
            public string? TimestampThreshold(IOperation small, IOperation big)
            {
                if (IsWriteTime(small))
                {
                    return Offset(big, negative: true);
                }

                if (StaleTimestampConditions.IsClock(big) || IsLocalOf(big, StaleTimestampConditions.IsClock))
                {
                    return OffsetFromWriteTime(small);
                }

                return null;
            }

            /// <summary>now - T, now.Subtract(T), now.AddSeconds(-N): the threshold T.</summary>
            private string? Offset(IOperation operation, bool negative)
            {
                switch (operation)
                {
                    case IBinaryOperation subtract when subtract.OperatorKind == BinaryOperatorKind.Subtract &&
                                                       StaleTimestampConditions.IsClock(Unwrap(subtract.LeftOperand)) && IsTimeSpan(Unwrap(subtract.RightOperand)):
                        return Unwrap(subtract.RightOperand).Syntax.ToString();
                    case IInvocationOperation call when call.Instance != null && StaleTimestampConditions.IsClock(Unwrap(call.Instance)) &&
                                                        call.Arguments.Length == 1:
                        var argument = Unwrap(call.Arguments[0].Value);
                        if (call.TargetMethod.Name == "Subtract" && IsTimeSpan(argument))
                        {
                            return argument.Syntax.ToString();
                        }

                        var factory = Factory(call.TargetMethod.Name);
                        if (factory != null && negative && argument is IUnaryOperation minus && minus.OperatorKind == UnaryOperatorKind.Minus &&
                            IsNumber(Unwrap(minus.Operand)))
                        {
                            return "System.TimeSpan." + factory + "(" + Unwrap(minus.Operand).Syntax + ")";
                        }

                        return null;
                }

                return null;
            }

            /// <summary>W + T, W.Add(T), W.AddSeconds(N): the threshold T.</summary>
            private string? OffsetFromWriteTime(IOperation operation)
            {
                switch (operation)
                {
                    case IBinaryOperation add when add.OperatorKind == BinaryOperatorKind.Add && IsWriteTime(Unwrap(add.LeftOperand)) &&
                                                  IsTimeSpan(Unwrap(add.RightOperand)):
                        return Unwrap(add.RightOperand).Syntax.ToString();
                    case IInvocationOperation call when call.Instance != null && IsWriteTime(Unwrap(call.Instance)) && call.Arguments.Length == 1:
                        var argument = Unwrap(call.Arguments[0].Value);
                        if (call.TargetMethod.Name == "Add" && IsTimeSpan(argument))
                        {
                            return argument.Syntax.ToString();
                        }

                        var factory = Factory(call.TargetMethod.Name);
                        return factory != null && IsNumber(argument) && !(argument is IUnaryOperation)
                            ? "System.TimeSpan." + factory + "(" + argument.Syntax + ")"
                            : null;
                }

                return null;
            }

            private static string? Factory(string addName) => addName switch
            {
                "AddMilliseconds" => "FromMilliseconds",
                "AddSeconds" => "FromSeconds",
                "AddMinutes" => "FromMinutes",
                "AddHours" => "FromHours",
                _ => null,
            };

            private bool IsAge(IOperation operation)
            {
                if (operation is ILocalReferenceOperation local)
                {
                    var value = MemberPathIndex.Of(operation).SingleValue(local.Local);
                    return value != null && IsAge(Unwrap(value));
                }

                return operation is IBinaryOperation subtract && subtract.OperatorKind == BinaryOperatorKind.Subtract &&
                       StaleTimestampConditions.IsClock(Unwrap(subtract.LeftOperand)) && IsWriteTime(Unwrap(subtract.RightOperand));
            }

            private bool IsWriteTime(IOperation operation)
            {
                if (operation is ILocalReferenceOperation local)
                {
                    var value = MemberPathIndex.Of(operation).SingleValue(local.Local);
                    return value != null && IsWriteTime(Unwrap(value));
                }

                var path = FileCalls.TimestampPath(operation, _symbols);
                return path != null && FileCalls.IsLastWriteTime(operation) && PathIdentity.Same(path, _deleted, _symbols);
            }

            private static bool IsLocalOf(IOperation operation, System.Func<IOperation, bool> test)
            {
                if (!(operation is ILocalReferenceOperation local))
                {
                    return false;
                }

                var value = MemberPathIndex.Of(operation).SingleValue(local.Local);
                return value != null && test(Unwrap(value));
            }

            private static bool IsTimeSpan(IOperation operation) => operation.Type?.Name == "TimeSpan" && operation.Type.ContainingNamespace?.Name == "System";

            private static bool IsNumber(IOperation operation)
            {
                switch (operation.Type?.SpecialType)
                {
                    case SpecialType.System_Int16:
                    case SpecialType.System_Int32:
                    case SpecialType.System_Int64:
                    case SpecialType.System_UInt16:
                    case SpecialType.System_UInt32:
                    case SpecialType.System_Double:
                    case SpecialType.System_Single:
                        return true;
                    default:
                        return false;
                }
            }
        }
    }
}
