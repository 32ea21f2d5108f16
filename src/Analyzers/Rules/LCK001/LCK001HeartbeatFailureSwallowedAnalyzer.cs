using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK001
{
    /// <summary>
    /// LCK001 (seed 000): a heartbeat write whose failure a catch swallows. The holder keeps working while the lock's
    /// timestamp goes stale, and a contender steals it. Reported on the write; the message names the catch's line.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK001HeartbeatFailureSwallowedAnalyzer : LockAnalyzerBase
    {
        /// <summary>Span start of the swallowing catch clause (same document as the write).</summary>
        public const string CatchPositionProperty = "CatchPosition";

        /// <summary>"true" when the write is reached through a call one level deep; the fix is then not offered.</summary>
        public const string ThroughCallProperty = "ThroughCall";

        /// <summary>The <see cref="HeartbeatWriteKind"/> of the write.</summary>
        public const string WriteKindProperty = "WriteKind";

        /// <summary>"true" when the time written is exactly now, so LockHeartbeat.Refresh does the same write.</summary>
        public const string ExactlyNowProperty = "ExactlyNow";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticCatalogue.HeartbeatFailureSwallowed);

        /// <summary>The timestamp-write names <see cref="HeartbeatWrites.IsCandidateSyntax"/> accepts.</summary>
        private static readonly ulong TimestampWriteWords = PrefilterWords.Mask(
            "SetLastWriteTime", "SetLastWriteTimeUtc", "SetLastAccessTime", "SetLastAccessTimeUtc",
            "LastWriteTime", "LastWriteTimeUtc", "LastAccessTime", "LastAccessTimeUtc");

        /// <summary>The content-write names it accepts: only flagged inside a heartbeat-named holder.</summary>
        private static readonly ulong ContentWriteWords = PrefilterWords.Mask(
            "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
            "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync",
            "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "WriteByte");

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            // The symbols are resolved by the first callback; a compilation without IOException or DateTime has nothing to flag.
            var symbols = context.Symbols;
            var options = context.Options;
            // Blocks with no candidate write, or only content writes and no heartbeat-like name, are never looked at;
            // names are tested on syntax before any operation is looked up.
            context.RegisterOperationActionInMembers(
                TimestampWriteWords | ContentWriteWords,
                block => TextHits.Of(block.SyntaxTree).MayMention(block.Span, TimestampWriteWords) || HeartbeatWrites.MemberMayNameHeartbeat(block),
                node => HeartbeatWrites.IsCandidateSyntax(node, out _),
                c => Analyze(c, symbols, options),
                OperationKind.Invocation,
                OperationKind.SimpleAssignment);
        }

        private static void Analyze(LockOperationContext context, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            var node = context.Operation.Syntax;
            if (!HeartbeatWrites.IsCandidateSyntax(node, out var isContentWrite) || symbols.IOException == null || symbols.DateTime == null)
            {
                return;
            }

            // Content writes are heartbeats only inside a heartbeat-like member: decided on syntax, before any semantic work.
            var recognizer = options.GetRecognizer(node.SyntaxTree);
            var inHeartbeatMember = HeartbeatWrites.IsInHeartbeatMember(node, recognizer);
            if (isContentWrite && !inHeartbeatMember)
            {
                return;
            }

            var model = context.Operation.SemanticModel!;
            var write = HeartbeatWrites.Recognize(context.Operation, symbols);
            if (write == null)
            {
                return;
            }

            SyntaxNode start = node;
            if (write.NeedsAwait)
            {
                var awaited = node is ExpressionSyntax expression ? CatchAnalysis.AwaitOf(expression) : null;
                if (awaited == null)
                {
                    return;
                }

                start = awaited;
            }

            var isLockPath = HeartbeatWrites.IsLockTarget(write.Path, recognizer, symbols);
            var isContent = write.Kind == HeartbeatWriteKind.Content;
            if (isContent && !isLockPath)
            {
                return;
            }

            var catches = new CatchAnalysis(model, symbols, context.CancellationToken);
            var outcome = catches.Follow(start, CatchAnalysis.HeartbeatFailures(symbols));
            switch (outcome.Kind)
            {
                case GuardOutcomeKind.Swallowed when isLockPath || inHeartbeatMember:
                    Report(context, node, write, outcome.SwallowingCatch!, throughCall: false);
                    return;

                case GuardOutcomeKind.EscapesMember:
                    var swallowing = FindSwallowingCaller(model, context.CancellationToken, write, outcome, catches, recognizer, symbols, isLockPath, inHeartbeatMember);
                    if (swallowing != null)
                    {
                        Report(context, node, write, swallowing, throughCall: true);
                    }

                    return;
            }
        }

        /// <summary>
        /// One call deep: the write's method or local function is called inside a try in the same type (or, for a local
        /// function, the same member) whose catch swallows the failure. Syntax finds the calls by name first.
        /// </summary>
        private static CatchClauseSyntax? FindSwallowingCaller(
            SemanticModel model,
            CancellationToken cancellationToken,
            HeartbeatWrite write,
            GuardOutcome outcome,
            CatchAnalysis catches,
            LockPathRecognizer recognizer,
            KnownSymbols symbols,
            bool isLockPath,
            bool inHeartbeatMember)
        {
            var boundary = outcome.Boundary;
            if (!(boundary is MethodDeclarationSyntax) && !(boundary is LocalFunctionStatementSyntax))
            {
                return null;
            }

            if (!(model.GetDeclaredSymbol(boundary!, cancellationToken) is IMethodSymbol callee))
            {
                return null;
            }

            SyntaxNode? scope = boundary is LocalFunctionStatementSyntax
                ? boundary.Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                : boundary.Parent as TypeDeclarationSyntax;
            if (scope == null)
            {
                return null;
            }

            var pathParameter = IOperationExtensions.Unwrap(write.Path) is IParameterReferenceOperation p &&
                                SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, callee)
                ? p.Parameter
                : null;

            foreach (var call in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (HeartbeatWrites.InvokedName(call.Expression) != callee.Name || boundary!.Span.Contains(call.Span))
                {
                    continue;
                }

                if (!(model.GetOperation(call, cancellationToken) is IInvocationOperation invocation) ||
                    !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, callee.OriginalDefinition))
                {
                    continue;
                }

                SyntaxNode callStart = call;
                if (callee.IsAsync)
                {
                    // An async helper's failure reaches the caller's catch only through an await.
                    var awaited = CatchAnalysis.AwaitOf(call);
                    if (awaited == null)
                    {
                        continue;
                    }

                    callStart = awaited;
                }

                var lockPathHere = isLockPath || (pathParameter != null && ArgumentIsLockPath(invocation, pathParameter, recognizer, symbols));
                var heartbeatHere = inHeartbeatMember || HeartbeatWrites.IsInHeartbeatMember(call, recognizer);
                var qualifies = write.Kind == HeartbeatWriteKind.Content ? lockPathHere && heartbeatHere : lockPathHere || heartbeatHere;
                if (!qualifies)
                {
                    continue;
                }

                var callerOutcome = catches.Follow(callStart, outcome.InFlight);
                if (callerOutcome.Kind == GuardOutcomeKind.Swallowed)
                {
                    return callerOutcome.SwallowingCatch;
                }
            }

            return null;
        }

        private static bool ArgumentIsLockPath(IInvocationOperation invocation, IParameterSymbol parameter, LockPathRecognizer recognizer, KnownSymbols symbols)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == parameter.Ordinal)
                {
                    return HeartbeatWrites.IsLockTarget(argument.Value, recognizer, symbols);
                }
            }

            return false;
        }

        private static void Report(LockOperationContext context, SyntaxNode node, HeartbeatWrite write, CatchClauseSyntax swallowing, bool throughCall)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties.Add(CatchPositionProperty, swallowing.SpanStart.ToString(CultureInfo.InvariantCulture));
            properties.Add(ThroughCallProperty, throughCall ? "true" : "false");
            properties.Add(WriteKindProperty, write.Kind.ToString());
            properties.Add(ExactlyNowProperty, write.ExactlyNow ? "true" : "false");

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticCatalogue.HeartbeatFailureSwallowed,
                node.GetLocation(),
                properties.ToImmutable(),
                PathText(write.Path),
                CatchAnalysis.LineOf(swallowing).ToString(CultureInfo.InvariantCulture)));
        }

        /// <summary>The path as written: the FileInfo's constructor argument when the FileInfo is created in place.</summary>
        private static string PathText(IOperation path)
        {
            var unwrapped = IOperationExtensions.Unwrap(path);
            if (unwrapped is IObjectCreationOperation creation && creation.Arguments.Length > 0)
            {
                return creation.Arguments[0].Value.Syntax.ToString();
            }

            return unwrapped.Syntax.ToString();
        }
    }
}
