using System;
using System.Collections.Generic;
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
    internal static class CandidateNodes
    {
        [Flags]
        public enum Roles
        {
            None = 0,
            Invocation = 1,
            ObjectCreation = 2,
            Assignment = 4,
            Loop = 8,
        }

        public static Roles RolesOf(OperationKind[] kinds)
        {
            var roles = Roles.None;
            foreach (var kind in kinds)
            {
                roles |= kind switch
                {
                    OperationKind.Invocation => Roles.Invocation,
                    OperationKind.ObjectCreation => Roles.ObjectCreation,
                    OperationKind.SimpleAssignment => Roles.Assignment,
                    OperationKind.Loop => Roles.Loop,
                    _ => throw new ArgumentException("No word-hit mapping for operation kind " + kind + " (add one to CandidateNodes).", nameof(kinds)),
                };
            }

            return roles;
        }

        /// <summary>Adds the nodes in <paramref name="roles"/> that hit number <paramref name="hit"/> of <paramref name="nodes"/> names or lies in.</summary>
        public static void Add(HitNodes nodes, int hit, SyntaxNode block, Roles roles, NodeSet into)
        {
            var named = nodes.Named(hit);
            if (named != null && (RoleOf(named) & roles) != 0)
            {
                into.Add(named);
            }

            if ((roles & Roles.Loop) != 0)
            {
                for (var node = nodes.Parent(hit); node != null && node != block; node = node.Parent)
                {
                    if (node is WhileStatementSyntax || node is DoStatementSyntax || node is ForStatementSyntax || node is CommonForEachStatementSyntax)
                    {
                        into.Add(node);
                    }
                }
            }
        }

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

        private static Roles RoleOf(SyntaxNode node) => node switch
        {
            InvocationExpressionSyntax _ => Roles.Invocation,
            AssignmentExpressionSyntax _ => Roles.Assignment,
            _ => Roles.ObjectCreation,
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

        /// <summary>Nodes in the order they were first added, each once (a block names a handful: a list is searched).</summary>
        internal sealed class NodeSet
        {
            private List<SyntaxNode>? _nodes;

            /// <summary>The nodes added, or null when none was.</summary>
            public List<SyntaxNode>? Nodes => _nodes;

            public void Add(SyntaxNode node)
            {
                if (_nodes == null)
                {
                    _nodes = new List<SyntaxNode> { node };
                }
                else if (!_nodes.Contains(node))
                {
                    _nodes.Add(node);
                }
            }
        }
    }
}
