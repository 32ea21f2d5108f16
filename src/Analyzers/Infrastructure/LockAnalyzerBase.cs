using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Shared set-up for every LockAnalyzers rule: concurrent, generated code skipped, well-known symbols and
    /// options resolved once per compilation, and callbacks that name the rule, file and line if they ever crash.
    /// </summary>
    public abstract class LockAnalyzerBase : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = KnownSymbols.TryCreate(start.Compilation);
                if (symbols == null)
                {
                    return;
                }

                var options = new LockAnalyzerOptions(start.Options.AnalyzerConfigOptionsProvider);
                OnCompilationStart(new LockCompilationContext(start, symbols, options, RuleName));
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
