using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK007
{
    /// <summary>
    /// LCK007 where the delete happens in a helper (<c>Release() =&gt; DeleteFile();</c>,
    /// <c>Dispose() =&gt; lockIo.DeleteLock(LockFilePath);</c>): the release member decides to delete, so the call is
    /// reported there, naming the chain, with the helper's delete as additional location. A helper that releases by
    /// itself (a release-named member deleting its own field) is reported inside the helper, once, not at each caller.
    /// No fix: the owner-token check belongs in the release member, but the delete it guards sits in the helper.
    /// </summary>
    internal static class ReleaseThroughHelpers
    {
        public static void Analyze(LockContextBlock block, EffectSummaries effects)
        {
            var root = block.Root;
            if (root == null)
            {
                return;
            }

            var symbols = effects.Symbols;
            var recognizer = block.Recognizer;
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (!(operation is IInvocationOperation call))
                {
                    continue;
                }

                var delete = DeleteOf(call, effects, recognizer);
                if (delete?.Path == null || ReportedBelow(delete, recognizer))
                {
                    continue;
                }

                var enclosing = ReleaseContext.EnclosingMember(call.Syntax);
                if (enclosing == null)
                {
                    continue;
                }

                var release = new ReleaseContext(symbols, recognizer, block.Model, call, delete.Path, enclosing);
                var where = release.Where();
                if (where == null || release.HasOwnershipEvidence())
                {
                    continue;
                }

                block.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.ReleaseWithoutOwnershipCheck,
                    call.Syntax.GetLocation(),
                    new[] { HelperChain.SiteLocation(delete) },
                    HelperChain.PathArgument(HelperChain.PathText(delete), delete),
                    where));
            }
        }

        /// <summary>The helper's delete of a lock path, unless the helper first reads the lock (its owner check).</summary>
        private static FileEffect? DeleteOf(IInvocationOperation call, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            var readFirst = false;
            foreach (var effect in effects.EffectsAt(call))
            {
                if (effect.Kind == EffectKind.ContentRead)
                {
                    readFirst = true;
                }
                else if (effect.Kind == EffectKind.Delete && !readFirst && effect.Path != null && recognizer.IsLockPath(effect.Path))
                {
                    return effect;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether a release-named member down the chain reports the delete itself: the member holding the delete does,
        /// unless the deleted path is only its parameter (then its callers decide); one further up reports its own call.
        /// </summary>
        private static bool ReportedBelow(FileEffect delete, LockPathRecognizer recognizer)
        {
            var members = delete.Chain.Length - 1;
            for (var i = 0; i < members; i++)
            {
                var name = delete.Chain[i];
                var dot = name.LastIndexOf('.');
                if (!IsReleaseName(dot >= 0 ? name.Substring(dot + 1) : name, recognizer))
                {
                    continue;
                }

                var innermost = i == members - 1;
                if (!innermost || !recognizer.IsLockPathOnlyAsLockMemberParameter(delete.SitePath))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsReleaseName(string name, LockPathRecognizer recognizer) => ReleaseContext.IsReleaseMemberName(name, recognizer);
    }
}
