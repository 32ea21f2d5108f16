using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The .editorconfig options of LockAnalyzers, read once per syntax tree and cached for the compilation.
    /// <c>lock_analyzers.lock_path_words = journal, claim</c> adds words that make a name a lock path.
    /// </summary>
    internal sealed class LockAnalyzerOptions
    {
        public const string LockPathWordsKey = "lock_analyzers.lock_path_words";

        private readonly AnalyzerConfigOptionsProvider _provider;

        /// <summary>The options provider these words were read from.</summary>
        public AnalyzerConfigOptionsProvider Provider => _provider;
        private readonly ConcurrentDictionary<SyntaxTree, LockPathRecognizer> _byTree = new ConcurrentDictionary<SyntaxTree, LockPathRecognizer>();

        // Trees with the same words share one recognizer, and with it what it has learned of the compilation's members.
        private readonly ConcurrentDictionary<string, LockPathRecognizer> _byWords = new ConcurrentDictionary<string, LockPathRecognizer>(StringComparer.Ordinal);

        private readonly Func<SyntaxTree, LockPathRecognizer> _read;

        public LockAnalyzerOptions(AnalyzerConfigOptionsProvider provider)
        {
            _provider = provider;
            _read = tree => ForWords(ReadExtraWords(_provider.GetOptions(tree)));
        }

        // Asked by every rule for every tree: the known answer is read without the dictionary's lock or a new delegate.
        public LockPathRecognizer GetRecognizer(SyntaxTree tree) =>
            _byTree.TryGetValue(tree, out var known) ? known : _byTree.GetOrAdd(tree, _read);

        // Most trees have no extra words: their recognizer is found without building its key or a delegate.
        private static readonly Func<string, LockPathRecognizer> NoExtraWords = _ => new LockPathRecognizer(ImmutableHashSet<string>.Empty);

        private LockPathRecognizer ForWords(ImmutableHashSet<string> extraWords) =>
            extraWords.Count == 0 ? _byWords.GetOrAdd(string.Empty, NoExtraWords) : _byWords.GetOrAdd(string.Join(",", extraWords.OrderBy(w => w, StringComparer.Ordinal)), _ => new LockPathRecognizer(extraWords));

        internal static ImmutableHashSet<string> ReadExtraWords(AnalyzerConfigOptions options)
        {
            if (!options.TryGetValue(LockPathWordsKey, out var raw) || string.IsNullOrWhiteSpace(raw))
            {
                return ImmutableHashSet<string>.Empty;
            }

            var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in raw.Split(new[] { ',', ' ', ';', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                builder.Add(part.Trim().ToLowerInvariant());
            }

            return builder.ToImmutable();
        }
    }
}
