using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The compilation's source members (fields and events included) and types by name, from one pass over the
    /// declaration table on first use: a look-up by name searches every declaration each time, and a large solution asks
    /// for thousands of names (the helpers a block may call, the implementations of an interface member, what a lock word
    /// in a block's text names).
    /// </summary>
    internal sealed class SourceNames
    {
        private static readonly ISymbol[] None = new ISymbol[0];
        private readonly Lazy<Dictionary<string, List<ISymbol>>> _byName;

        public SourceNames(Compilation compilation)
        {
            _byName = new Lazy<Dictionary<string, List<ISymbol>>>(() => Index(compilation));
        }

        /// <summary>The source members and types named <paramref name="name"/>, in declaration-table order.</summary>
        public IReadOnlyList<ISymbol> Named(string name) =>
            _byName.Value.TryGetValue(name, out var named) ? (IReadOnlyList<ISymbol>)named : None;

        private static Dictionary<string, List<ISymbol>> Index(Compilation compilation)
        {
            var byName = new Dictionary<string, List<ISymbol>>(StringComparer.Ordinal);
            foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member | SymbolFilter.Type))
            {
                if (!byName.TryGetValue(symbol.Name, out var list))
                {
                    byName[symbol.Name] = list = new List<ISymbol>(1);
                }

                list.Add(symbol);
            }

            return byName;
        }
    }
}
