using System.Globalization;
using System.Linq;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using LockAnalyzers.Rules.LCK006;

namespace LockAnalyzers.CodeFixes.Rules.LCK006
{
    /// <summary>One diagnostic's rewrite, computed from the original tree so FixAll can batch them in one editor.</summary>
    internal sealed class CheckThenCreatePlan
    {
        private CheckThenCreatePlan(TypeDeclarationSyntax type, bool bytes, StatementSyntax createStatement, ExpressionSyntax condition, bool createdWhenTrue, ExpressionSyntax call, bool replaceWholeIf)
        {
            Type = type;
            Bytes = bytes;
            CreateStatement = createStatement;
            Condition = condition;
            CreatedWhenTrue = createdWhenTrue;
            Call = call;
            ReplaceWholeIf = replaceWholeIf;
        }

        public TypeDeclarationSyntax Type { get; }

        public bool Bytes { get; }

        private StatementSyntax CreateStatement { get; }

        private ExpressionSyntax Condition { get; }

        private bool CreatedWhenTrue { get; }

        private ExpressionSyntax Call { get; }

        private bool ReplaceWholeIf { get; }

        public static CheckThenCreatePlan? TryCreate(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(ExistenceGuard.ShapeProperty, out var shapeText) ||
                !System.Enum.TryParse<GuardShape>(shapeText, out var shape) ||
                !diagnostic.Properties.TryGetValue(ExistenceGuard.TestStartProperty, out var startText) ||
                !diagnostic.Properties.TryGetValue(ExistenceGuard.TestLengthProperty, out var lengthText) ||
                !int.TryParse(startText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ||
                !int.TryParse(lengthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length))
            {
                return null;
            }

            var create = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var testSpan = new Microsoft.CodeAnalysis.Text.TextSpan(start, length);
            if (!root.FullSpan.Contains(testSpan) || !(root.FindNode(testSpan, getInnermostNodeForTie: true) is ExpressionSyntax test))
            {
                return null;
            }

            while (test.Parent is ExpressionSyntax wider && wider.Span == testSpan)
            {
                test = wider;
            }

            if (!IsPlainTest(test) || !TryReadCreate(create, out var statement, out var path, out var content, out var bytes) || statement == null)
            {
                return null;
            }

            var type = statement.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type == null || type is InterfaceDeclarationSyntax)
            {
                return null;
            }

            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.IdentifierName(LCK006CheckThenCreateCodeFixProvider.HelperName),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(path.WithoutTrivia()),
                    SyntaxFactory.Argument(content.WithoutTrivia()),
                })));

            switch (shape)
            {
                case GuardShape.Branch when test.Parent is IfStatementSyntax ifStatement && ifStatement.Condition == test:
                    if (ifStatement.Statement == statement || FirstStatement(ifStatement.Statement) == statement)
                    {
                        // "if (!exists) { create; ... }": the then-branch now runs when we created the file.
                        var wholeIf = ifStatement.Statement == statement;
                        if (wholeIf && ifStatement.Else != null)
                        {
                            return null;
                        }

                        return new CheckThenCreatePlan(type, bytes, statement, test, createdWhenTrue: true, call, wholeIf);
                    }

                    if (ifStatement.Else != null && FirstStatement(ifStatement.Else.Statement) == statement && ifStatement.Else.Statement != statement)
                    {
                        // "if (exists) fail; else { create; ... }".
                        return new CheckThenCreatePlan(type, bytes, statement, test, createdWhenTrue: false, call, replaceWholeIf: false);
                    }

                    return null;

                case GuardShape.EarlyExit when test.Parent is IfStatementSyntax guard && guard.Condition == test && IsNextStatement(guard, statement):
                case GuardShape.WaitLoop when test.Parent is WhileStatementSyntax loop && loop.Condition == test && IsNextStatement(loop, statement):
                case GuardShape.WaitLoop when test.Parent is DoStatementSyntax doLoop && doLoop.Condition == test && IsNextStatement(doLoop, statement):
                    return new CheckThenCreatePlan(type, bytes, statement, test, createdWhenTrue: false, call, replaceWholeIf: false);

                default:
                    return null;
            }
        }

        public void Apply(SyntaxEditor editor)
        {
            if (ReplaceWholeIf)
            {
                // "if (!exists) create;" with nothing else in the branch: the attempt is the whole statement.
                var ifStatement = (IfStatementSyntax)Condition.Parent!;
                var replacement = SyntaxFactory.ExpressionStatement(Call).WithTriviaFrom(ifStatement);
                editor.ReplaceNode(ifStatement, replacement);
                return;
            }

            ExpressionSyntax newCondition = CreatedWhenTrue
                ? Call
                : SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Call);
            editor.ReplaceNode(Condition, newCondition.WithTriviaFrom(Condition));
            editor.RemoveNode(CreateStatement, RemoveOptions(CreateStatement));
        }

        private static SyntaxRemoveOptions RemoveOptions(StatementSyntax statement)
        {
            var hasComment = statement.GetLeadingTrivia().Concat(statement.GetTrailingTrivia())
                .Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
            return hasComment ? SyntaxRemoveOptions.KeepLeadingTrivia : SyntaxRemoveOptions.KeepNoTrivia;
        }

        /// <summary>The condition is the test alone (possibly negated), so replacing it changes nothing else.</summary>
        private static bool IsPlainTest(ExpressionSyntax test)
        {
            var inner = test.WithoutParentheses();
            if (inner is PrefixUnaryExpressionSyntax not && not.IsKind(SyntaxKind.LogicalNotExpression))
            {
                inner = not.Operand.WithoutParentheses();
            }

            return inner is InvocationExpressionSyntax || inner is MemberAccessExpressionSyntax;
        }

        private static StatementSyntax? FirstStatement(StatementSyntax statement) =>
            statement is BlockSyntax block ? (block.Statements.Count > 0 ? block.Statements[0] : null) : statement;

        private static bool IsNextStatement(StatementSyntax earlier, StatementSyntax statement) =>
            earlier.Parent is BlockSyntax block && block == statement.Parent &&
            block.Statements.IndexOf(statement) == block.Statements.IndexOf(earlier) + 1;

        /// <summary>The create forms whose content can be carried into the exclusive create unchanged.</summary>
        private static bool TryReadCreate(SyntaxNode create, out StatementSyntax? statement, out ExpressionSyntax path, out ExpressionSyntax content, out bool bytes)
        {
            statement = null;
            path = null!;
            content = null!;
            bytes = false;
            if (!(create is InvocationExpressionSyntax invocation) || !(invocation.Expression is MemberAccessExpressionSyntax access))
            {
                return false;
            }

            var receiver = access.Expression.ToString();
            if (receiver != "File" && receiver != "System.IO.File" && receiver != "global::System.IO.File")
            {
                return false;
            }

            var arguments = invocation.ArgumentList.Arguments;
            if (arguments.Any(a => a.NameColon != null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
            {
                return false;
            }

            switch (access.Name.Identifier.ValueText)
            {
                case "WriteAllText":
                case "WriteAllBytes":
                case "WriteAllTextAsync":
                case "WriteAllBytesAsync":
                    if (arguments.Count != 2)
                    {
                        return false;
                    }

                    var holder = invocation.Parent is AwaitExpressionSyntax awaited ? (SyntaxNode)awaited : invocation;
                    if (access.Name.Identifier.ValueText.EndsWith("Async", System.StringComparison.Ordinal) && holder == invocation)
                    {
                        return false;
                    }

                    if (!(holder.Parent is ExpressionStatementSyntax writeStatement))
                    {
                        return false;
                    }

                    statement = writeStatement;
                    path = arguments[0].Expression;
                    content = arguments[1].Expression;
                    bytes = access.Name.Identifier.ValueText.StartsWith("WriteAllBytes", System.StringComparison.Ordinal);
                    return true;

                case "Create" when arguments.Count == 1:
                    path = arguments[0].Expression;
                    content = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(string.Empty));
                    statement = CreateStatementOf(invocation);
                    return statement != null;

                default:
                    return false;
            }
        }

        /// <summary><c>File.Create(p).Dispose();</c>, <c>File.Create(p);</c> or <c>using (File.Create(p)) { }</c>: an empty marker file.</summary>
        private static StatementSyntax? CreateStatementOf(InvocationExpressionSyntax create)
        {
            if (create.Parent is ExpressionStatementSyntax bare)
            {
                return bare;
            }

            if (create.Parent is MemberAccessExpressionSyntax closeAccess && closeAccess.Expression == create &&
                (closeAccess.Name.Identifier.ValueText == "Dispose" || closeAccess.Name.Identifier.ValueText == "Close") &&
                closeAccess.Parent is InvocationExpressionSyntax close && close.ArgumentList.Arguments.Count == 0 &&
                close.Parent is ExpressionStatementSyntax closed)
            {
                return closed;
            }

            if (create.Parent is UsingStatementSyntax usingStatement && usingStatement.Expression == create &&
                usingStatement.Statement is BlockSyntax body && body.Statements.Count == 0)
            {
                return usingStatement;
            }

            return null;
        }
    }
}
