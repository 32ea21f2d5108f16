using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// A large code base declares tens of thousands of member names (74,000 in jellyfin + ShareX), so the index
    /// allocates nothing per name: each name has a slot holding its last declarer's entry in one array of entries, and
    /// each entry points to the one before it of the same name.
    /// </remarks>
    internal sealed class SourceNames
    {
        private static readonly ISymbol[] None = new ISymbol[0];
        private readonly Lazy<Table> _declarers;
        private readonly ConcurrentDictionary<string, ISymbol[]> _named = new ConcurrentDictionary<string, ISymbol[]>(StringComparer.Ordinal);
        private readonly Func<string, ISymbol[]> _resolve;

        public SourceNames(Compilation compilation)
        {
            _declarers = new Lazy<Table>(() => Table.Index(compilation.Assembly.GlobalNamespace));
            _resolve = Resolve;
        }

        /// <summary>The source members and types named <paramref name="name"/>, in declaration order.</summary>
        public IReadOnlyList<ISymbol> Named(string name)
        {
            if (_named.TryGetValue(name, out var known))
            {
                return known;
            }

            return _declarers.Value.Declares(name) ? _named.GetOrAdd(name, _resolve) : None;
        }

        private ISymbol[] Resolve(string name)
        {
            var found = new List<ISymbol>();
            foreach (var declarer in _declarers.Value.DeclarersOf(name))
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

        /// <summary>
        /// Names to their declarers: per name, a slot holding the last entry added, and per entry, its declarer and the
        /// entry added before it for the same name. A name met again costs one look-up: its slot is updated in place.
        /// </summary>
        private sealed class Table
        {
            // MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name.
            private const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

            private readonly Dictionary<string, int> _slots;
            private readonly int[] _lastEntry;
            private readonly List<INamespaceOrTypeSymbol> _containers;
            private readonly int[] _entryContainer;
            private readonly int[] _entryPrevious;

            private Table(Dictionary<string, int> slots, int[] lastEntry, List<INamespaceOrTypeSymbol> containers, int[] entryContainer, int[] entryPrevious)
            {
                _slots = slots;
                _lastEntry = lastEntry;
                _containers = containers;
                _entryContainer = entryContainer;
                _entryPrevious = entryPrevious;
            }

            public bool Declares(string name) => _slots.ContainsKey(name);

            /// <summary>The declarers of <paramref name="name"/>, in the order they were met.</summary>
            public List<INamespaceOrTypeSymbol> DeclarersOf(string name)
            {
                var declarers = new List<INamespaceOrTypeSymbol>();
                if (_slots.TryGetValue(name, out var slot))
                {
                    for (var entry = _lastEntry[slot]; entry >= 0; entry = _entryPrevious[entry])
                    {
                        declarers.Add(_containers[_entryContainer[entry]]);
                    }

                    declarers.Reverse();
                }

                return declarers;
            }

            // Run once per compilation, so never promoted by tiered compilation: compiled optimized from the start.
            [MethodImpl(AggressiveOptimization)]
            public static Table Index(INamespaceSymbol global)
            {
                // First the containers, the type names and how many member names there are, so that the arrays and
                // the dictionary are allocated once, at their size.
                var containers = new List<INamespaceOrTypeSymbol>();
                var typeNames = new List<(string Name, int Container)>();
                var names = 0;
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(global);
                while (pending.Count > 0)
                {
                    var container = pending.Pop();
                    var index = containers.Count;
                    containers.Add(container);
                    if (container is INamespaceSymbol ns)
                    {
                        foreach (var inner in ns.GetNamespaceMembers())
                        {
                            pending.Push(inner);
                        }
                    }
                    else if (container is INamedTypeSymbol declaring)
                    {
                        names += declaring.MemberNames is ICollection<string> memberNames ? memberNames.Count : 8;
                    }

                    foreach (var type in container.GetTypeMembers())
                    {
                        typeNames.Add((type.Name, index));
                        pending.Push(type);
                    }
                }

                names += typeNames.Count;
                var slots = new Dictionary<string, int>(names, StringComparer.Ordinal);
                var lastEntry = new int[names];
                var entryContainer = new int[names];
                var entryPrevious = new int[names];
                var count = 0;
                var nextType = 0;
                for (var index = 0; index < containers.Count; index++)
                {
                    var memberNames = containers[index] is INamedTypeSymbol declaring ? declaring.MemberNames : Array.Empty<string>();
                    using (var members = memberNames.GetEnumerator())
                    {
                        while (true)
                        {
                            string name;
                            if (members.MoveNext())
                            {
                                name = members.Current;
                            }
                            else if (nextType < typeNames.Count && typeNames[nextType].Container == index)
                            {
                                name = typeNames[nextType++].Name;
                            }
                            else
                            {
                                break;
                            }

                            int previous;
                            if (slots.TryGetValue(name, out var slot))
                            {
                                previous = lastEntry[slot];
                                if (entryContainer[previous] == index)
                                {
                                    continue;
                                }
                            }
                            else
                            {
                                slot = slots.Count;
                                slots.Add(name, slot);
                                previous = -1;
                                if (slot == lastEntry.Length)
                                {
                                    Array.Resize(ref lastEntry, slot * 2 + 16);
                                }
                            }

                            if (count == entryContainer.Length)
                            {
                                Array.Resize(ref entryContainer, count * 2 + 16);
                                Array.Resize(ref entryPrevious, count * 2 + 16);
                            }

                            entryContainer[count] = index;
                            entryPrevious[count] = previous;
                            lastEntry[slot] = count++;
                        }
                    }
                }

                return new Table(slots, lastEntry, containers, entryContainer, entryPrevious);
            }
        }
    }
}
