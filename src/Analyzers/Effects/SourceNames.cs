using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The compilation's source members (fields and events included) and types by name. A look-up by name in the
    /// declaration table searches every declaration each time, and a large solution asks for thousands of names (the
    /// helpers a block may call, the implementations of an interface member, what a lock word in a block's text names);
    /// listing every symbol once creates every member of every type. So the index holds, per name, only the namespaces
    /// and types that declare it (from their member names, built without creating members), and a name's symbols are
    /// created on its first look-up and kept.
    /// </summary>
    internal sealed class SourceNames
    {
        private static readonly ISymbol[] None = new ISymbol[0];
        private readonly Lazy<Dictionary<string, List<INamespaceOrTypeSymbol>>> _declarers;
        private readonly ConcurrentDictionary<string, ISymbol[]> _named = new ConcurrentDictionary<string, ISymbol[]>(StringComparer.Ordinal);
        private readonly Func<string, ISymbol[]> _resolve;

        public SourceNames(Compilation compilation)
        {
            _declarers = new Lazy<Dictionary<string, List<INamespaceOrTypeSymbol>>>(() => Index(compilation.Assembly.GlobalNamespace));
            _resolve = Resolve;
        }

        /// <summary>The source members and types named <paramref name="name"/>, in declaration order.</summary>
        public IReadOnlyList<ISymbol> Named(string name) =>
            _declarers.Value.ContainsKey(name) ? _named.GetOrAdd(name, _resolve) : None;

        private ISymbol[] Resolve(string name)
        {
            var found = new List<ISymbol>();
            foreach (var declarer in _declarers.Value[name])
            {
                foreach (var member in declarer.GetMembers(name))
                {
                    if (!(member is INamespaceSymbol) && !member.IsImplicitlyDeclared)
                    {
                        found.Add(member);
                    }
                }
            }

            return found.Count == 0 ? None : found.ToArray();
        }

        private static Dictionary<string, List<INamespaceOrTypeSymbol>> Index(INamespaceSymbol global)
        {
            var byName = new Dictionary<string, List<INamespaceOrTypeSymbol>>(StringComparer.Ordinal);
            void Add(string name, INamespaceOrTypeSymbol declarer)
            {
                if (!byName.TryGetValue(name, out var list))
                {
                    byName[name] = list = new List<INamespaceOrTypeSymbol>(1);
                }

                if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], declarer))
                {
                    list.Add(declarer);
                }
            }

            var containers = new Stack<INamespaceOrTypeSymbol>();
            containers.Push(global);
            while (containers.Count > 0)
            {
                var container = containers.Pop();
                if (container is INamespaceSymbol ns)
                {
                    foreach (var inner in ns.GetNamespaceMembers())
                    {
                        containers.Push(inner);
                    }
                }
                else if (container is INamedTypeSymbol declaring)
                {
                    foreach (var name in declaring.MemberNames)
                    {
                        Add(name, declaring);
                    }
                }

                foreach (var type in container.GetTypeMembers())
                {
                    Add(type.Name, container);
                    containers.Push(type);
                }
            }

            return byName;
        }
    }
}
