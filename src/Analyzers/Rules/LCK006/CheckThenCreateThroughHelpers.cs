using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>
    /// LCK006 where the create happens in a helper (<c>if (!lockIo.LockExists(p)) lockIo.WriteLock(p, pid);</c>): the
    /// call that creates is where the user decided, so it is reported there, naming the chain, with the helper's create
    /// as additional location. No fix: the helper may have other callers that want its overwrite.
    /// </summary>
    internal static class CheckThenCreateThroughHelpers
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
                if (!(operation is IInvocationOperation || operation is IObjectCreationOperation) || !ExistenceGuard.MayExist(operation.Syntax))
                {
                    continue;
                }

                var create = CreateOf(operation, effects, block.Recognizer);
                if (create == null || create.Path == null || LCK006CheckThenCreateAnalyzer.IsSerialized(operation, create.Path, symbols))
                {
                    continue;
                }

                if (!ExistenceGuard.TryFind(symbols, effects, block.Model, operation.Syntax, create.Path, out var test, out _) || test == null)
                {
                    continue;
                }

                block.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.CheckThenCreate,
                    operation.Syntax.GetLocation(),
                    new[] { HelperChain.SiteLocation(create) },
                    HelperChain.PathArgument(HelperChain.PathText(create), create)));
            }
        }

        /// <summary>
        /// The helper's first create of a lock path, when it is an overwrite and the helper neither tests nor creates
        /// that path exclusively before it (a helper that checks and creates by itself is reported inside the helper).
        /// </summary>
        private static FileEffect? CreateOf(IOperation call, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            FileEffect? found = null;
            foreach (var effect in effects.EffectsAt(call))
            {
                if (found == null)
                {
                    if ((effect.Kind == EffectKind.CreateOverwrite || (effect.Kind == EffectKind.HandleLock && TransientHandle.Is(effect.Site))) &&
                        recognizer.IsLockPath(effect.Path))
                    {
                        found = effect;
                    }
                    else if (effect.Kind == EffectKind.Exists || effect.Kind == EffectKind.CreateExclusive || effect.Kind == EffectKind.HandleLock)
                    {
                        // Checked or created exclusively inside: the helper decides, not this call.
                        return null;
                    }
                }
            }

            return found;
        }
    }
}
