using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK007
{
    /// <summary>
    /// Ownership evidence held in memory: the delete runs only while a private bool field of this instance is true
    /// (<c>if (didILock &amp;&amp; File.Exists(LockFile)) File.Delete(LockFile)</c>), and that field only ever becomes true
    /// right after this instance's create of the same path succeeded. Every other write of the field must be the
    /// constant false, and no other member of the type may delete the path, so the flag cannot outlive the file it
    /// stands for through a break or a steal elsewhere in the type.
    /// </summary>
    internal static class OwnershipFlag
    {
        public static bool Guards(KnownSymbols symbols, SemanticModel model, IInvocationOperation delete, IOperation path, SyntaxNode member)
        {
            var type = model.GetEnclosingSymbol(delete.Syntax.SpanStart)?.ContainingType;
            if (type == null || type.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                // Only what this tree's model can see is judged; a part elsewhere might set the flag anywhere.
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }
            }

            foreach (var flag in GuardingFlags(model, delete.Syntax, member, type))
            {
                if (IsSetOnlyAfterCreate(symbols, model, flag, path, type) && !DeletedElsewhere(symbols, model, path, member, type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Private instance bool fields of the type that must be true for the delete to run.</summary>
        private static IEnumerable<IFieldSymbol> GuardingFlags(SemanticModel model, SyntaxNode delete, SyntaxNode member, INamedTypeSymbol type)
        {
            var current = delete;
            for (var parent = delete.Parent; parent != null && parent != member; current = parent, parent = parent.Parent)
            {
                if (parent is IfStatementSyntax ifStatement && current == ifStatement.Statement)
                {
                    foreach (var conjunct in Conjuncts(ifStatement.Condition))
                    {
                        var flag = FlagOf(model, conjunct, type);
                        if (flag != null)
                        {
                            yield return flag;
                        }
                    }
                }

                if (parent is BlockSyntax block && current is StatementSyntax statement)
                {
                    // if (!didILock) return; earlier in the block.
                    for (var i = block.Statements.IndexOf(statement) - 1; i >= 0; i--)
                    {
                        if (block.Statements[i] is IfStatementSyntax early && early.Else == null && Leaves(early.Statement) &&
                            StripParentheses(early.Condition) is PrefixUnaryExpressionSyntax not && not.IsKind(SyntaxKind.LogicalNotExpression))
                        {
                            var flag = FlagOf(model, not.Operand, type);
                            if (flag != null)
                            {
                                yield return flag;
                            }
                        }
                    }
                }
            }
        }

        private static bool Leaves(StatementSyntax statement) => statement switch
        {
            ReturnStatementSyntax _ => true,
            ThrowStatementSyntax _ => true,
            BlockSyntax block => block.Statements.Count == 1 && Leaves(block.Statements[0]),
            _ => false,
        };

        private static ExpressionSyntax StripParentheses(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static IEnumerable<ExpressionSyntax> Conjuncts(ExpressionSyntax condition)
        {
            condition = StripParentheses(condition);
            if (condition is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.LogicalAndExpression))
            {
                foreach (var left in Conjuncts(binary.Left))
                {
                    yield return left;
                }

                foreach (var right in Conjuncts(binary.Right))
                {
                    yield return right;
                }
            }
            else
            {
                yield return condition;
            }
        }

        private static IFieldSymbol? FlagOf(SemanticModel model, ExpressionSyntax expression, INamedTypeSymbol type)
        {
            expression = StripParentheses(expression);
            if (!(expression is IdentifierNameSyntax) &&
                !(expression is MemberAccessExpressionSyntax access && access.Expression is ThisExpressionSyntax))
            {
                return null;
            }

            return model.GetSymbolInfo(expression).Symbol is IFieldSymbol field && !field.IsStatic && field.DeclaredAccessibility == Accessibility.Private &&
                   field.Type.SpecialType == SpecialType.System_Boolean && SymbolEqualityComparer.Default.Equals(field.ContainingType, type)
                ? field
                : null;
        }

        /// <summary>
        /// Every write of the flag in the type is the constant false, except assignments of true that follow a create
        /// of the path on its success path: inside the create's using, or later in the create's block, outside any catch.
        /// </summary>
        private static bool IsSetOnlyAfterCreate(KnownSymbols symbols, SemanticModel model, IFieldSymbol flag, IOperation path, INamedTypeSymbol type)
        {
            var setsTrue = false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is VariableDeclaratorSyntax declarator && declarator.Initializer != null &&
                        SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator), flag) && !IsConstant(model, declarator.Initializer.Value, false))
                    {
                        return false;
                    }

                    if (!(node is IdentifierNameSyntax name) || name.Identifier.ValueText != flag.Name ||
                        !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, flag))
                    {
                        continue;
                    }

                    var written = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? (ExpressionSyntax)qualified : name;
                    if (written.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                    {
                        return false;
                    }

                    if (!(written.Parent is AssignmentExpressionSyntax assignment) || assignment.Left != written)
                    {
                        if (written.Parent is AssignmentExpressionSyntax || written.Parent is TupleExpressionSyntax || written.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax })
                        {
                            return false;
                        }

                        continue;
                    }

                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                    {
                        return false;
                    }

                    if (IsConstant(model, assignment.Right, false))
                    {
                        continue;
                    }

                    if (!IsConstant(model, assignment.Right, true) || !FollowsCreate(symbols, model, assignment, path))
                    {
                        return false;
                    }

                    setsTrue = true;
                }
            }

            return setsTrue;
        }

        private static bool IsConstant(SemanticModel model, ExpressionSyntax value, bool expected)
        {
            var constant = model.GetConstantValue(value);
            return constant.HasValue && constant.Value is bool b && b == expected;
        }

        private static bool FollowsCreate(KnownSymbols symbols, SemanticModel model, AssignmentExpressionSyntax assignment, IOperation path)
        {
            for (SyntaxNode? node = assignment; node != null && !(node is MemberDeclarationSyntax); node = node.Parent)
            {
                if (node is CatchClauseSyntax || node is FinallyClauseSyntax || node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (node is UsingStatementSyntax usingStatement && usingStatement.Statement.Span.Contains(assignment.Span) &&
                    CreatesPath(symbols, model, (SyntaxNode?)usingStatement.Expression ?? usingStatement.Declaration, path))
                {
                    return true;
                }

                if (node is StatementSyntax statement && statement.Parent is BlockSyntax block)
                {
                    for (var i = block.Statements.IndexOf(statement) - 1; i >= 0; i--)
                    {
                        var earlier = block.Statements[i];
                        if ((earlier is ExpressionStatementSyntax || earlier is LocalDeclarationStatementSyntax) && CreatesPath(symbols, model, earlier, path))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool CreatesPath(KnownSymbols symbols, SemanticModel model, SyntaxNode? syntax, IOperation path)
        {
            var operation = syntax == null ? null : model.GetOperation(syntax);
            if (operation == null)
            {
                return false;
            }

            foreach (var descendant in IOperationExtensions.DescendantsAndSelfNoLambdas(operation))
            {
                if (FileCalls.TryGetCertainCreate(descendant, symbols, out var created, out _) && PathIdentity.Same(created, path, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Another member of the type deletes the same path: the flag may then be true with the file gone or replaced.</summary>
        private static bool DeletedElsewhere(KnownSymbols symbols, SemanticModel model, IOperation path, SyntaxNode member, INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax invocation && !member.Span.Contains(invocation.Span) && SyntaxFilter.InvokedName(invocation) == "Delete" &&
                        model.GetOperation(invocation) is IInvocationOperation call && PathIdentity.Same(FileCalls.DeletedPath(call, symbols), path, symbols))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
