using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Shared set-up for every LockAnalyzers rule: concurrent, generated code skipped, well-known symbols and
    /// options resolved once per compilation (on first use), callbacks that do nothing without System.IO, and callbacks
    /// that name the rule, file and line if they ever crash.
    /// </summary>
    public abstract class LockAnalyzerBase : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                // Nothing is resolved here: the symbols are looked up by the first callback that needs them, and every
                // callback bails out when the compilation has no System.IO.File.
                var shared = CompilationState.Of(start.Compilation, start.Options.AnalyzerConfigOptionsProvider);
                OnCompilationStart(new LockCompilationContext(start, shared.Symbols, shared.Options, RuleName));
            });
        }

        /// <summary>The rule(s) this analyzer reports, used to name a crash.</summary>
        private string RuleName
        {
            get
            {
                var ids = SupportedDiagnostics.IsDefaultOrEmpty ? ImmutableArray<string>.Empty : SupportedDiagnostics.Select(d => d.Id);
                return string.Join("/", ids) + " (" + GetType().Name + ")";
            }
        }

        internal abstract void OnCompilationStart(LockCompilationContext context);
    }

    internal static class ImmutableArrayExtensions
    {
        public static ImmutableArray<TResult> Select<T, TResult>(this ImmutableArray<T> source, Func<T, TResult> selector)
        {
            var builder = ImmutableArray.CreateBuilder<TResult>(source.Length);
            foreach (var item in source)
            {
                builder.Add(selector(item));
            }

            return builder.MoveToImmutable();
        }
    }
}
