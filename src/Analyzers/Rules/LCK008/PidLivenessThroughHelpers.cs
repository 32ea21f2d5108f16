using System.Collections.Generic;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK008
{
    /// <summary>
    /// LCK008 where the liveness test is a helper (<c>PidManager.IsProcessRunning(pid)</c> built on
    /// <c>Process.GetProcessById</c> or <c>GetProcesses().FirstOrDefault(p =&gt; p.Id == pid)</c>) called with a pid read
    /// from the lock, here or by another helper (<c>PidManager.ReadPid()</c>). Reported at the call that trusts the
    /// answer, naming the chain, with the helper's process look-up as additional location. No fix: the start-time
    /// comparison belongs in the helper, which other callers share.
    /// </summary>
    internal static class PidLivenessThroughHelpers
    {
        /// <summary>
        /// Text a block that tests a process through a helper holds (the pid, the process, or the helper's name for the
        /// answer): checked before the block is bound.
        /// </summary>
        private static readonly string[] LivenessWords = { "pid", "process", "running", "alive", "exited", "owner" };

        public static void Analyze(LockContextBlock block, EffectSummaries effects)
        {
            var symbols = effects.Symbols;
            if (symbols.Process == null || !TextHits.Of(block.Syntax.SyntaxTree).SpanMayContain(block.Syntax.Span, LivenessWords))
            {
                return;
            }

            var root = block.Root;
            if (root == null)
            {
                return;
            }

            bool? changesLock = null;
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (!(operation is IInvocationOperation call) || call.TargetMethod.DeclaringSyntaxReferences.IsEmpty || call.Arguments.Length == 0)
                {
                    continue;
                }

                var liveness = LivenessOf(call, effects);
                if (liveness == null)
                {
                    continue;
                }

                IOperation? lockPath = null;
                foreach (var argument in call.Arguments)
                {
                    lockPath = LCK008PidOnlyLivenessAnalyzer.LockContentSource(
                        argument.Value, root, symbols, block.Recognizer, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);
                    if (lockPath != null)
                    {
                        break;
                    }
                }

                if (lockPath == null || LCK008PidOnlyLivenessAnalyzer.ChecksIdentityBeyondPid(root, symbols) || !(changesLock ??= ChangesLock(root, effects)))
                {
                    continue;
                }

                block.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticCatalogue.PidOnlyLiveness,
                    call.Syntax.GetLocation(),
                    new[] { HelperChain.SiteLocation(liveness) },
                    HelperChain.PathArgument(IOperationExtensions.Unwrap(lockPath).Syntax.ToString(), liveness)));
            }
        }

        /// <summary>
        /// Whether the member acts on the lock (creates, takes, deletes or moves a file, itself or through helpers): a
        /// member that only prints whether the owner runs (a <c>status</c> command) trusts the pid for nothing.
        /// </summary>
        private static bool ChangesLock(IOperation root, EffectSummaries effects)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(root))
            {
                if (!(operation is IInvocationOperation || operation is IObjectCreationOperation))
                {
                    continue;
                }

                var direct = DirectEffects.Of(operation, effects.Symbols);
                if (direct != null ? ChangesLock(direct.Kind) : AnyChangesLock(effects.EffectsOfCall(operation)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AnyChangesLock(IEnumerable<FileEffect> found)
        {
            foreach (var effect in found)
            {
                if (ChangesLock(effect.Kind))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ChangesLock(EffectKind kind) =>
            kind == EffectKind.CreateOverwrite || kind == EffectKind.CreateExclusive || kind == EffectKind.HandleLock ||
            kind == EffectKind.Delete || kind == EffectKind.Move;

        /// <summary>The helper's pid-only process look-up: one whose member compares nothing but the pid.</summary>
        private static FileEffect? LivenessOf(IInvocationOperation call, EffectSummaries effects)
        {
            foreach (var effect in effects.EffectsOfCall(call))
            {
                if (effect.Kind != EffectKind.Liveness)
                {
                    continue;
                }

                var member = effects.MemberOperationOf(effect.Site);
                if (member != null && !LCK008PidOnlyLivenessAnalyzer.ChecksIdentityBeyondPid(member, effects.Symbols))
                {
                    return effect;
                }
            }

            return null;
        }
    }
}
