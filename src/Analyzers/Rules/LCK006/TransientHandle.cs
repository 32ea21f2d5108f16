using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>
    /// A <c>FileShare.None</c> open-or-create that is not held as the lock: the handle is a <c>using</c> resource whose
    /// body only writes the lock's content through it and closes it
    /// (<c>using (var fs = new FileStream(p, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None)) using (var w = new StreamWriter(fs)) w.Write(date);</c>).
    /// Nobody holds the file afterwards, so it is an overwrite: a second contender that passed the same test opens it
    /// after the first closed it and overwrites its content.
    /// </summary>
    internal static class TransientHandle
    {
        public static bool Is(SyntaxNode open)
        {
            var handles = new HashSet<string>();
            switch (open.Parent)
            {
                case UsingStatementSyntax usingExpression when usingExpression.Expression == open:
                    return Writes(usingExpression.Statement, handles);

                case EqualsValueClauseSyntax equals when equals.Parent is VariableDeclaratorSyntax variable && variable.Parent is VariableDeclarationSyntax declaration:
                    handles.Add(variable.Identifier.ValueText);
                    if (declaration.Parent is UsingStatementSyntax usingStatement)
                    {
                        return Writes(usingStatement.Statement, handles);
                    }

                    if (declaration.Parent is LocalDeclarationStatementSyntax local && local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) &&
                        local.Parent is BlockSyntax block)
                    {
                        // A using declaration holds the handle to the end of its block: the rest of the block must only write.
                        var statements = block.Statements;
                        for (var i = statements.IndexOf(local) + 1; i < statements.Count; i++)
                        {
                            if (!Writes(statements[i], handles))
                            {
                                return false;
                            }
                        }

                        return true;
                    }

                    return false;

                default:
                    return false;
            }
        }

        /// <summary>Whether the statement only writes through the handles (or writers opened over them), or returns a constant.</summary>
        private static bool Writes(StatementSyntax statement, HashSet<string> handles)
        {
            switch (statement)
            {
                case BlockSyntax block:
                    foreach (var inner in block.Statements)
                    {
                        if (!Writes(inner, handles))
                        {
                            return false;
                        }
                    }

                    return true;

                case UsingStatementSyntax nested:
                    if (nested.Declaration != null && !OpensOver(nested.Declaration, handles))
                    {
                        return false;
                    }

                    return nested.Statement != null && Writes(nested.Statement, handles);

                case LocalDeclarationStatementSyntax local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    return OpensOver(local.Declaration, handles);

                case ExpressionStatementSyntax expression:
                    var call = expression.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : expression.Expression;
                    return call is InvocationExpressionSyntax invocation && invocation.Expression is MemberAccessExpressionSyntax access &&
                           access.Expression is IdentifierNameSyntax receiver && handles.Contains(receiver.Identifier.ValueText);

                case ReturnStatementSyntax ret:
                    return ret.Expression == null || ret.Expression is LiteralExpressionSyntax;

                default:
                    return false;
            }
        }

        /// <summary>A writer declared over one of the handles (<c>new StreamWriter(fs)</c>): it becomes a handle too.</summary>
        private static bool OpensOver(VariableDeclarationSyntax declaration, HashSet<string> handles)
        {
            foreach (var variable in declaration.Variables)
            {
                var mentions = false;
                if (variable.Initializer != null)
                {
                    foreach (var node in variable.Initializer.Value.DescendantNodesAndSelf())
                    {
                        if (node is IdentifierNameSyntax name && handles.Contains(name.Identifier.ValueText))
                        {
                            mentions = true;
                            break;
                        }
                    }
                }

                if (!mentions)
                {
                    return false;
                }

                handles.Add(variable.Identifier.ValueText);
            }

            return true;
        }
    }
}
