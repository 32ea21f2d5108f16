using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.CodeFixes.Infrastructure;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.LCK003;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.CodeFixes.Rules.LoopFamily;
using LockAnalyzers.CodeFixes.Rules.StealFamily;

namespace LockAnalyzers.CodeFixes.Rules.LCK003
{
    /// <summary>What the LCK003 fix rewrites, or null where the control flow after the delete is not clear.</summary>
    internal sealed class RetirePlan
    {
        private RetirePlan(ExpressionStatementSyntax statement, string pathText, StatementSyntax? exit, Dictionary<SyntaxNode, SyntaxNode> creates)
        {
            Statement = statement;
            PathText = pathText;
            Exit = exit;
            CreatesToMakeExclusive = creates;
        }

        public ExpressionStatementSyntax Statement { get; }

        public string PathText { get; }

        /// <summary>What to do when the retire lost: null when nothing after the delete needs gating.</summary>
        public StatementSyntax? Exit { get; }

        public Dictionary<SyntaxNode, SyntaxNode> CreatesToMakeExclusive { get; }

        /// <summary>
        /// The body of an else-less <c>if</c> in which the delete is followed by the re-create and a return or throw
        /// (<c>if (stale) { File.Delete(p); File.WriteAllText(p, ..); return guard; }</c>, seed 004): the rest of the
        /// body moves under <c>if (LockSteal.TryRetire(p))</c>, so a lost retire falls through to what the member does
        /// when the lock is not stale (the loop's sleep and retry, <c>return false</c>, ...) instead of a
        /// <c>continue</c> that would skip the loop's sleep and spin.
        /// </summary>
        public BlockSyntax? GuardedBlock { get; private set; }

        public static RetirePlan? TryCreate(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.TryCreate(model.Compilation);
            if (symbols == null || !(invocation.Parent is ExpressionStatementSyntax statement) ||
                !(model.GetOperation(invocation, cancellationToken) is IInvocationOperation delete))
            {
                return null;
            }

            var deleted = FileCalls.DeletedPath(delete, symbols);
            if (deleted == null)
            {
                return null;
            }

            var pathText = DeletedPathText.Of(delete, deleted, symbols);

            var guarded = GuardedBlockOf(statement);
            StatementSyntax? exit = null;
            var inLoop = false;
            if (guarded == null && !TryExit(statement, model, out exit, out inLoop))
            {
                return null;
            }

            // Inside a loop, a delete that ends its block is followed only by the retry path: nothing to gate.
            var block = statement.Parent as BlockSyntax;
            var isLast = block == null || block.Statements.Last() == statement;
            var nextIsExit = block != null && !isLast && exit != null &&
                             block.Statements[block.Statements.IndexOf(statement) + 1].WithoutTrivia().ToString() == exit.NormalizeWhitespace().ToString();
            if ((inLoop && isLast) || nextIsExit)
            {
                exit = null;
            }

            var creates = ExclusiveCreates(delete, deleted, symbols, model, cancellationToken);
            if (creates == null)
            {
                return null;
            }

            var plan = new RetirePlan(statement, pathText, exit, creates) { GuardedBlock = guarded };
            if (model.LookupNamespacesAndTypes(statement.SpanStart, name: "File").Any(t => t.ToDisplayString() == "System.IO.File"))
            {
                plan.FileName = "File";
            }

            if (model.LookupNamespacesAndTypes(statement.SpanStart, name: "IOException").Any(t => t.ToDisplayString() == "System.IO.IOException"))
            {
                plan.IoException = "IOException";
            }

            return plan;
        }

        private static BlockSyntax? GuardedBlockOf(ExpressionStatementSyntax statement)
        {
            if (!(statement.Parent is BlockSyntax block) || !(block.Parent is IfStatementSyntax ifStatement) || ifStatement.Else != null ||
                ifStatement.Statement != block || block.Statements.Last() == statement ||
                !(block.Statements.Last() is ReturnStatementSyntax || block.Statements.Last() is ThrowStatementSyntax))
            {
                return null;
            }

            // A jump out of the loop or member between the delete and the end would leave the gate's fall-through path.
            var rest = block.Statements.Skip(block.Statements.IndexOf(statement) + 1).Take(block.Statements.Count - block.Statements.IndexOf(statement) - 2);
            return rest.Any(s => s.DescendantNodesAndSelf().Any(n => n is ReturnStatementSyntax || n is ThrowStatementSyntax || n is BreakStatementSyntax ||
                                                                      n is ContinueStatementSyntax || n is GotoStatementSyntax || n is YieldStatementSyntax))
                ? null
                : block;
        }

