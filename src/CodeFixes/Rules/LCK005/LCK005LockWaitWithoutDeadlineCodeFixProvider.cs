using LockAnalyzers.Infrastructure;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.CodeFixes.Rules.LoopFamily;
using LockAnalyzers.Rules.LCK005;

namespace LockAnalyzers.CodeFixes.Rules.LCK005
{
    /// <summary>
    /// LCK005 fixes, offered for a lock wait that sleeps but has no bound. With a CancellationToken in scope: check it
    /// at the top of the loop and hand it to <c>Task.Delay</c>. Otherwise, with LockAnalyzers.Runtime referenced: a
    /// named <c>lockWaitTimeout</c> of 30 seconds, where the user sees and can change it, and a <c>LockDeadline</c>
    /// checked at the top of the loop. A busy spin gets no fix: where to sleep, and for how long, is the user's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK005LockWaitWithoutDeadlineCodeFixProvider)), Shared]
    public sealed class LCK005LockWaitWithoutDeadlineCodeFixProvider : LockDocumentCodeFixProvider
    {
        public const string UseTokenKey = "LCK005.CheckCancellationToken";
        public const string UseLockDeadlineKey = "LCK005.UseLockDeadline";

        public LCK005LockWaitWithoutDeadlineCodeFixProvider()
            : base(DiagnosticCatalogue.LCK005)
        {
        }

        private protected override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            var loop = LoopOf(root, diagnostic);
            if (loop == null)
            {
                return;
            }

            var token = TokenInScope(loop, model);
            if (token != null)
            {
                RegisterFix(context, diagnostic, "Check '" + token + "' at the top of the loop and pass it to the delay", UseTokenKey);
            }
            else if (loop.Parent is BlockSyntax && RuntimeReference.IsAvailable(model.Compilation, "LockDeadline"))
            {
                RegisterFix(context, diagnostic, "Give up after a lock wait timeout (LockDeadline)", UseLockDeadlineKey);
            }
        }

        /// <summary>The reported loop, when the diagnostic is one a fix applies to (it sleeps, it has no bound).</summary>
        private static StatementSyntax? LoopOf(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(LCK005LockWaitWithoutDeadlineAnalyzer.ReasonKey, out var reason) ||
                reason != LCK005LockWaitWithoutDeadlineAnalyzer.Unbounded)
            {
                return null;
            }

