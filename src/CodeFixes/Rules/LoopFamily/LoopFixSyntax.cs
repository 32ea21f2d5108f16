using LockAnalyzers.CodeFixes.Infrastructure;
using LockAnalyzers.Infrastructure;
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes.Rules.LoopFamily
{
    /// <summary>
    /// Syntax edits of the loop-family fixes (LCK004, LCK005), also used by the LCK003 fix: statements inserted with the indentation and line endings of
    /// the code around them, a statement turned into a block when something must go beside it, fresh local names.
    /// </summary>
    internal static class LoopFixSyntax
    {
        /// <summary>Leading trivia without the blank lines at its start: a statement moved to the top of a block keeps its comments, not its spacing.</summary>
        public static SyntaxTriviaList WithoutLeadingBlankLines(SyntaxTriviaList trivia)
        {
            var start = 0;
            var index = 0;
            while (index < trivia.Count)
            {
                if (trivia[index].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    index++;
                    continue;
                }

                if (trivia[index].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    index++;
                    start = index;
                    continue;
                }

                break;
            }

            return SyntaxFactory.TriviaList(trivia.Skip(start));
        }

        /// <summary>The indentation of statements inside <paramref name="body"/>: its first statement's, or one level in from its brace.</summary>
        private static SyntaxTriviaList BodyIndentation(BlockSyntax body)
        {
            if (body.Statements.Count > 0)
            {
                return Layout.Indentation(body.Statements[0]);
            }

            var brace = Layout.Indentation(body);
            var text = brace.Count > 0 ? brace[0].ToString() : string.Empty;
            return SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(text + Layout.FormatterIndentUnit));
        }

        /// <summary>
        /// Puts <paramref name="inserted"/> just before <paramref name="statement"/>: in its block, or by turning an
        /// embedded statement (<c>if (x) continue;</c>) into a block that the formatter lays out.
        /// </summary>
        public static SyntaxNode InsertBefore(SyntaxNode root, StatementSyntax statement, StatementSyntax inserted, SyntaxTrivia endOfLine)
        {
            switch (statement.Parent)
            {
                case BlockSyntax block:
                    return root.ReplaceNode(block, block.WithStatements(InsertedBefore(block.Statements, statement, inserted, endOfLine)));

                case SwitchSectionSyntax section:
                    return root.ReplaceNode(section, section.WithStatements(InsertedBefore(section.Statements, statement, inserted, endOfLine)));

                default:
                    {
                        var block = SyntaxFactory.Block(
                                inserted.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.ElasticMarker),
                                statement.WithoutTrivia().WithLeadingTrivia(SyntaxFactory.ElasticMarker))
                            .WithLeadingTrivia(statement.GetLeadingTrivia())
                            .WithTrailingTrivia(statement.GetTrailingTrivia())
                            .WithAdditionalAnnotations(Formatter.Annotation);
                        return root.ReplaceNode(statement, block);
                    }
            }
        }

        /// <summary>The body of a while, do or for loop; null for any other statement.</summary>
        public static StatementSyntax? BodyOf(StatementSyntax loop) =>
            loop switch
            {
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                ForStatementSyntax f => f.Statement,
                _ => null,
            };

        /// <summary>
        /// The loop with <paramref name="first"/> as the first statement of its body: in its block, or by turning a
        /// single-statement body into a block that the formatter lays out.
        /// </summary>
        public static StatementSyntax WithFirstStatement(StatementSyntax loop, StatementSyntax first, SyntaxTrivia endOfLine)
        {
            var body = BodyOf(loop);
            if (body == null)
            {
                return loop;
            }

            StatementSyntax newBody;
            if (body is BlockSyntax block)
            {
                var placed = block.Statements.Count > 0
                    ? Placed(block.Statements[0], first, endOfLine)
                    : first.WithoutTrivia().WithLeadingTrivia(BodyIndentation(block)).WithTrailingTrivia(endOfLine);
                newBody = block.WithStatements(block.Statements.Insert(0, placed));
            }
            else
            {
                newBody = SyntaxFactory.Block(
                        first.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.ElasticMarker),
                        body.WithoutTrivia().WithLeadingTrivia(SyntaxFactory.ElasticMarker))
                    .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                    .WithTrailingTrivia(body.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            return loop.ReplaceNode(body, newBody);
        }

        /// <summary>
        /// The blank lines that set <paramref name="statement"/> apart move up to the inserted statement, so the pair
        /// stays together (<c>}</c>, blank line, <c>await Task.Delay(..); continue;</c>), not split by the blank line.
        /// </summary>
        private static SyntaxList<StatementSyntax> InsertedBefore(SyntaxList<StatementSyntax> statements, StatementSyntax statement, StatementSyntax inserted, SyntaxTrivia endOfLine)
        {
            var index = statements.IndexOf(statement);
            var placed = Placed(statement, inserted, endOfLine);
            var leading = statement.GetLeadingTrivia();
            var kept = WithoutLeadingBlankLines(leading);
            if (kept.Count < leading.Count && placed.GetLeadingTrivia().Count == Layout.Indentation(statement).Count)
            {
                var blankLines = SyntaxFactory.TriviaList(leading.Take(leading.Count - kept.Count)
                    .Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
                placed = placed.WithLeadingTrivia(blankLines.AddRange(placed.GetLeadingTrivia()));
                statements = statements.Replace(statement, statement.WithLeadingTrivia(kept));
            }

            return statements.Insert(index, placed);
        }

        /// <summary>
        /// The inserted statement as its own line with the indentation of <paramref name="statement"/>, or, when that
        /// statement shares its line with code before it (<c>{ File.Delete(p); continue; }</c>), on the same line.
        /// </summary>
        private static StatementSyntax Placed(StatementSyntax statement, StatementSyntax inserted, SyntaxTrivia endOfLine)
        {
            var startsLine = statement.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) ||
                             statement.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return startsLine
                ? inserted.WithoutTrivia().WithLeadingTrivia(Layout.Indentation(statement)).WithTrailingTrivia(endOfLine)
                : inserted.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space);
        }

        /// <summary><paramref name="preferred"/>, or it with a number, whichever no identifier in the member already uses.</summary>
        public static string UniqueName(SyntaxNode near, string preferred, string alternative)
        {
            var member = near.AncestorsAndSelf().LastOrDefault(a => a is MemberDeclarationSyntax && !(a is BaseTypeDeclarationSyntax) && !(a is BaseNamespaceDeclarationSyntax))
                         ?? near.AncestorsAndSelf().Last();
            var used = member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToImmutableHashSetOrdinal();
            if (!used.Contains(preferred))
            {
                return preferred;
            }

            if (!used.Contains(alternative))
            {
                return alternative;
            }

            for (var i = 2; ; i++)
            {
                var candidate = alternative + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!used.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        /// <summary>How to write <c>System.TimeSpan</c> at <paramref name="position"/>: short when a using brings it in.</summary>
        public static string TimeSpanName(SemanticModel model, int position)
        {
            var timeSpan = model.Compilation.GetTypeByMetadataName("System.TimeSpan");
            var found = model.LookupNamespacesAndTypes(position, name: "TimeSpan");
            return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], timeSpan) ? "TimeSpan" : "System.TimeSpan";
        }

        /// <summary>Whether a local, parameter or field is assigned anywhere in <paramref name="scope"/> outside <paramref name="except"/>.</summary>
        public static bool IsWrittenIn(ISymbol symbol, IOperation scope, SyntaxNode? except)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(scope))
            {
                IOperation? target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation step => step.Target,
                    IArgumentOperation argument when argument.Parameter != null && argument.Parameter.RefKind != RefKind.None && argument.Parameter.RefKind != RefKind.In => argument.Value,
                    _ => null,
                };

                if (target == null || (except != null && except.Span.Contains(operation.Syntax.Span)))
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(SymbolOf(target), symbol))
                {
                    return true;
                }
            }

            return false;
        }

        public static ISymbol? SymbolOf(IOperation? operation) =>
            operation == null ? null : LockAnalyzers.Infrastructure.IOperationExtensions.Unwrap(operation) switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };

        private static System.Collections.Generic.HashSet<string> ToImmutableHashSetOrdinal(this System.Collections.Generic.IEnumerable<string> names) =>
            new System.Collections.Generic.HashSet<string>(names, StringComparer.Ordinal);
    }
}