        /// <summary>
        /// <paramref name="block"/> (the creates already exclusive) with the delete at <paramref name="index"/> turned into
        /// <c>if (LockSteal.TryRetire(p)) { rest }</c>, the rest indented one level deeper and otherwise kept as written.
        /// </summary>
        public BlockSyntax Guarded(BlockSyntax block, int index)
        {
            var delete = block.Statements[index];
            var indentation = Layout.Indentation(delete);
            var unit = Layout.IndentUnit(delete);
            var endOfLine = Layout.EndOfLine(delete);
            var rest = block.Statements.Skip(index + 1).Select(s => Indented(s, unit)).ToArray();
            if (rest.Any(s => s.DescendantTokens().Any(t => t.ValueText == "CreateNew")))
            {
                rest = new StatementSyntax[] { CreateRaceHandled(rest, indentation.ToFullString() + unit.ToFullString(), unit.ToFullString(), endOfLine.ToFullString()) };
            }
            var gate = SyntaxFactory.IfStatement(
                    SyntaxFactory.Token(SyntaxKind.IfKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                    SyntaxFactory.ParseExpression("LockSteal.TryRetire(" + PathText + ")"),
                    SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(endOfLine),
                    SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(indentation).WithTrailingTrivia(endOfLine),
                        SyntaxFactory.List(rest),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(indentation).WithTrailingTrivia(endOfLine)),
                    null)
                .WithLeadingTrivia(delete.GetLeadingTrivia());
            var statements = block.Statements.Take(index).Concat(new StatementSyntax[] { gate });
            return block.WithStatements(SyntaxFactory.List(statements));
        }

        /// <summary>
        /// The exclusive re-create fails when another contender created the lock between our retire and our create (the
        /// path is free for that moment, and a contender's own exclusive create may win it): that contender owns the lock,
        /// so the failure falls through to the wait path like a lost retire instead of escaping the member.
        /// </summary>
        private StatementSyntax CreateRaceHandled(StatementSyntax[] rest, string indentation, string unit, string endOfLine)
        {
            var body = string.Concat(rest.Select(s => Indented(s, SyntaxFactory.Whitespace(unit)).ToFullString()));
            var text =
                indentation + "try" + endOfLine +
                indentation + "{" + endOfLine +
                body +
                indentation + "}" + endOfLine +
                indentation + "catch (" + IoException + ") when (" + FileName + ".Exists(" + PathText + "))" + endOfLine +
                indentation + "{" + endOfLine +
                indentation + unit + "// Another contender created the lock between the retire and this create: it owns the lock." + endOfLine +
                indentation + "}" + endOfLine;
            return SyntaxFactory.ParseStatement(text);
        }

        /// <summary>How the generated catch names File and IOException where the delete is (imported or qualified).</summary>
        private string FileName { get; set; } = "System.IO.File";

        private string IoException { get; set; } = "System.IO.IOException";

        /// <summary>Every line of the statement one level deeper: whitespace that starts a line gets the unit in front.</summary>
        private static StatementSyntax Indented(StatementSyntax statement, SyntaxTrivia unit)
        {
            var atLineStart = true;
            return statement.ReplaceTokens(statement.DescendantTokens(), (original, _) =>
            {
                var leading = new List<SyntaxTrivia>();
                foreach (var trivia in original.LeadingTrivia)
                {
                    if (atLineStart && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        leading.Add(unit);
                        atLineStart = false;
                        if (trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                        {
                            leading.Add(trivia);
                            continue;
                        }
                    }

                    leading.Add(trivia);
                    atLineStart = trivia.IsKind(SyntaxKind.EndOfLineTrivia);
                }

                if (atLineStart)
                {
                    leading.Add(unit);
                }

                atLineStart = original.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                return original.WithLeadingTrivia(leading);
            });
        }

        public StatementSyntax Replacement()
        {
            var retire = SyntaxFactory.ParseExpression("LockSteal.TryRetire(" + PathText + ")");
            if (Exit == null)
            {
                return SyntaxFactory.ExpressionStatement(retire).WithTriviaFrom(Statement);
            }

            StatementSyntax gate = SyntaxFactory.IfStatement(
                    SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, retire),
                    SyntaxFactory.Block(Exit))
                .WithAdditionalAnnotations(Formatter.Annotation);
            if (!(Statement.Parent is BlockSyntax))
            {
                gate = SyntaxFactory.Block(gate).WithAdditionalAnnotations(Formatter.Annotation);
            }

            return gate.WithTriviaFrom(Statement);
        }