            var loop = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            return loop is WhileStatementSyntax || loop is DoStatementSyntax || loop is ForStatementSyntax ? (StatementSyntax)loop : null;
        }

        /// <summary>A CancellationToken parameter or earlier local the loop can see, or null.</summary>
        private static string? TokenInScope(StatementSyntax loop, SemanticModel model)
        {
            var tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            if (tokenType == null)
            {
                return null;
            }

            string? found = null;
            foreach (var symbol in model.LookupSymbols(loop.SpanStart))
            {
                (ITypeSymbol? Type, bool Usable) info = symbol switch
                {
                    IParameterSymbol parameter => (parameter.Type, parameter.RefKind != RefKind.Out),
                    ILocalSymbol local => (local.Type, local.Locations.Length > 0 && local.Locations[0].SourceSpan.End <= loop.SpanStart),
                    _ => (null, false),
                };

                if (info.Usable && SymbolEqualityComparer.Default.Equals(info.Type, tokenType))
                {
                    // Prefer a parameter: it is the caller's token, not one made up locally.
                    if (symbol is IParameterSymbol)
                    {
                        return symbol.Name;
                    }

                    found ??= symbol.Name;
                }
            }

            return found;
        }

        internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        {
            var (root, model) = await ReadAsync(document, cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var useDeadline = key == UseLockDeadlineKey;
            var work = new List<(StatementSyntax Loop, string? Token, string? LockPath, List<InvocationExpressionSyntax> Delays)>();
            foreach (var diagnostic in diagnostics)
            {
                var loop = LoopOf(root, diagnostic);
                if (loop == null || work.Any(w => w.Loop == loop))
                {
                    continue;
                }

                var token = TokenInScope(loop, model);
                if (useDeadline ? token != null || !(loop.Parent is BlockSyntax) : token == null)
                {
                    continue;
                }

                diagnostic.Properties.TryGetValue(LCK005LockWaitWithoutDeadlineAnalyzer.LockPathKey, out var lockPath);
                work.Add((loop, token, lockPath, token == null ? new List<InvocationExpressionSyntax>() : DelaysWithoutToken(loop, model, cancellationToken)));
            }

            if (work.Count == 0)
            {
                return document;
            }

            var endOfLine = Layout.EndOfLine(root);
            var current = root.TrackNodes(work.Select(w => (SyntaxNode)w.Loop).Concat(work.SelectMany(w => w.Delays)));
            foreach (var item in work)
            {
                foreach (var delay in item.Delays)
                {
                    var call = current.GetCurrentNode(delay);
                    if (call != null)
                    {
                        var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(item.Token!));
                        current = current.ReplaceNode(call, call.WithArgumentList(call.ArgumentList.AddArguments(argument)));
                    }
                }

                var loop = current.GetCurrentNode(item.Loop);
                if (loop == null)
                {
                    continue;
                }

                if (item.Token != null)
                {
                    var check = SyntaxFactory.ParseStatement(item.Token + ".ThrowIfCancellationRequested();");
                    current = current.ReplaceNode(loop, LoopFixSyntax.WithFirstStatement(loop, check, endOfLine));
                    continue;
                }

                var timeoutName = LoopFixSyntax.UniqueName(loop, "lockWaitTimeout", "lockWaitLimit");
                var deadlineName = LoopFixSyntax.UniqueName(loop, "deadline", "lockDeadline");
                var timeSpan = LoopFixSyntax.TimeSpanName(model, item.Loop.SpanStart);
                var first = SyntaxFactory.ParseStatement(deadlineName + ".ThrowIfExpired(" + (item.LockPath ?? string.Empty) + ");");
                var newLoop = LoopFixSyntax.WithFirstStatement(loop, first, endOfLine).WithLeadingTrivia(Layout.Indentation(loop));
                var timeout = SyntaxFactory.ParseStatement("var " + timeoutName + " = " + timeSpan + ".FromSeconds(30);")
                    .WithLeadingTrivia(loop.GetLeadingTrivia())
                    .WithTrailingTrivia(endOfLine);
                var deadline = SyntaxFactory.ParseStatement("var " + deadlineName + " = LockDeadline.After(" + timeoutName + ");")
                    .WithLeadingTrivia(Layout.Indentation(loop))
                    .WithTrailingTrivia(endOfLine);
                var parent = (BlockSyntax)loop.Parent!;
                var index = parent.Statements.IndexOf(loop);
                var statements = parent.Statements.Replace(loop, newLoop).InsertRange(index, new[] { timeout, deadline });
                current = current.ReplaceNode(parent, parent.WithStatements(statements));
            }

            return useDeadline ? WithRuntimeUsing(document, current) : document.WithSyntaxRoot(current);
        }

        /// <summary><c>Task.Delay(x)</c> calls of the loop that take no token yet.</summary>
        private static List<InvocationExpressionSyntax> DelaysWithoutToken(StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            var result = new List<InvocationExpressionSyntax>();
            if (!(model.GetOperation(loop, cancellationToken) is IOperation operation))
            {
                return result;
            }

            foreach (var invocation in IOperationExtensions.DescendantsAndSelfNoLambdas(operation).OfType<IInvocationOperation>())
            {
                if (invocation.TargetMethod.Name == "Delay" && invocation.Arguments.Length == 1 &&
                    invocation.TargetMethod.ContainingType?.ToDisplayString() == "System.Threading.Tasks.Task" &&
                    invocation.Syntax is InvocationExpressionSyntax syntax)
                {
                    result.Add(syntax);
                }
            }

            return result;
        }
    }
}
