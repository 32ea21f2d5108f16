using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Effects
{
    /// <summary>Where a name is written, read from syntax alone (before anything is bound).</summary>
    internal static class SyntaxWrites
    {
        /// <summary>
        /// Whether the name (or <c>this.name</c>) is written: assigned, incremented, passed by <c>ref</c> or <c>out</c>;
        /// and the assigned expression when it is a plain assignment.
        /// </summary>
        public static bool IsWritten(IdentifierNameSyntax name, out ExpressionSyntax? value)
        {
            value = null;
            SyntaxNode target = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name && access.Expression is ThisExpressionSyntax)
            {
                target = access;
            }

            switch (target.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == target:
                    if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                    {
                        value = assignment.Right;
                    }

                    return true;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                case PostfixUnaryExpressionSyntax _:
                    return true;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return true;
                case ArgumentSyntax element when element.Parent is TupleExpressionSyntax:
                    // Maybe a deconstruction's target, (a, b) = ...: counted as written.
                    return true;
                default:
                    return false;
            }
        }
    }
}