        /// <summary>continue inside a loop; return / return false from a void or bool member (async included); else no fix.</summary>
        private static bool TryExit(StatementSyntax statement, SemanticModel model, out StatementSyntax? exit, out bool inLoop)
        {
            exit = null;
            inLoop = false;
            for (var node = statement.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case WhileStatementSyntax _:
                    case DoStatementSyntax _:
                    case ForStatementSyntax _:
                    case ForEachStatementSyntax _:
                        inLoop = true;
                        exit = SyntaxFactory.ContinueStatement();
                        return true;
                    case FinallyClauseSyntax _:
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                        return false;
                    case MethodDeclarationSyntax method:
                        if (method.Body == null || method.Body.DescendantNodes().OfType<YieldStatementSyntax>().Any())
                        {
                            return false;
                        }

                        var symbol = model.GetDeclaredSymbol(method);
                        if (symbol == null)
                        {
                            return false;
                        }

                        var returns = symbol.ReturnType;
                        if (symbol.IsAsync && returns is INamedTypeSymbol task && (task.Name == "Task" || task.Name == "ValueTask"))
                        {
                            if (!task.IsGenericType)
                            {
                                exit = SyntaxFactory.ReturnStatement();
                                return true;
                            }

                            returns = task.TypeArguments[0];
                        }
                        else if (!symbol.IsAsync && (returns.Name == "Task" || returns.Name == "ValueTask"))
                        {
                            return false;
                        }

                        if (returns.SpecialType == SpecialType.System_Void)
                        {
                            exit = SyntaxFactory.ReturnStatement();
                            return true;
                        }

                        if (returns.SpecialType == SpecialType.System_Boolean)
                        {
                            exit = SyntaxFactory.ReturnStatement(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression));
                            return true;
                        }

                        return false;
                    case MemberDeclarationSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Every create of the same path in the member, made exclusive: FileMode.Create/OpenOrCreate/Truncate become
        /// CreateNew, File.Create(p) becomes an exclusive FileStream. Null when a create has no exclusive form in place.
        /// Creates in same-type helpers are left alone but must already be exclusive.
        /// </summary>
        private static Dictionary<SyntaxNode, SyntaxNode>? ExclusiveCreates(IInvocationOperation delete, IOperation deleted, KnownSymbols symbols, SemanticModel model, CancellationToken cancellationToken)
        {
            var key = PathIdentity.KeyOf(deleted, symbols);
            var owner = model.GetEnclosingSymbol(delete.Syntax.SpanStart, cancellationToken);
            var result = new Dictionary<SyntaxNode, SyntaxNode>();
            if (key == null || owner == null)
            {
                return result;
            }

            foreach (var found in CreatesOfPath.Find(IOperationExtensions.MemberRoot(delete), key, symbols, owner).Creates)
            {
                var operation = found.Operation;
                if (found.InHelper != null)
                {
                    // Creates in a same-type helper are left alone, so they must already be exclusive.
                    foreach (var inHelper in found.InHelper)
                    {
                        if (inHelper.Kind != CreateKind.Exclusive)
                        {
                            return null;
                        }
                    }

                    continue;
                }

                var create = found.Direct!.Value;
                switch (ExclusiveRewrites.Of(create))
                {
                    case ExclusiveRewrite.Exclusive:
                        break;
                    case ExclusiveRewrite.ModeArgument:
                        var mode = ModeArgument(operation);
                        if (mode == null)
                        {
                            return null;
                        }

                        result[mode] = SyntaxFactory.ParseExpression("FileMode.CreateNew").WithTriviaFrom(mode);
                        break;
                    case ExclusiveRewrite.FileCreate when operation is IInvocationOperation fileCreate:
                        result[fileCreate.Syntax] = SyntaxFactory.ParseExpression(
                                "new FileStream(" + fileCreate.Arguments[0].Value.Syntax + ", FileMode.CreateNew, FileAccess.ReadWrite, " + ExclusiveCreateShare + ")")
                            .WithTriviaFrom(fileCreate.Syntax);
                        if (!model.LookupNamespacesAndTypes(fileCreate.Syntax.SpanStart, name: "FileStream").Any())
                        {
                            return null;
                        }

                        break;
                    case ExclusiveRewrite.Other when operation is IInvocationOperation writeAll && ExclusiveWriteAllText(writeAll, model) is { } write:
                        result[writeAll.Syntax.Parent!] = write;
                        break;
                    default:
                        return null;
                }
            }

            return result;
        }

        /// <summary>
        /// The share of the re-create. O_EXCL (<c>FileMode.CreateNew</c>) is what makes it exclusive; on Unix, .NET then
        /// takes an advisory flock for the share, and <c>FileShare.None</c>'s exclusive flock fails while any contender
        /// reads the new file (a stale test, <c>LockSteal</c>'s probe: both shared flocks). The constructor then throws
        /// and leaves the file it created empty, a lock nobody holds and no breaker may take for the empty record's hard
        /// limit (the seed 004 breakers stalled on exactly that). A shared flock never conflicts with those readers.
        /// </summary>
        private const string ExclusiveCreateShare = "FileShare.Read";

        /// <summary>
        /// <c>File.WriteAllText(p, text[, encoding]);</c> as a statement becomes the same write through an exclusive
        /// stream (<c>FileMode.CreateNew</c>, fails when another contender re-created the lock first).
        /// </summary>
        private static StatementSyntax? ExclusiveWriteAllText(IInvocationOperation write, SemanticModel model)
        {
            if (write.TargetMethod.Name != "WriteAllText" || write.Arguments.Length < 2 || write.Arguments.Length > 3 ||
                !(write.Syntax.Parent is ExpressionStatementSyntax statement) || !(write.Syntax is InvocationExpressionSyntax syntax) ||
                syntax.ArgumentList.Arguments.Any(a => a.NameColon != null) ||
                !model.LookupNamespacesAndTypes(statement.SpanStart, name: "FileStream").Any() ||
                !model.LookupNamespacesAndTypes(statement.SpanStart, name: "StreamWriter").Any() ||
                !model.LookupNamespacesAndTypes(statement.SpanStart, name: "FileMode").Any())
            {
                return null;
            }

            var arguments = syntax.ArgumentList.Arguments;
            var indentation = Layout.Indentation(statement).ToFullString();
            var endOfLine = Layout.EndOfLine(statement).ToFullString();
            var writer = LoopFixSyntax.UniqueName(statement, "writer", "lockWriter");
            var encoding = arguments.Count == 3 ? ", " + arguments[2].Expression.WithoutTrivia() : string.Empty;
            var text =
                "using (var " + writer + " = new StreamWriter(new FileStream(" + arguments[0].Expression.WithoutTrivia() +
                ", FileMode.CreateNew, FileAccess.Write, " + ExclusiveCreateShare + ")" + encoding + "))" + endOfLine +
                indentation + "{" + endOfLine +
                indentation + Layout.FormatterIndentUnit + writer + ".Write(" + arguments[1].Expression.WithoutTrivia() + ");" + endOfLine +
                indentation + "}";
            return SyntaxFactory.ParseStatement(text).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia());
        }

        private static SyntaxNode? ModeArgument(IOperation create)
        {
            var arguments = create is IObjectCreationOperation creation ? creation.Arguments : ((IInvocationOperation)create).Arguments;
            foreach (var argument in arguments)
            {
                if (KnownSymbols.IsFileModeType(argument.Value.Type) && argument.Value.ConstantValue.HasValue && argument.Value.Syntax is ExpressionSyntax expression &&
                    expression.ToString().StartsWith("FileMode.", System.StringComparison.Ordinal))
                {
                    return expression;
                }
            }

            return null;
        }
    }
}
