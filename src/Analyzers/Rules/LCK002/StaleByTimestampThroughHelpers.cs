using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>
    /// LCK002 where the steal happens in a helper (<c>if (age &gt; StaleAfter) lockIo.DeleteLock(LockFilePath);</c>,
    /// <c>fileSystem.File.Delete(path)</c>): the age test is the caller's, so the call is reported there, naming the
    /// chain, with the helper's delete as additional location. No fix: the owner-dead test the fix adds has to guard
    /// the helper's delete, whose other callers may not want it.
    /// </summary>
    internal static class StaleByTimestampThroughHelpers
    {
        /// <summary>
        /// Word starts a block whose steal depends on an age holds (a clock, a time or time span, an age, staleness,
        /// expiry, a lease, or a helper named for one): checked before the block is bound. As word starts, not
        /// substrings: <c>age</c> is in every <c>Image</c> and <c>Message</c>, <c>date</c> in every <c>Update</c>.
        /// </summary>
        private static readonly string[] AgeWords = { "time", "now", "elapsed", "age", "stale", "old", "expir", "tick", "ttl", "lease", "date" };

        public static void Analyze(LockContextBlock block, EffectSummaries effects)
        {
            if (!TextHits.Of(block.Syntax.SyntaxTree).SpanMayContainWordStart(block.Syntax.Span, AgeWords))
            {
                return;
            }

            var root = block.Root;
            var owner = root == null ? null : block.Model.GetDeclaredSymbol(block.Syntax, block.CancellationToken);
            if (root == null || owner == null)
            {
                return;
            }

            var symbols = effects.Symbols;
            var recognizer = block.Recognizer;
            StaleTimestampConditions? staleness = null;
            bool? hasEvidence = null;
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (!(operation is IInvocationOperation call) || !LCK002StaleByTimestampAloneAnalyzer.HasControllingCondition(call))
                {
                    continue;
                }

                var steal = StealOf(call, effects, recognizer);
                if (steal?.Path == null)
                {
                    continue;
                }

                staleness ??= new StaleTimestampConditions(symbols, recognizer, owner);
                if (LCK002StaleByTimestampAloneAnalyzer.FirstTimestampCondition(call, steal.Path, staleness) == null)
                {
                    continue;
                }

                hasEvidence ??= OwnerEvidence.InMember(root, symbols, recognizer, owner);
                if (hasEvidence.Value)
                {
                    return;
                }

                block.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.StaleByTimestampAlone,
                    call.Syntax.GetLocation(),
                    new[] { HelperChain.SiteLocation(steal) },
                    HelperChain.PathArgument(HelperChain.PathText(steal), steal)));
            }
        }

        /// <summary>The helper's delete or move of a lock path, unless the helper first tests the owner itself (reads the lock or a process).</summary>
        private static FileEffect? StealOf(IInvocationOperation call, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            foreach (var effect in effects.EffectsAt(call))
            {
                switch (effect.Kind)
                {
                    case EffectKind.ContentRead:
                    case EffectKind.Liveness:
                        return null;
                    case EffectKind.Delete:
                    case EffectKind.Move:
                        if (effect.Path != null && recognizer.IsLockPath(effect.Path))
                        {
                            return effect;
                        }

                        break;
                }
            }

            return null;
        }
    }
}
