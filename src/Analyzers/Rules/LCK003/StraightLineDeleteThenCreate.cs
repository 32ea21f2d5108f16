using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Rules.LCK003
{
    /// <summary>
    /// The plain shape of a break, decided without a control-flow graph: <c>File.Delete(p);</c> as a statement, and every
    /// create of the same path in a later statement of the same block, with nothing between or around that jumps, loops
    /// or runs elsewhere. Then a create surely follows the delete and none comes before it in one pass, which is what
    /// <see cref="DeleteThenCreateReachability"/> would find on the graph; building the graph is the rule's largest cost.
    /// Any other shape is left to the graph.
    /// </summary>
    internal static class StraightLineDeleteThenCreate
    {
        /// <param name="delete">The delete call's syntax.</param>
        /// <param name="creates">The syntax of every create of the deleted path (calls and creations) in the member.</param>
        /// <param name="memberBody">The syntax of the member's body operation.</param>
        public static bool SurelyFollows(SyntaxNode delete, IEnumerable<SyntaxNode> creates, SyntaxNode memberBody)
        {
            if (!(delete.Parent is ExpressionStatementSyntax deleteStatement) || !(deleteStatement.Parent is BlockSyntax block) || !OutsideLoopsAndFunctions(block, memberBody))
            {
                return false;
            }

            var statements = block.Statements;
            var deleteIndex = statements.IndexOf(deleteStatement);
            var firstCreate = int.MaxValue;
            foreach (var create in creates)
            {
                var index = StatementIndex(create, block, out var statement);
                if (index <= deleteIndex || !IsPlainCreateStatement(statement!, create))
                {
                    return false;
                }

                firstCreate = System.Math.Min(firstCreate, index);
            }

            if (firstCreate == int.MaxValue)
            {
                return false;
            }

            for (var i = deleteIndex + 1; i < firstCreate; i++)
            {
                if (MayJumpOrLoop(statements[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool OutsideLoopsAndFunctions(SyntaxNode block, SyntaxNode memberBody)
        {
            for (var node = block; node != null; node = node.Parent)
            {
                if (node == memberBody)
                {
                    return true;
                }

                if (IsLoop(node) || IsFunction(node))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The index in <paramref name="block"/> of the statement holding <paramref name="node"/>, or -1 (also when a function lies between).</summary>
        private static int StatementIndex(SyntaxNode node, BlockSyntax block, out StatementSyntax? statement)
        {
            statement = null;
            for (var current = node; current != null; current = current.Parent)
            {
                if (IsFunction(current))
                {
                    return -1;
                }

                if (current.Parent == block && current is StatementSyntax held)
                {
                    statement = held;
                    return block.Statements.IndexOf(held);
                }
            }

            return -1;
        }

        /// <summary>An expression statement, a local declaration or a <c>using</c> whose resource is the create, with no jump in it.</summary>
        private static bool IsPlainCreateStatement(StatementSyntax statement, SyntaxNode create)
        {
            switch (statement)
            {
                case ExpressionStatementSyntax _:
                case LocalDeclarationStatementSyntax _:
                    return !MayJumpOrLoop(statement);
                case UsingStatementSyntax @using:
                    var resource = (SyntaxNode?)@using.Declaration ?? @using.Expression;
                    return resource != null && resource.Span.Contains(create.Span) && !MayJumpOrLoop(resource);
                default:
                    return false;
            }
        }

        private static bool MayJumpOrLoop(SyntaxNode node)
        {
            foreach (var inner in node.DescendantNodesAndSelf(n => !IsFunction(n)))
            {
                switch (inner.Kind())
                {
                    case SyntaxKind.ReturnStatement:
                    case SyntaxKind.ThrowStatement:
                    case SyntaxKind.ThrowExpression:
                    case SyntaxKind.BreakStatement:
                    case SyntaxKind.ContinueStatement:
                    case SyntaxKind.GotoStatement:
                    case SyntaxKind.GotoCaseStatement:
                    case SyntaxKind.GotoDefaultStatement:
                    case SyntaxKind.YieldReturnStatement:
                    case SyntaxKind.YieldBreakStatement:
                        return true;
                    default:
                        if (IsLoop(inner))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsLoop(SyntaxNode node) =>
            node is WhileStatementSyntax || node is DoStatementSyntax || node is ForStatementSyntax || node is CommonForEachStatementSyntax;

        private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax;
    }
}
