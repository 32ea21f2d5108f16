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
    /// Syntax positions the loop family (LCK004, LCK005) reports on: the statement holding a node, a loop's keyword, the loop a <c>continue</c> belongs to.
    /// </summary>
    internal static class LoopSyntax
    {
        /// <summary>The statement that holds <paramref name="node"/> (itself when it is one).</summary>
        public static SyntaxNode StatementOf(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is StatementSyntax)
                {
                    return current;
                }
            }

            return node;
        }

        /// <summary>The keyword a loop diagnostic is reported on.</summary>
        public static Location KeywordLocation(SyntaxNode loop) =>
            loop switch
            {
                WhileStatementSyntax w => w.WhileKeyword.GetLocation(),
                DoStatementSyntax d => d.DoKeyword.GetLocation(),
                ForStatementSyntax f => f.ForKeyword.GetLocation(),
                ForEachStatementSyntax e => e.ForEachKeyword.GetLocation(),
                _ => loop.GetLocation(),
            };

        /// <summary>
        /// The syntactic loop a <c>continue</c> belongs to (nearest enclosing loop, not crossing a lambda or local
        /// function), or null.
        /// </summary>
        public static SyntaxNode? LoopOfContinue(ContinueStatementSyntax node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current.Kind())
                {
                    case SyntaxKind.WhileStatement:
                    case SyntaxKind.DoStatement:
                    case SyntaxKind.ForStatement:
                    case SyntaxKind.ForEachStatement:
                    case SyntaxKind.ForEachVariableStatement:
                        return current;
                    case SyntaxKind.ParenthesizedLambdaExpression:
                    case SyntaxKind.SimpleLambdaExpression:
                    case SyntaxKind.AnonymousMethodExpression:
                    case SyntaxKind.LocalFunctionStatement:
                        return null;
                }

                if (current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }
    }
}
