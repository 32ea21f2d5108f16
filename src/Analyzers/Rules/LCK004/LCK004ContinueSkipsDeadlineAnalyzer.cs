using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.LoopFamily;

namespace LockAnalyzers.Rules.LCK004
{
    /// <summary>
    /// LCK004: a <c>continue</c> of a retry loop reached by a path that passes none of the loop's deadline checks
    /// (seed 003: stale-lock cleanup <c>continue</c>s past the timeout check at the bottom and the loop never ends).
    /// Any retry loop, not only lock code: the hang is the same.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK004ContinueSkipsDeadlineAnalyzer : LockAnalyzerBase
    {
        /// <summary>Span start of the skipped deadline check statement (or catch clause), for the fix.</summary>
        public const string CheckStartKey = "CheckStart";

        /// <summary>Span start of a sleep statement the fix may copy before the <c>continue</c>; present only when the continue path does not sleep.</summary>
        public const string SleepStartKey = "SleepStart";

        /// <summary>Span starts of every continue of the loop whose path does not sleep, comma-separated: where the fix copies the sleep.</summary>
        public const string SleepBeforeKey = "SleepBefore";

        /// <summary>Text of the loop's lock path, valid before the loop, when one is known.</summary>
        public const string LockPathKey = "LockPath";

        public const string SpinSuffix = " and spins without sleeping";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.ContinueSkipsDeadline);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            // Only the loops around a continue (HasOwnContinue) can be flagged, and only retry-shaped ones get a semantic look.
            context.RegisterOperationActionInMembersMentioning(PrefilterWords.Mask("continue"), IsCandidateSyntax, c => Analyze(c, symbols, options), OperationKind.Loop);
        }

        /// <summary>Cheap syntactic filters, run before the loop's operation is looked up: a retry-shaped condition, and a continue of this loop.</summary>
        private static bool IsCandidateSyntax(SyntaxNode syntax)
        {
            var conditionSyntax = syntax switch
            {
                WhileStatementSyntax w => w.Condition,
                DoStatementSyntax d => d.Condition,
                ForStatementSyntax f => f.Condition,
                _ => null,
            };
            return (syntax is WhileStatementSyntax || syntax is DoStatementSyntax || syntax is ForStatementSyntax) &&
                   LooksLikeRetryCondition(conditionSyntax) && HasOwnContinue(syntax);
        }

        private static void Analyze(LockOperationContext context, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            var syntax = context.Operation.Syntax;
            if (!IsCandidateSyntax(syntax) || !(context.Operation is ILoopOperation loop) || loop is IForEachLoopOperation || loop.Body == null)
            {
                return;
            }

            var counters = LoopBounds.CountersOf(loop);
            if (LoopBounds.ConditionBounds(loop, symbols, counters) || !IsRetryCondition(LoopBounds.ConditionOf(loop), symbols))
            {
                return;
            }

            var checks = DeadlineChecks.In(loop, symbols);
            if (checks.Count == 0)
            {
                return;
            }

            var paths = ContinuePaths.Analyze(loop, symbols);
            var flagged = paths
                .Where(p => ContinuePaths.HasUnchecked(p.Value) && p.Key.Syntax is ContinueStatementSyntax)
                .OrderBy(p => p.Key.Syntax.SpanStart)
                .ToList();
            if (flagged.Count == 0)
            {
                return;
            }

            // The continues whose unchecked path also never sleeps: after the fix they would spin on a core.
            var spinning = flagged.Where(p => ContinuePaths.HasUncheckedUnslept(p.Value)).Select(p => (ContinueStatementSyntax)p.Key.Syntax).ToList();
            ExpressionStatementSyntax? sleep = null;
            var spinsUnfixably = false;
            if (spinning.Count > 0)
            {
                var sleeps = SleepStatements(loop, symbols);
                if (sleeps.Count > 0)
                {
                    var model = context.Operation.SemanticModel;
                    sleep = sleeps.FirstOrDefault(s => s.SpanStart > spinning[0].SpanStart && spinning.All(c => IsCopyable(s, loop, c, model)))
                            ?? sleeps.FirstOrDefault(s => spinning.All(c => IsCopyable(s, loop, c, model)));
                    spinsUnfixably = sleep == null;
                }
            }

            var recognizer = options.GetRecognizer(syntax.SyntaxTree);
            var lockPath = LoopLockPaths.PortablePathText(LoopLockPaths.LockPathIn(loop, symbols, recognizer), loop);
            foreach (var pair in flagged)
            {
                var continueSyntax = (ContinueStatementSyntax)pair.Key.Syntax;
                var check = checks.FirstOrDefault(c => c.SpanStart > continueSyntax.SpanStart) ?? checks[0];
                var line = SourceLines.LineNumberOf(check);
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[CheckStartKey] = check.SpanStart.ToString(CultureInfo.InvariantCulture);
                if (sleep != null)
                {
                    properties[SleepStartKey] = sleep.SpanStart.ToString(CultureInfo.InvariantCulture);
                    properties[SleepBeforeKey] = string.Join(",", spinning.Select(c => c.SpanStart.ToString(CultureInfo.InvariantCulture)));
                }

                if (lockPath != null)
                {
                    properties[LockPathKey] = lockPath;
                }

                var suffix = spinsUnfixably && spinning.Contains(continueSyntax) ? SpinSuffix : string.Empty;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.ContinueSkipsDeadline,
                    continueSyntax.GetLocation(),
                    properties.ToImmutable(),
                    line.ToString(CultureInfo.InvariantCulture),
                    suffix));
            }
        }

        /// <summary>The syntactic shape <see cref="IsRetryCondition"/> accepts: <c>true</c>, names, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, calls.</summary>
        private static bool LooksLikeRetryCondition(ExpressionSyntax? condition)
        {
            switch (condition)
            {
                case null:
                    return true;
                case LiteralExpressionSyntax literal:
                    return literal.IsKind(SyntaxKind.TrueLiteralExpression);
                case ParenthesizedExpressionSyntax parenthesized:
                    return LooksLikeRetryCondition(parenthesized.Expression);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.LogicalNotExpression):
                    return LooksLikeRetryCondition(unary.Operand);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression):
                    return LooksLikeRetryCondition(binary.Left) && LooksLikeRetryCondition(binary.Right);
                case IdentifierNameSyntax _:
                case MemberAccessExpressionSyntax _:
                case InvocationExpressionSyntax _:
                    return true;
                default:
                    return false;
            }
        }

        private static bool HasOwnContinue(SyntaxNode loop)
        {
            foreach (var node in loop.DescendantNodes())
            {
                if (node is ContinueStatementSyntax continueStatement && LoopSyntax.LoopOfContinue(continueStatement) == loop)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The loop runs until something inside it succeeds: <c>while (true)</c>, <c>for (;;)</c>, <c>while (!acquired)</c>,
        /// <c>while (!TryAcquire())</c>, <c>while (File.Exists(lockPath))</c>. A loop over data (<c>while (reader.Read())</c>)
        /// ends when the data does, so a <c>continue</c> past an expiry test there is not a hang.
        /// </summary>
        private static bool IsRetryCondition(IOperation? condition, KnownSymbols symbols)
        {
            if (LoopBounds.IsForever(condition))
            {
                return true;
            }

            switch (IOperationExtensions.Unwrap(condition!))
            {
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    return IsRetryCondition(unary.Operand, symbols);
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalAnd || binary.OperatorKind == BinaryOperatorKind.ConditionalOr:
                    return IsRetryCondition(binary.LeftOperand, symbols) && IsRetryCondition(binary.RightOperand, symbols);
                case ILocalReferenceOperation local:
                    return local.Local.Type.SpecialType == SpecialType.System_Boolean;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Type.SpecialType == SpecialType.System_Boolean;
                case IFieldReferenceOperation field:
                    return field.Field.Type.SpecialType == SpecialType.System_Boolean;
                case IPropertyReferenceOperation property when property.Property.Parameters.Length == 0 && (property.Instance == null || property.Instance is IInstanceReferenceOperation):
                    return property.Property.Type.SpecialType == SpecialType.System_Boolean;
                case IInvocationOperation invocation:
                    return invocation.TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal) ||
                           (invocation.TargetMethod.Name == "Exists" &&
                            (KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) || KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.Directory)));
                default:
                    return false;
            }
        }

        /// <summary>The call a sleep statement makes: <c>Thread.Sleep(x)</c>, <c>await Task.Delay(x)</c>, <c>await Task.Delay(x).ConfigureAwait(false)</c>.</summary>
        private static IInvocationOperation? SleepCall(IOperation expression)
        {
            if (expression is IAwaitOperation awaited)
            {
                expression = awaited.Operation;
            }

            if (expression is IInvocationOperation configure && configure.TargetMethod.Name == "ConfigureAwait" && configure.Instance is IInvocationOperation inner)
            {
                return inner;
            }

            return expression as IInvocationOperation;
        }

        /// <summary>Statements of the loop that are just a sleep: <c>Thread.Sleep(x);</c>, <c>await Task.Delay(x);</c>.</summary>
        private static List<ExpressionStatementSyntax> SleepStatements(ILoopOperation loop, KnownSymbols symbols)
        {
            var result = new List<ExpressionStatementSyntax>();
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                if (operation is IExpressionStatementOperation statement && statement.Syntax is ExpressionStatementSyntax statementSyntax)
                {
                    var invocation = SleepCall(statement.Operation);
                    if (invocation != null && LoopSleeps.IsSleepLike(invocation, symbols))
                    {
                        result.Add(statementSyntax);
                    }
                }
            }

            return result;
        }

        /// <summary>
        /// A sleep can be copied before the <c>continue</c> when it is a framework sleep whose every name means the same
        /// there: no local declared inside the loop, and no <c>await</c> where one is not allowed.
        /// </summary>
        private static bool IsCopyable(ExpressionStatementSyntax sleep, ILoopOperation loop, ContinueStatementSyntax at, SemanticModel? model)
        {
            if (model == null || !(model.GetOperation(sleep) is IExpressionStatementOperation statement))
            {
                return false;
            }

            if (statement.Operation is IAwaitOperation && at.Ancestors().Any(a => a is LockStatementSyntax))
            {
                return false;
            }

            var invocation = SleepCall(statement.Operation);
            if (invocation == null || invocation.TargetMethod.ContainingType == null ||
                invocation.TargetMethod.ContainingType.ContainingNamespace?.ToDisplayString() is not ("System.Threading" or "System.Threading.Tasks" or "LockAnalyzers.Runtime"))
            {
                return false;
            }

            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(statement))
            {
                switch (operation)
                {
                    case ILocalReferenceOperation local:
                        var declared = local.Local.Locations.Length > 0 ? local.Local.Locations[0] : null;
                        if (declared == null || loop.Syntax.Span.Contains(declared.SourceSpan))
                        {
                            return false;
                        }

                        break;
                    case IInvalidOperation _:
                    case IDeclarationExpressionOperation _:
                    case IAssignmentOperation _:
                    case IIncrementOrDecrementOperation _:
                        return false;
                }
            }

            return !sleep.ContainsDiagnostics;
        }
    }
}
