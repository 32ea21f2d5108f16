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

        /// <summary>The source members and types named <paramref name="name"/>, a declarer's in declaration order, the declarers in the order the index met them.</summary>
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
        /// Names to their declarers: an open-addressing table of the names (one probe finds a name or the place to add
        /// it), each slot holding the last entry added for its name, and per entry, its declarer and the entry added
        /// before it for the same name.
        /// </summary>
        /// <remarks>
        /// Built once per compilation from every member name of every source type (about 150,000 in jellyfin + ShareX),
        /// so the build is what costs: the table hashes each name once, where a dictionary's look-up and then add hash
        /// a new name twice, and the names of a type are copied out in one call rather than enumerated.
        /// </remarks>
        private sealed class Table
        {
            // MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name.
            private const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

            private readonly string?[] _names;
            private readonly Slot[] _slots;
            private readonly List<INamespaceOrTypeSymbol> _containers;
            private readonly int[] _entryContainer;
            private readonly int[] _entryPrevious;

            private Table(string?[] names, Slot[] slots, List<INamespaceOrTypeSymbol> containers, int[] entryContainer, int[] entryPrevious)
            {
                _names = names;
                _slots = slots;
                _containers = containers;
                _entryContainer = entryContainer;
                _entryPrevious = entryPrevious;
            }

            public bool Declares(string name) => Find(_names, _slots, name, Hash(name)) >= 0;

            /// <summary>The declarers of <paramref name="name"/>, in the order they were met.</summary>
            public List<INamespaceOrTypeSymbol> DeclarersOf(string name)
            {
                var declarers = new List<INamespaceOrTypeSymbol>();
                var at = Find(_names, _slots, name, Hash(name));
                if (at >= 0)
                {
                    for (var entry = _slots[at].LastEntry; entry >= 0; entry = _entryPrevious[entry])
                    {
                        declarers.Add(_containers[_entryContainer[entry]]);
                    }

                    declarers.Reverse();
                }

                return declarers;
            }

            /// <summary>The slot holding <paramref name="name"/>, or the bitwise complement of the empty slot where it would go.</summary>
            private static int Find(string?[] names, Slot[] slots, string name, int hash)
            {
                var mask = names.Length - 1;
                for (var at = hash & mask; ; at = (at + 1) & mask)
                {
                    var held = names[at];
                    if (held == null)
                    {
                        return ~at;
                    }

                    if (slots[at].Hash == hash && (ReferenceEquals(held, name) || string.Equals(held, name)))
                    {
                        return at;
                    }
                }
            }

            private static int Hash(string name)
            {
                unchecked
                {
                    var hash = (int)2166136261;
                    foreach (var c in name)
                    {
                        hash = (hash ^ c) * 16777619;
                    }

                    return hash ^ (hash >> 15);
                }
            }

            // Run once per compilation, so never promoted by tiered compilation: compiled optimized from the start.
            [MethodImpl(AggressiveOptimization)]
            public static Table Index(INamespaceSymbol global)
            {
                // First the containers, the type names and how many member names there are, so that the arrays are
                // allocated once, at their size.
                var containers = new List<INamespaceOrTypeSymbol>();
                var memberNames = new List<ICollection<string>?>();
                var typeNames = new List<(string Name, int Container)>();
                var names = 0;
                var mostNames = 0;
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(global);
                while (pending.Count > 0)
                {
                    var container = pending.Pop();
                    var index = containers.Count;
                    containers.Add(container);
                    ICollection<string>? declared = null;
                    if (container is INamespaceSymbol ns)
                    {
                        foreach (var inner in ns.GetNamespaceMembers())
                        {
                            pending.Push(inner);
                        }
                    }
                    else if (container is INamedTypeSymbol declaring)
                    {
                        declared = declaring.MemberNames as ICollection<string> ?? new List<string>(declaring.MemberNames);
                        names += declared.Count;
                        mostNames = Math.Max(mostNames, declared.Count);
                    }

                    memberNames.Add(declared);
                    foreach (var type in container.GetTypeMembers())
                    {
                        typeNames.Add((type.Name, index));
                        pending.Push(type);
                    }
                }

                names += typeNames.Count;
                // At most two thirds full even if every name were distinct (a type's members share many names).
                var capacity = 16;
                while (capacity < names + (names >> 1))
                {
                    capacity <<= 1;
                }

                var keys = new string?[capacity];
                var slots = new Slot[capacity];
                var entryContainer = new int[names];
                var entryPrevious = new int[names];
                var buffer = new string[Math.Max(1, mostNames)];
                var count = 0;
                var nextType = 0;
                for (var index = 0; index < containers.Count; index++)
                {
                    var declared = memberNames[index];
                    var declaredCount = 0;
                    if (declared != null)
                    {
                        declared.CopyTo(buffer, 0);
                        declaredCount = declared.Count;
                    }

                    for (var i = 0; ; i++)
                    {
                        string name;
                        if (i < declaredCount)
                        {
                            name = buffer[i];
                        }
                        else if (nextType < typeNames.Count && typeNames[nextType].Container == index)
                        {
                            name = typeNames[nextType++].Name;
                        }
                        else
                        {
                            break;
                        }

                        var hash = Hash(name);
                        var at = Find(keys, slots, name, hash);
                        int previous;
                        if (at >= 0)
                        {
                            previous = slots[at].LastEntry;
                            if (entryContainer[previous] == index)
                            {
                                continue; // a nested type named like a member of its container
                            }
                        }
                        else
                        {
                            at = ~at;
                            keys[at] = name;
                            slots[at].Hash = hash;
                            previous = -1;
                        }

                        entryContainer[count] = index;
                        entryPrevious[count] = previous;
                        slots[at].LastEntry = count++;
                    }
                }

                return new Table(keys, slots, containers, entryContainer, entryPrevious);
            }

            private struct Slot
            {
                public int Hash;
                public int LastEntry;
            }
        }
    }
}
