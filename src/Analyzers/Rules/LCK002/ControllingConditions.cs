using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>
    /// The conditions an operation is control-dependent on, read from the operation tree: the if (or ?:, or while)
    /// whose branch holds it, the left side of an <c>&amp;&amp;</c> it is the right side of, and earlier guard ifs in an
    /// enclosing block that leave (return, continue, break, throw) when they hold.
    /// </summary>
    internal static class ControllingConditions
    {
        public static IEnumerable<IOperation> Of(IOperation operation)
        {
            for (var current = operation; current.Parent != null; current = current.Parent)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IAnonymousFunctionOperation _:
                    case ILocalFunctionOperation _:
                        yield break;
                    case IConditionalOperation conditional when conditional.Condition != current:
                        yield return conditional.Condition;
                        break;
                    case IWhileLoopOperation loop when loop.Body == current && loop.Condition != null:
                        yield return loop.Condition;
                        break;
                    case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalAnd && binary.RightOperand == current:
                        yield return binary.LeftOperand;
                        break;
                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (statement == current)
                            {
                                break;
                            }

                            if (statement is IConditionalOperation guard && guard.WhenFalse == null && AlwaysLeaves(guard.WhenTrue))
                            {
                                yield return guard.Condition;
                            }
                        }

                        break;
                }
            }
        }

        /// <summary>
        /// The syntax counterpart of <see cref="Of"/>, a superset of it tested before anything is bound: an enclosing
        /// <c>if</c> or <c>?:</c> branch, a <c>while</c>/<c>do</c> body, the right of <c>&amp;&amp;</c>, or an earlier
        /// <c>if</c> without <c>else</c> in an enclosing block (whether its branch leaves is left to <see cref="Of"/>).
        /// </summary>
        public static bool MayExist(SyntaxNode node)
        {
            for (var current = node; current.Parent != null; current = current.Parent)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case MemberDeclarationSyntax _ when !(parent is GlobalStatementSyntax):
                        return false;
                    case IfStatementSyntax ifStatement when ifStatement.Condition != current:
                    case ConditionalExpressionSyntax conditional when conditional.Condition != current:
                    case WhileStatementSyntax loop when loop.Statement == current:
                    case DoStatementSyntax doLoop when doLoop.Statement == current:
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) && binary.Right == current:
                        return true;
                    case BlockSyntax block:
                        foreach (var statement in block.Statements)
                        {
                            if (statement == current)
                            {
                                break;
                            }

                            if (statement is IfStatementSyntax guard && guard.Else == null)
                            {
                                return true;
                            }
                        }

                        break;
                    case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                        foreach (var member in unit.Members)
                        {
                            if (member == global)
                            {
                                break;
                            }

                            if (member is GlobalStatementSyntax earlier && earlier.Statement is IfStatementSyntax guard && guard.Else == null)
                            {
                                return true;
                            }
                        }

                        return false;
                }
            }

            return false;
        }

        private static bool AlwaysLeaves(IOperation statement)
        {
            while (statement is IBlockOperation block)
            {
                if (block.Operations.Length == 0)
                {
                    return false;
                }

                statement = block.Operations[block.Operations.Length - 1];
            }

            return statement is IBranchOperation || statement is IReturnOperation ||
                   (statement is IExpressionStatementOperation expression && expression.Operation is IThrowOperation) ||
                   statement is IThrowOperation;
        }
    }
}
