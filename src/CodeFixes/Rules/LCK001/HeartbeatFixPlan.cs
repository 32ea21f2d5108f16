using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockAnalyzers.CodeFixes.Rules.LCK001
{
    /// <summary>
    /// Everything the LCK001 fixes need, checked before they are offered: the heartbeat statement directly in the
    /// swallowing try, the path as a string, the old catch body free of jumps that would skip the new exit, and
    /// names that do not collide. <see cref="Apply"/> rewrites the try.
    /// </summary>
    internal sealed class HeartbeatFixPlan
    {
        private const string ExceptionNameDefault = "ex";

        private readonly ExpressionStatementSyntax _statement;
        private readonly ExpressionSyntax _path;
        private readonly TryStatementSyntax _try;
        private readonly CatchClauseSyntax _catch;
        private readonly SyntaxList<StatementSyntax> _oldBody;
        private readonly string _resultName;
        private readonly SemanticModel _model;
        private readonly bool _exceptionIsWhole;

        private HeartbeatFixPlan(
            ExpressionStatementSyntax statement,
            ExpressionSyntax path,
            TryStatementSyntax tryStatement,
            CatchClauseSyntax catchClause,
            SyntaxList<StatementSyntax> oldBody,
            string resultName,
            SemanticModel model,
            bool exceptionIsWhole,
            bool canReturnFalse)
        {
            _statement = statement;
            _path = path;
            _try = tryStatement;
            _catch = catchClause;
            _oldBody = oldBody;
            _resultName = resultName;
            _model = model;
            _exceptionIsWhole = exceptionIsWhole;
            CanReturnFalse = canReturnFalse;
        }

        public bool CanThrow => true;

        public bool CanReturnFalse { get; }

        public static HeartbeatFixPlan? Create(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan writeSpan, int catchPosition, CancellationToken cancellation)
        {
            var write = root.FindNode(writeSpan, getInnermostNodeForTie: true);
            if (write is ArgumentSyntax argument)
            {
                write = argument.Expression;
            }

            if (!(write.Parent is ExpressionStatementSyntax statement) || statement.Expression != write || !(statement.Parent is BlockSyntax))
            {
                return null;
            }

            var catchClause = root.FindToken(catchPosition).Parent?.FirstAncestorOrSelf<CatchClauseSyntax>();
            if (catchClause == null || catchClause.SpanStart != catchPosition || !(catchClause.Parent is TryStatementSyntax tryStatement) ||
                NearestTry(statement) != tryStatement)
            {
                return null;
            }

            var path = PathOf(write, model, cancellation);
            if (path == null)
            {
                return null;
            }

            var body = WithoutTrailingJump(catchClause.Block.Statements);
            if (body == null || LeavesBody(body.Value))
            {
                return null;
            }

            var exceptionType = catchClause.Declaration == null ? null : model.GetTypeInfo(catchClause.Declaration.Type, cancellation).Type;
            var exceptionIsWhole = exceptionType == null ||
                                   (exceptionType.SpecialType == SpecialType.None && exceptionType.ToDisplayString() == "System.Exception");
            if (catchClause.Declaration != null && !catchClause.Declaration.Identifier.IsKind(SyntaxKind.None) &&
                model.LookupSymbols(statement.SpanStart, name: catchClause.Declaration.Identifier.ValueText).Any(s => s is ILocalSymbol || s is IParameterSymbol))
            {
                return null;
            }

            var resultName = UniqueName(statement, model, "heartbeat");
            return new HeartbeatFixPlan(statement, path, tryStatement, catchClause, body.Value, resultName, model, exceptionIsWhole, ReturnsBool(statement, model, cancellation));
        }

        /// <summary>The try whose block holds the statement, with no lambda or local function in between.</summary>
        private static TryStatementSyntax? NearestTry(SyntaxNode node)
        {
            for (var current = node; current.Parent != null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case TryStatementSyntax tryStatement when tryStatement.Block == current:
                        return tryStatement;
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case MemberDeclarationSyntax _:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The string path: File.SetLastWriteTime(Utc)'s first argument, or the FileInfo's path.</summary>
        private static ExpressionSyntax? PathOf(SyntaxNode write, SemanticModel model, CancellationToken cancellation)
        {
            ExpressionSyntax? path = null;
            switch (write)
            {
                case InvocationExpressionSyntax invocation when invocation.ArgumentList.Arguments.Count == 2:
                    var first = invocation.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon == null || a.NameColon.Name.Identifier.ValueText == "path");
                    if (first == null || first.NameColon == null && invocation.ArgumentList.Arguments.IndexOf(first) != 0)
                    {
                        return null;
                    }

                    path = first.Expression;
                    break;

                case AssignmentExpressionSyntax assignment when assignment.Left is MemberAccessExpressionSyntax access:
                    if (access.Expression is ObjectCreationExpressionSyntax creation && creation.ArgumentList?.Arguments.Count == 1 && creation.Initializer == null)
                    {
                        path = creation.ArgumentList.Arguments[0].Expression;
                    }
                    else if (access.Expression is IdentifierNameSyntax || access.Expression is MemberAccessExpressionSyntax || access.Expression is ThisExpressionSyntax)
                    {
                        path = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression.WithoutTrivia(), IdentifierName("FullName"));
                        return path;
                    }

                    break;
            }

            if (path == null || model.GetTypeInfo(path, cancellation).Type?.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            return path.WithoutTrivia();
        }

        /// <summary>A bare <c>return;</c>, <c>continue;</c> or <c>break;</c> at the end of the catch is what the new exit replaces.</summary>
        private static SyntaxList<StatementSyntax>? WithoutTrailingJump(SyntaxList<StatementSyntax> statements)
        {
            if (statements.Count == 0)
            {
                return statements;
            }

            var last = statements.Last();
            var isJump = (last is ReturnStatementSyntax ret && ret.Expression == null) || last is ContinueStatementSyntax || last is BreakStatementSyntax;
            return isJump ? statements.RemoveAt(statements.Count - 1) : statements;
        }

        /// <summary>Any other jump or rethrow in the old body would skip the new exit (or be illegal outside a catch).</summary>
        private static bool LeavesBody(SyntaxList<StatementSyntax> statements)
        {
            foreach (var statement in statements)
            {
                foreach (var node in statement.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    switch (node)
                    {
                        case ReturnStatementSyntax _:
                        case GotoStatementSyntax _:
                        case YieldStatementSyntax _:
                        case ThrowStatementSyntax _:
                        case ThrowExpressionSyntax _:
                            return true;
                        case BreakStatementSyntax _:
                        case ContinueStatementSyntax _:
                            if (!InsideLoopOrSwitchWithin(node, statement))
                            {
                                return true;
                            }

                            break;
                    }
                }
            }

            return false;
        }

        private static bool InsideLoopOrSwitchWithin(SyntaxNode node, SyntaxNode outer)
        {
            for (var current = node.Parent; current != null && current != outer.Parent; current = current.Parent)
            {
                if (current is WhileStatementSyntax || current is DoStatementSyntax || current is ForStatementSyntax ||
                    current is CommonForEachStatementSyntax || (current is SwitchStatementSyntax && node is BreakStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Action 2 needs a method or local function that already returns bool (or Task/ValueTask of bool when async).</summary>
        private static bool ReturnsBool(SyntaxNode statement, SemanticModel model, CancellationToken cancellation)
        {
            for (var current = statement.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax _:
                        return false;
                    case LocalFunctionStatementSyntax _:
                    case MethodDeclarationSyntax _:
                        if (!(model.GetDeclaredSymbol(current, cancellation) is IMethodSymbol method))
                        {
                            return false;
                        }

                        var returnType = method.ReturnType;
                        if (method.IsAsync && returnType is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1 &&
                            (named.Name == "Task" || named.Name == "ValueTask"))
                        {
                            returnType = named.TypeArguments[0];
                        }

                        return returnType.SpecialType == SpecialType.System_Boolean;
                    case MemberDeclarationSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A local name free at the statement and not declared anywhere in its member.</summary>
        private static string UniqueName(SyntaxNode statement, SemanticModel model, string baseName)
        {
            var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            var declared = new HashSet<string>(
                (member ?? statement).DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            for (var i = 1; ; i++)
            {
                var candidate = i == 1 ? baseName : baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!declared.Contains(candidate) && model.LookupSymbols(statement.SpanStart, name: candidate).IsEmpty)
                {
                    return candidate;
                }
            }
        }

        public SyntaxNode Apply(SyntaxNode root, bool returnHealth)
        {
            var newStatements = NewStatements(returnHealth);
            var onlyStatement = _try.Block.Statements.Count == 1 && _try.Block.Statements[0] == _statement;

            if (onlyStatement && _try.Finally == null && (_try.Parent is BlockSyntax || _try.Parent is SwitchSectionSyntax))
            {
                // The try's own comments stay above the new code, then the heartbeat line's comments.
                var statementComments = _statement.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia));
                newStatements[0] = newStatements[0].WithLeadingTrivia(_try.GetLeadingTrivia().AddRange(statementComments));
                newStatements[newStatements.Count - 1] = newStatements[newStatements.Count - 1].WithTrailingTrivia(_try.GetTrailingTrivia());
                return root.ReplaceNode(_try, newStatements);
            }

            if (onlyStatement && _try.Finally != null)
            {
                var emptied = _try.WithBlock(_try.Block.WithStatements(List(newStatements))).WithCatches(default);
                return root.ReplaceNode(_try, emptied.WithAdditionalAnnotations(Formatter.Annotation));
            }

            var rewritten = _try.ReplaceNode(_statement, newStatements);
            if (!returnHealth)
            {
                var catches = rewritten.Catches;
                for (var i = 0; i < catches.Count; i++)
                {
                    catches = catches.Replace(catches[i], LetLockHealthThrough(catches[i], _try.Catches[i]));
                }

                rewritten = rewritten.WithCatches(catches);
            }

            return root.ReplaceNode(_try, rewritten);
        }

        private List<StatementSyntax> NewStatements(bool returnHealth)
        {
            var result = IdentifierName(_resultName);
            var refresh = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("LockHeartbeat"), IdentifierName("Refresh")),
                ArgumentList(SingletonSeparatedList(Argument(_path))));
            var declaration = LocalDeclarationStatement(
                    VariableDeclaration(IdentifierName("var"))
                        .WithVariables(SingletonSeparatedList(VariableDeclarator(Identifier(_resultName)).WithInitializer(EqualsValueClause(refresh)))))
                .WithLeadingTrivia(_statement.GetLeadingTrivia())
                .WithTrailingTrivia(_statement.GetTrailingTrivia());

            var inner = new List<StatementSyntax>();
            var oldBody = OldBodyGuarded(result);
            if (oldBody != null)
            {
                inner.Add(oldBody);
            }

            inner.Add(returnHealth
                ? ReturnStatement(LiteralExpression(SyntaxKind.FalseLiteralExpression))
                : ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, result, IdentifierName("ThrowIfUnhealthy")))));

            var unhealthy = PrefixUnaryExpression(
                SyntaxKind.LogicalNotExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, result, IdentifierName("IsHealthy")));
            var ifStatement = IfStatement(unhealthy, Block(inner)).WithAdditionalAnnotations(Formatter.Annotation);
            return new List<StatementSyntax> { declaration.WithAdditionalAnnotations(Formatter.Annotation), ifStatement };
        }

        /// <summary>
        /// The old catch body, run only for what the old catch caught: <c>if (result.Error is IOException ex &amp;&amp; filter) { ... }</c>,
        /// so the exception variable keeps its type and reads the result's Error. Unwrapped when the old catch took everything.
        /// </summary>
        private StatementSyntax? OldBodyGuarded(IdentifierNameSyntax result)
        {
            if (_oldBody.Count == 0)
            {
                return null;
            }

            var body = Block(_oldBody.Select(s => s.WithoutLeadingTrivia().WithLeadingTrivia(s.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))));
            var declaration = _catch.Declaration;
            var hasVariable = declaration != null && !declaration.Identifier.IsKind(SyntaxKind.None);
            ExpressionSyntax? condition = null;
            if (declaration != null && (hasVariable || !_exceptionIsWhole))
            {
                var error = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, result, IdentifierName("Error"));
                condition = hasVariable
                    ? IsPatternExpression(error, DeclarationPattern(declaration.Type.WithoutTrivia(), SingleVariableDesignation(declaration.Identifier.WithoutTrivia())))
                    : BinaryExpression(SyntaxKind.IsExpression, error, declaration.Type.WithoutTrivia());
            }

            if (_catch.Filter != null)
            {
                var filter = Parenthesize(_catch.Filter.FilterExpression.WithoutTrivia());
                condition = condition == null ? filter : BinaryExpression(SyntaxKind.LogicalAndExpression, condition, filter);
            }

            return condition == null ? (StatementSyntax)body : IfStatement(condition, body);
        }

        private static ExpressionSyntax Parenthesize(ExpressionSyntax expression) =>
            expression is BinaryExpressionSyntax binary && (binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression)) ||
            expression is ConditionalExpressionSyntax || expression is AssignmentExpressionSyntax
                ? ParenthesizedExpression(expression)
                : expression;

        /// <summary>
        /// The thrown LockHealthException is an IOException: a catch that would take it gets a filter that lets it through,
        /// so the other statements in the try keep their old handling while the heartbeat failure stops the work.
        /// </summary>
        private CatchClauseSyntax LetLockHealthThrough(CatchClauseSyntax clause, CatchClauseSyntax original)
        {
            var type = original.Declaration == null ? null : _model.GetTypeInfo(original.Declaration.Type).Type;
            if (type != null && !IsLockHealthAncestor(type))
            {
                return clause;
            }

            var declaration = clause.Declaration;
            string name;
            if (declaration == null)
            {
                name = FreeExceptionName(original);
                declaration = CatchDeclaration(ParseTypeName(ExceptionTypeName(original)), Identifier(name));
                clause = clause.WithCatchKeyword(clause.CatchKeyword.WithTrailingTrivia(Space))
                    .WithDeclaration(declaration.WithTrailingTrivia(clause.CatchKeyword.TrailingTrivia));
            }
            else if (declaration.Identifier.IsKind(SyntaxKind.None))
            {
                name = FreeExceptionName(original);
                clause = clause.WithDeclaration(declaration
                    .WithType(declaration.Type.WithoutTrailingTrivia())
                    .WithIdentifier(Identifier(TriviaList(Space), name, TriviaList())));
            }
            else
            {
                name = declaration.Identifier.ValueText;
            }

            var notHealth = NotLockHealth(name);
            if (clause.Filter == null)
            {
                var trailing = clause.Declaration!.CloseParenToken.TrailingTrivia;
                clause = clause
                    .WithDeclaration(clause.Declaration.WithCloseParenToken(clause.Declaration.CloseParenToken.WithTrailingTrivia(Space)))
                    .WithFilter(CatchFilterClause(notHealth).WithTrailingTrivia(trailing));
            }
            else
            {
                var existing = Parenthesize(clause.Filter.FilterExpression);
                clause = clause.WithFilter(clause.Filter.WithFilterExpression(BinaryExpression(SyntaxKind.LogicalAndExpression, notHealth, existing)));
            }

            return clause;
        }

        /// <summary>"Exception" where System is imported, else fully qualified.</summary>
        private string ExceptionTypeName(CatchClauseSyntax clause) =>
            _model.LookupNamespacesAndTypes(clause.SpanStart, name: "Exception").Any(s => s.ToDisplayString() == "System.Exception")
                ? "Exception"
                : "System.Exception";

        private ExpressionSyntax NotLockHealth(string name)
        {
            var languageVersion = (_statement.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
            return languageVersion >= LanguageVersion.CSharp9
                ? ParseExpression(name + " is not LockHealthException")
                : ParseExpression("!(" + name + " is LockHealthException)");
        }

        private static bool IsLockHealthAncestor(ITypeSymbol type)
        {
            var name = type.ToDisplayString();
            return name == "System.Exception" || name == "System.SystemException" || name == "System.IO.IOException" ||
                   name == "LockAnalyzers.Runtime.LockHealthException";
        }

        private string FreeExceptionName(CatchClauseSyntax clause)
        {
            foreach (var candidate in new[] { ExceptionNameDefault, "exception", "heartbeatError" })
            {
                if (_model.LookupSymbols(clause.Block.SpanStart, name: candidate).IsEmpty &&
                    !clause.Block.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == candidate))
                {
                    return candidate;
                }
            }

            return "lockHealthError";
        }
    }
}
