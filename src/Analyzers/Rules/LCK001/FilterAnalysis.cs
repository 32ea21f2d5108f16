using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK001
{
    /// <summary>
    /// Which exception families a <c>when</c> filter can let through: type tests on the catch variable, their
    /// negations, &amp;&amp;/||, constants, and a helper that always returns false (the "log and don't catch" idiom).
    /// Anything else may let anything through.
    /// </summary>
    internal sealed class FilterAnalysis
    {
        private readonly ISymbol? _exceptionLocal;

        public FilterAnalysis(ISymbol? exceptionLocal)
        {
            _exceptionLocal = exceptionLocal;
        }

        public bool MayLetThrough(IOperation? filter, ITypeSymbol family)
        {
            if (filter == null)
            {
                return true;
            }

            filter = IOperationExtensions.Unwrap(filter);
            if (filter.ConstantValue.HasValue && filter.ConstantValue.Value is bool constant)
            {
                return constant;
            }

            switch (filter)
            {
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalAnd || binary.OperatorKind == BinaryOperatorKind.And:
                    return MayLetThrough(binary.LeftOperand, family) && MayLetThrough(binary.RightOperand, family);

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalOr || binary.OperatorKind == BinaryOperatorKind.Or:
                    return MayLetThrough(binary.LeftOperand, family) || MayLetThrough(binary.RightOperand, family);

                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    // !(ex is T): rejects the family only when the whole family is a T.
                    return !(TestedType(unary.Operand) is ITypeSymbol negated && IsWhollyA(family, negated));

                case IIsTypeOperation isType when IsExceptionLocal(isType.ValueOperand):
                    return isType.IsNegated ? !IsWhollyA(family, isType.TypeOperand) : Related(family, isType.TypeOperand);

                case IIsPatternOperation isPattern when IsExceptionLocal(isPattern.Value):
                    return PatternMayMatch(isPattern.Pattern, family);

                case IInvocationOperation invocation when AlwaysReturnsFalse(invocation.TargetMethod):
                    return false;

                default:
                    return true;
            }
        }

        private ITypeSymbol? TestedType(IOperation operation)
        {
            operation = IOperationExtensions.Unwrap(operation);
            if (operation is IIsTypeOperation isType && !isType.IsNegated && IsExceptionLocal(isType.ValueOperand))
            {
                return isType.TypeOperand;
            }

            if (operation is IIsPatternOperation isPattern && IsExceptionLocal(isPattern.Value))
            {
                return PatternType(isPattern.Pattern);
            }

            return null;
        }

        private static bool PatternMayMatch(IPatternOperation pattern, ITypeSymbol family)
        {
            switch (pattern)
            {
                case INegatedPatternOperation negated:
                    var inner = PatternType(negated.Pattern);
                    return inner == null || !IsWhollyA(family, inner);
                case IBinaryPatternOperation binary when binary.OperatorKind == BinaryOperatorKind.Or:
                    return PatternMayMatch(binary.LeftPattern, family) || PatternMayMatch(binary.RightPattern, family);
                case IBinaryPatternOperation binary when binary.OperatorKind == BinaryOperatorKind.And:
                    return PatternMayMatch(binary.LeftPattern, family) && PatternMayMatch(binary.RightPattern, family);
                default:
                    var type = PatternType(pattern);
                    return type == null || Related(family, type);
            }
        }

        private static ITypeSymbol? PatternType(IPatternOperation pattern) => pattern switch
        {
            ITypePatternOperation type => type.MatchedType,
            IDeclarationPatternOperation declaration => declaration.MatchedType,
            IRecursivePatternOperation recursive => recursive.MatchedType,
            _ => null,
        };

        private bool IsExceptionLocal(IOperation operation) =>
            _exceptionLocal != null && IOperationExtensions.Unwrap(operation) is ILocalReferenceOperation local &&
            SymbolEqualityComparer.Default.Equals(local.Local, _exceptionLocal);

        private static bool IsWhollyA(ITypeSymbol family, ITypeSymbol type) =>
            KnownSymbols.InheritsFromOrIs(family, type as INamedTypeSymbol);

        private static bool Related(ITypeSymbol family, ITypeSymbol type) =>
            KnownSymbols.InheritsFromOrIs(family, type as INamedTypeSymbol) || KnownSymbols.InheritsFromOrIs(type, family as INamedTypeSymbol);

        /// <summary>A source method whose every return is the literal false (the "log and don't catch" filter helper).</summary>
        private static bool AlwaysReturnsFalse(IMethodSymbol method)
        {
            if (method.ReturnType.SpecialType != SpecialType.System_Boolean || method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            ArrowExpressionClauseSyntax? arrow = null;
            BlockSyntax? body = null;
            switch (syntax)
            {
                case MethodDeclarationSyntax declaration:
                    arrow = declaration.ExpressionBody;
                    body = declaration.Body;
                    break;
                case LocalFunctionStatementSyntax local:
                    arrow = local.ExpressionBody;
                    body = local.Body;
                    break;
            }

            if (arrow != null)
            {
                return arrow.Expression.IsKind(SyntaxKind.FalseLiteralExpression);
            }

            if (body == null)
            {
                return false;
            }

            var returns = body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>()
                .ToList();
            return returns.Count > 0 && returns.All(r => r.Expression != null && r.Expression.IsKind(SyntaxKind.FalseLiteralExpression));
        }
    }
}
