using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Syntax helpers the fixes' plans share, named for the syntax they extend.</summary>
    internal static class ExpressionSyntaxExtensions
    {
        /// <summary>The expression inside any parentheses around it: <c>((x))</c> is <c>x</c>.</summary>
        public static ExpressionSyntax WithoutParentheses(this ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }
    }
}
