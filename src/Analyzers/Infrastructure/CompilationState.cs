using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What every rule needs per compilation, shared by all of them: the well-known symbols (about forty type look-ups,
    /// made on first use) and the per-tree .editorconfig words, resolved once per compilation rather than once per rule.
    /// </summary>
    internal sealed class CompilationState
    {
        private static readonly ConditionalWeakTable<Compilation, Entry> Entries = new ConditionalWeakTable<Compilation, Entry>();

        private CompilationState(KnownSymbols symbols, LockAnalyzerOptions options)
        {
            Symbols = symbols;
            Options = options;
        }

        /// <summary>Resolved on first use (see <see cref="KnownSymbols"/>); shared by every rule of the compilation.</summary>
        public KnownSymbols Symbols { get; }

        public LockAnalyzerOptions Options { get; }

        public static CompilationState Of(Compilation compilation, AnalyzerConfigOptionsProvider provider)
        {
            var entry = Entries.GetValue(compilation, c => new Entry(c));
            var symbols = entry.Symbols;

            // The same compilation may be analyzed again with other options (an IDE edit to .editorconfig): the symbols
            // still hold, the words are read anew.
            var options = Volatile.Read(ref entry.Options);
            if (options == null || !ReferenceEquals(options.Provider, provider))
            {
                options = new LockAnalyzerOptions(provider);
                Volatile.Write(ref entry.Options, options);
            }

            return new CompilationState(symbols, options);
        }

        private sealed class Entry
        {
            public readonly KnownSymbols Symbols;
            public LockAnalyzerOptions? Options;

            public Entry(Compilation compilation)
            {
                Symbols = new KnownSymbols(compilation);
            }
        }
    }
}
