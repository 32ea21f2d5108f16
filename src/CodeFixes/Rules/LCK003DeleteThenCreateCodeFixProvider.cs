using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// LCK003 fix: <c>File.Delete(p);</c> becomes <c>if (!LockSteal.TryRetire(p)) { continue; }</c> (or
    /// <c>return false;</c> / <c>return;</c> outside a loop) so only the contender whose atomic rename won goes on, and
    /// every non-exclusive re-create of <c>p</c> in the member opens with <c>FileMode.CreateNew</c>. When the delete is
    /// the last thing its block does inside a loop, the retry path follows either way and the call stands alone.
    /// Not offered when a re-create cannot be made exclusive in place (WriteAllText, StreamWriter, a non-literal mode).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK003DeleteThenCreateCodeFixProvider))]
    [Shared]
    public sealed class LCK003DeleteThenCreateCodeFixProvider : CodeFixProvider
    {
        public const string TryRetireKey = "LCK003.TryRetire";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalogue.LCK003);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null || !RuntimeReference.IsAvailable(model.Compilation, "LockSteal"))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var invocation = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (invocation == null || RetirePlan.TryCreate(invocation, model, context.CancellationToken) == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Retire the lock with LockSteal.TryRetire and re-create it exclusively",
                        ct => ApplyAsync(context.Document, invocation, ct),
                        TryRetireKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var plan = root == null || model == null ? null : RetirePlan.TryCreate(invocation, model, cancellationToken);
            if (plan == null)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var create in plan.CreatesToMakeExclusive)
            {
                replacements[create.Key] = create.Value;
            }

            replacements[plan.Statement] = plan.Replacement();
            var newRoot = root!.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            newRoot = UsingDirectives.AddUsing(newRoot, RuntimeReference.Namespace);
            return document.WithSyntaxRoot(newRoot);
        }
    }

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

        public static RetirePlan? TryCreate(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.TryCreate(model.Compilation);
            if (symbols == null || !(invocation.Parent is ExpressionStatementSyntax statement) ||
                !(model.GetOperation(invocation, cancellationToken) is IInvocationOperation delete))
            {
                return null;
            }

            var deleted = StealFileCalls.DeletedPath(delete, symbols);
            if (deleted == null)
            {
                return null;
            }

            var pathText = KnownSymbols.Is(delete.Instance?.Type, symbols.FileInfo)
                ? delete.Instance!.Syntax + ".FullName"
                : deleted.Syntax.ToString();

            if (!TryExit(statement, model, out var exit, out var inLoop))
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
            return creates == null ? null : new RetirePlan(statement, pathText, exit, creates);
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
            var key = StealFileCalls.PathKey(deleted, symbols);
            var root = LockPathRecognizer.MemberRoot(delete);
            var result = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var operation in root.Descendants())
            {
                var created = StealFileCalls.CreatedPath(operation, symbols, out var kind, out _);
                if (created == null || StealFileCalls.PathKey(created, symbols) != key)
                {
                    if (operation is IInvocationOperation call && !HelperCreatesExclusively(call, key, symbols, model))
                    {
                        return null;
                    }

                    continue;
                }

                switch (kind)
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
                                "new FileStream(" + fileCreate.Arguments[0].Value.Syntax + ", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None)")
                            .WithTriviaFrom(fileCreate.Syntax);
                        if (!model.LookupNamespacesAndTypes(fileCreate.Syntax.SpanStart, name: "FileStream").Any())
                        {
                            return null;
                        }

                        break;
                    default:
                        return null;
                }
            }

            return result;
        }

        private static bool HelperCreatesExclusively(IInvocationOperation call, string? key, KnownSymbols symbols, SemanticModel model)
        {
            var owner = model.GetEnclosingSymbol(call.Syntax.SpanStart);
            var helper = owner == null ? null : StealFileCalls.SameTypeHelperBody(call, owner);
            if (helper == null)
            {
                return true;
            }

            foreach (var operation in helper.Descendants())
            {
                var created = StealFileCalls.CreatedPath(operation, symbols, out var kind, out _);
                if (created != null && kind != ExclusiveRewrite.Exclusive &&
                    StealFileCalls.PathKey(StealFileCalls.MapToCallSite(StealFileCalls.ResolveFileInfo(created, symbols), call), symbols) == key)
                {
                    return false;
                }
            }

            return true;
        }

        private static SyntaxNode? ModeArgument(IOperation create)
        {
            var arguments = create is IObjectCreationOperation creation ? creation.Arguments : ((IInvocationOperation)create).Arguments;
            foreach (var argument in arguments)
            {
                if (argument.Value.Type?.Name == "FileMode" && argument.Value.ConstantValue.HasValue && argument.Value.Syntax is ExpressionSyntax expression &&
                    expression.ToString().StartsWith("FileMode.", System.StringComparison.Ordinal))
                {
                    return expression;
                }
            }

            return null;
        }
    }
}
