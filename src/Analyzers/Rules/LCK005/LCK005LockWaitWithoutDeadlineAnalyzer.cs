using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.LoopFamily;

namespace LockAnalyzers.Rules.LCK005
{
    /// <summary>
    /// LCK005: a loop that waits for a lock path (polls <c>File.Exists(lockPath)</c>, or retries an exclusive create of
    /// it in a try/catch) with no deadline, counter or cancellation anywhere around it (seed 003: the global lock
    /// polling loops had none), or with no sleep at all, so it burns a core.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK005LockWaitWithoutDeadlineAnalyzer : LockAnalyzerBase
    {
        /// <summary>Which of the reasons below was reported; the fix is offered only for <see cref="Unbounded"/>.</summary>
        public const string ReasonKey = "Reason";

        /// <summary>Text of the lock path, valid before the loop, when it is a simple name.</summary>
        public const string LockPathKey = "LockPath";

        public const string Unbounded = "Unbounded";
        public const string UnboundedSpin = "UnboundedSpin";
        public const string Spin = "Spin";

        public const string UnboundedText = "with no deadline, bound or cancellation: it can wait forever";
        public const string UnboundedSpinText = "with no deadline, bound or cancellation, and without sleeping: it can spin on a core forever";
        public const string SpinText = "without sleeping: it burns a core until it gives up";


        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.LockWaitWithoutDeadline);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            // Only the loops around the words MentionsLockWait looks for can be flagged; the token filter rejects almost
            // every one of them before its operation is looked up.
            context.RegisterOperationActionInMembersMentioning(
                PrefilterWords.Mask("Exists", "CreateNew", "FileShare"),
                IsCandidateSyntax,
                c => Analyze(c, symbols, options),
                OperationKind.Loop);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => LockWaitThroughHelpers.Analyze(block, effects));
        }

        internal static bool IsCandidateSyntax(SyntaxNode syntax) =>
            (syntax is WhileStatementSyntax || syntax is DoStatementSyntax || syntax is ForStatementSyntax) && MentionsLockWait(syntax);

        private static void Analyze(LockOperationContext context, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            var syntax = context.Operation.Syntax;
            if (!IsCandidateSyntax(syntax) || !(context.Operation is ILoopOperation loop) || loop is IForEachLoopOperation || loop.Body == null)
            {
                return;
            }

            var recognizer = options.GetRecognizer(syntax.SyntaxTree);
            var lockPath = WaitedLockPath(loop, symbols, recognizer);
            if (lockPath == null)
            {
                return;
            }

            var counters = LoopBounds.CountersOf(loop);
            var bounded = LoopBounds.IsBounded(loop, symbols, counters, out var byCounter);
            var sleeps = LoopSleeps.HasSleep(loop, symbols);

            string reason;
            string text;
            if (!bounded)
            {
                reason = sleeps ? Unbounded : UnboundedSpin;
                text = sleeps ? UnboundedText : UnboundedSpinText;
            }
            else if (!sleeps && !byCounter)
            {
                // A handful of counted retries is not a spin; a deadline or a token alone lets it spin until then.
                reason = Spin;
                text = SpinText;
            }
            else
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[ReasonKey] = reason;
            var portable = LoopLockPaths.PortablePathText(lockPath, loop);
            if (portable != null)
            {
                properties[LockPathKey] = portable;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticCatalogue.LockWaitWithoutDeadline,
                LoopSyntax.KeywordLocation(syntax),
                properties.ToImmutable(),
                IOperationExtensions.Unwrap(lockPath).Syntax.ToString(),
                text));
        }

        /// <summary>Cheap syntactic filter: the loop mentions an existence test or an exclusive open.</summary>
        private static bool MentionsLockWait(SyntaxNode loop)
        {
            foreach (var token in TokenWalk.In(loop))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) &&
                    (token.ValueText == "Exists" || token.ValueText == "CreateNew" || token.ValueText == "FileShare"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The lock path the loop waits for: tested by <c>File.Exists</c>/<c>Directory.Exists</c> in its condition, or
        /// opened exclusively (<c>FileMode.CreateNew</c>, <c>FileShare.None</c>) inside a try whose catch lets it retry.
        /// </summary>
        internal static IOperation? WaitedLockPath(ILoopOperation loop, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(LoopBounds.ConditionOf(loop)))
            {
                if (operation is IInvocationOperation invocation && invocation.TargetMethod.Name == "Exists" && invocation.Arguments.Length == 1 &&
                    (KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) || KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.Directory)) &&
                    recognizer.IsLockPath(invocation.Arguments[0].Value) &&
                    !ChangesWhatItWaitsFor(loop, invocation.Arguments[0].Value, symbols))
                {
                    return invocation.Arguments[0].Value;
                }
            }

            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                if (!(operation is ITryOperation tryOperation) || !RetriesOnFailure(tryOperation))
                {
                    continue;
                }

                foreach (var attempt in IOperationExtensions.DescendantsAndSelfNoLambdas(tryOperation.Body))
                {
                    var path = FileCalls.PathArgument(attempt, symbols);
                    if (path != null && OpensExclusively(attempt, symbols) && recognizer.IsLockPath(path))
                    {
                        return path;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The loop is not waiting for someone else when it removes the lock itself (a delete or move that is not
        /// wrapped in a try that swallows its failure: an exception ends the loop) or moves on to another path
        /// (<c>lockPath = Next()</c>: picking a free name).
        /// </summary>
        private static bool ChangesWhatItWaitsFor(ILoopOperation loop, IOperation path, KnownSymbols symbols)
        {
            var pathSymbol = IOperationExtensions.Unwrap(path) switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };

            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                if (pathSymbol != null && operation is IAssignmentOperation assignment &&
                    SymbolEqualityComparer.Default.Equals(SymbolOfTarget(assignment.Target), pathSymbol))
                {
                    return true;
                }

                if (operation is IInvocationOperation invocation && KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) &&
                    (invocation.TargetMethod.Name == "Delete" || invocation.TargetMethod.Name == "Move") &&
                    invocation.Arguments.Length > 0 && PathIdentity.Same(invocation.Arguments[0].Value, path) &&
                    !InsideCatchingTry(invocation, loop))
                {
                    return true;
                }
            }

            return false;
        }

        private static ISymbol? SymbolOfTarget(IOperation target) =>
            target switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };

        private static bool InsideCatchingTry(IOperation operation, ILoopOperation loop)
        {
            for (var current = operation.Parent; current != null && current != loop; current = current.Parent)
            {
                if (current is ITryOperation tryOperation && tryOperation.Catches.Length > 0 && tryOperation.Body.Syntax.Span.Contains(operation.Syntax.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Some catch of the try does not just rethrow, so a failed attempt goes round the loop again. A catch of a
        /// narrower failure than the lock being held (<c>DirectoryNotFoundException</c>, <c>UnauthorizedAccessException</c>)
        /// retries that failure, not the lock: when the catch the held lock lands in leaves the loop, it does not wait.
        /// </summary>
        private static bool RetriesOnFailure(ITryOperation tryOperation)
        {
            foreach (var clause in tryOperation.Catches)
            {
                if (!CatchesHeldLock(clause.ExceptionType))
                {
                    continue;
                }

                var last = clause.Handler.Operations.Length == 0 ? null : clause.Handler.Operations[clause.Handler.Operations.Length - 1];
                // Rethrowing, or returning (the held lock is reported to the caller, which decides whether to wait), ends the attempt.
                var rethrows = last is IThrowOperation || (last is IExpressionStatementOperation statement && statement.Operation is IThrowOperation) ||
                               last is IReturnOperation;
                if (!rethrows)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CatchesHeldLock(ITypeSymbol? caught)
        {
            switch (caught?.ToDisplayString())
            {
                case null:
                case "object":
                case "System.Object":
                case "System.Exception":
                case "System.SystemException":
                case "System.IO.IOException":
                    return true;
                default:
                    // An unresolved or user-defined exception type is not ours to judge narrower.
                    return caught.TypeKind == TypeKind.Error || !(caught.ContainingNamespace?.ToDisplayString() ?? string.Empty).StartsWith("System", System.StringComparison.Ordinal);
            }
        }

        private static bool OpensExclusively(IOperation call, KnownSymbols symbols)
        {
            var arguments = call switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };

            foreach (var argument in arguments)
            {
                var value = argument.Value;
                if (!value.ConstantValue.HasValue || !(value.ConstantValue.Value is int constant))
                {
                    continue;
                }

                if ((KnownSymbols.Is(value.Type, symbols.FileMode) && constant == KnownSymbols.FileModeCreateNew) ||
                    (KnownSymbols.Is(value.Type, symbols.FileShare) && constant == KnownSymbols.FileShareNone))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
