using System.Collections.Immutable;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK009
{
    /// <summary>
    /// LCK009 where the handle lock is taken by a helper and the holder keeps what the helper returns
    /// (<c>_lockFile ??= LockFile.TryAcquire(_lockFilePath);</c>, where <c>TryAcquire</c> opens the path with
    /// <c>FileShare.None</c> and wraps the stream): the holder keeps the lock for its life, so it is reported at the call,
    /// naming the chain, with the helper's open as additional location. No fix: the watch needs the handle itself, which
    /// the wrapper hides.
    /// </summary>
    internal static class HandleKeptThroughHelpers
    {
        public static void Analyze(LockContextBlock block, EffectSummaries effects, LCK009HandleLockPathNotWatched.TypeWatchCache watchers)
        {
            var root = block.Root;
            if (root == null)
            {
                return;
            }

            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (!(operation is IInvocationOperation call) || call.TargetMethod.DeclaringSyntaxReferences.IsEmpty ||
                    call.TargetMethod.ReturnsVoid || call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean)
                {
                    continue;
                }

                var field = KeptIn(call);
                if (field?.ContainingType == null || LCK009HandleLockPathNotWatched.ClosedLaterInSameMember(call.Syntax, field))
                {
                    continue;
                }

                var open = HandleLockOf(call, effects, block.Recognizer);
                if (open?.Path == null ||
                    watchers.Watches(field, block.CancellationToken) ||
                    watchers.WatchesType(call.TargetMethod.ContainingType, block.CancellationToken) ||
                    call.TargetMethod.ReturnType is INamedTypeSymbol returned && watchers.WatchesType(returned, block.CancellationToken))
                {
                    continue;
                }

                block.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.HandleLockPathNotWatched,
                    call.Syntax.GetLocation(),
                    new[] { HelperChain.SiteLocation(open) },
                    HelperChain.PathArgument(HelperChain.PathText(open), open),
                    field.Name));
            }
        }

        /// <summary>The helper's open of a lock path with <c>FileShare.None</c>.</summary>
        private static FileEffect? HandleLockOf(IInvocationOperation call, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            foreach (var effect in effects.EffectsAt(call))
            {
                if (effect.Kind == EffectKind.HandleLock && effect.IsThroughCall && effect.Path != null && recognizer.IsLockPath(effect.Path))
                {
                    return effect;
                }
            }

            return null;
        }

        /// <summary>The field the call's result is stored in: an assignment statement (also <c>??=</c>) or an initializer.</summary>
        private static ISymbol? KeptIn(IInvocationOperation call)
        {
            var parent = call.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            if (parent is ICoalesceAssignmentOperation coalesce && coalesce.Parent is IExpressionStatementOperation &&
                coalesce.Target is IFieldReferenceOperation field && (field.Instance == null || field.Instance is IInstanceReferenceOperation))
            {
                return field.Field;
            }

            return LCK009HandleLockPathNotWatched.KeptIn(call);
        }
    }
}
