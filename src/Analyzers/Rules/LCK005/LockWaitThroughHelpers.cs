using System.Collections.Immutable;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.LoopFamily;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK005
{
    /// <summary>
    /// LCK005 for a loop that waits through a call: <c>while (!TryAcquireLock()) Thread.Sleep(100);</c>,
    /// <c>while (true) { if (lockIo.TryCreate(path)) return; … }</c> (a bool member that attempts a create of a lock and
    /// returns whether it won), or <c>while (IsLocked) …</c> (a bool member that is an existence test of a lock).
    /// The loop is the caller's, so the fix (a deadline in the loop) is offered as for a loop that waits by itself.
    /// </summary>
    internal static class LockWaitThroughHelpers
    {
        public static void Analyze(LockContextBlock block, EffectSummaries effects)
        {
            var root = block.Root;
            if (root == null)
            {
                return;
            }

            var symbols = effects.Symbols;
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (!(operation is ILoopOperation loop) || loop is IForEachLoopOperation || loop.Body == null ||
                    LCK005LockWaitWithoutDeadlineAnalyzer.IsCandidateSyntax(loop.Syntax) &&
                    LCK005LockWaitWithoutDeadlineAnalyzer.WaitedLockPath(loop, symbols, block.Recognizer) != null)
                {
                    // A loop that waits by itself is the rule's own analysis.
                    continue;
                }

                var waited = WaitedThroughCall(loop, effects, block.Recognizer);
                if (waited?.Path == null)
                {
                    continue;
                }

                var counters = LoopBounds.CountersOf(loop);
                var bounded = LoopBounds.IsBounded(loop, symbols, counters, out var byCounter);
                var sleeps = LoopSleeps.HasSleep(loop, symbols) || SleepsThroughCall(loop, effects);
                string reason;
                string text;
                if (!bounded)
                {
                    reason = sleeps ? LCK005LockWaitWithoutDeadlineAnalyzer.Unbounded : LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedSpin;
                    text = sleeps ? LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedText : LCK005LockWaitWithoutDeadlineAnalyzer.UnboundedSpinText;
                }
                else if (!sleeps && !byCounter)
                {
                    reason = LCK005LockWaitWithoutDeadlineAnalyzer.Spin;
                    text = LCK005LockWaitWithoutDeadlineAnalyzer.SpinText;
                }
                else
                {
                    continue;
                }

                block.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.LockWaitWithoutDeadline,
                    LoopSyntax.KeywordLocation(loop.Syntax),
                    new[] { HelperChain.SiteLocation(waited) },
                    ImmutableDictionary<string, string?>.Empty.Add(LCK005LockWaitWithoutDeadlineAnalyzer.ReasonKey, reason),
                    HelperChain.PathArgument(HelperChain.PathText(waited), waited),
                    text));
            }
        }

        /// <summary>
        /// The lock a loop waits for through a call whose result decides whether it goes round again: a bool member
        /// that tests the lock's existence, or one that attempts to create the lock and returns whether it won.
        /// </summary>
        private static FileEffect? WaitedThroughCall(ILoopOperation loop, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop))
            {
                if (!(operation is IInvocationOperation || operation is IPropertyReferenceOperation) || !DecidesLoop(operation, loop))
                {
                    continue;
                }

                if (effects.TryGetReturnedTest(operation, out var test, out _) && test?.Path != null && recognizer.IsLockPath(test.Path))
                {
                    return test;
                }

                if (operation is IInvocationOperation call &&
                    (call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean || call.TargetMethod.ReturnType.IsReferenceType))
                {
                    foreach (var effect in effects.EffectsAt(call))
                    {
                        if ((effect.Kind == EffectKind.CreateExclusive || effect.Kind == EffectKind.HandleLock || effect.Kind == EffectKind.CreateOverwrite) &&
                            effect.Path != null && recognizer.IsLockPath(effect.Path))
                        {
                            return effect;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The value is (part of) the loop's condition, or of an if in the body that leaves the loop, directly or through
        /// the local it is stored in (<c>var l = TryAcquire(path); if (l != null) return l;</c>).
        /// </summary>
        private static bool DecidesLoop(IOperation operation, ILoopOperation loop)
        {
            if (Decides(operation, loop))
            {
                return true;
            }

            var stored = StoredIn(operation);
            if (stored == null)
            {
                return false;
            }

            foreach (var use in IOperationExtensions.DescendantsAndSelfNoLambdas(loop))
            {
                if (use is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, stored) &&
                    !(use.Parent is IAssignmentOperation assignment && assignment.Target == use) && Decides(use, loop))
                {
                    return true;
                }
            }

            return false;
        }

        private static ILocalSymbol? StoredIn(IOperation value)
        {
            var parent = value.Parent;
            while (parent is IConversionOperation || parent is IAwaitOperation)
            {
                parent = parent.Parent;
            }

            return parent switch
            {
                IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator => declarator.Symbol,
                ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation local => local.Local,
                _ => null,
            };
        }

        private static bool Decides(IOperation operation, ILoopOperation loop)
        {
            var condition = LoopBounds.ConditionOf(loop);
            for (var current = operation; current != null && current != loop; current = current.Parent)
            {
                if (current == condition)
                {
                    return true;
                }

                if (current.Parent is IConditionalOperation conditional && conditional.Condition == current &&
                    (LoopBounds.ExitsLoop(conditional.WhenTrue, loop) || LoopBounds.ExitsLoop(conditional.WhenFalse, loop)))
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>A helper the loop calls that sleeps counts as the loop's sleep.</summary>
        private static bool SleepsThroughCall(ILoopOperation loop, EffectSummaries effects)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                if (operation is IInvocationOperation call && !call.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
                {
                    foreach (var effect in effects.EffectsOfCall(call))
                    {
                        if (effect.Kind == EffectKind.Sleep)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
