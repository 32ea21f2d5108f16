using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// From a word hit to the syntax a rule may flag: the call the word names (<c>File.Delete(p)</c>, <c>info.Delete()</c>,
    /// <c>x?.Delete()</c>), the object creation whose type it names (<c>new System.IO.FileStream(...)</c>), the
    /// target-typed <c>new(...)</c> it starts, the assignment whose target it names (<c>info.LastWriteTime = ...</c>),
    /// and the loops around it. Every rule's own syntax test asks for one of these shapes with one of its words, so
    /// these nodes are a superset of what the rule can report, found without walking the member.
    /// </summary>
    internal static class CandidateSyntax
    {
        /// <summary>The roles of the operation kinds a rule registers for.</summary>
        public static CandidateRoles RolesOf(OperationKind[] kinds)
        {
            var roles = CandidateRoles.None;
            foreach (var kind in kinds)
            {
                roles |= kind switch
                {
                    OperationKind.Invocation => CandidateRoles.Invocation,
                    OperationKind.ObjectCreation => CandidateRoles.ObjectCreation,
                    OperationKind.SimpleAssignment => CandidateRoles.Assignment,
                    OperationKind.Loop => CandidateRoles.Loop,
                    _ => throw new ArgumentException("No word-hit mapping for operation kind " + kind + " (add one to CandidateSyntax).", nameof(kinds)),
                };
            }

            return roles;
        }

        public static bool IsLoop(SyntaxNode node) =>
            node is WhileStatementSyntax || node is DoStatementSyntax || node is ForStatementSyntax || node is CommonForEachStatementSyntax;

        /// <summary>The call, creation or assignment the token names (or the target-typed creation it starts), else null.</summary>
        public static SyntaxNode? NamedBy(SyntaxToken token)
        {
            var parent = token.Parent;
            if (parent is SimpleNameSyntax name && name.Identifier == token)
            {
                return NamedBy(name);
            }

            return token.IsKind(SyntaxKind.NewKeyword) && parent is ImplicitObjectCreationExpressionSyntax ? parent : null;
        }

        /// <summary>The role of a node <see cref="NamedBy(SyntaxToken)"/> returned.</summary>
        public static CandidateRoles RoleOf(SyntaxNode node) => node switch
        {
            InvocationExpressionSyntax _ => CandidateRoles.Invocation,
            AssignmentExpressionSyntax _ => CandidateRoles.Assignment,
            _ => CandidateRoles.ObjectCreation,
        };

        private static SyntaxNode? NamedBy(SimpleNameSyntax name)
        {
            // The expression the name ends: itself, a.Name, or .Name of a conditional access.
            SyntaxNode expression = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                expression = access;
            }
            else if (name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                expression = binding;
            }

            if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
            {
                return invocation;
            }

            if (expression.Parent is AssignmentExpressionSyntax assignment && assignment.Left == expression)
            {
                return assignment;
            }

            // The type name's last part: FileStream, System.IO.FileStream, global::System.IO.FileStream.
            SyntaxNode type = name;
            while (true)
            {
                if (type.Parent is QualifiedNameSyntax qualified && qualified.Right == type)
                {
                    type = qualified;
                }
                else if (type.Parent is AliasQualifiedNameSyntax alias && alias.Name == type)
                {
                    type = alias;
                }
                else
                {
                    break;
                }
            }

            return type.Parent is ObjectCreationExpressionSyntax creation && creation.Type == type ? creation : null;
        }
    }
}
