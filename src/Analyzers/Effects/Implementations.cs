using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The implementations and overrides, in the compilation's own source, of its interface, abstract and virtual
    /// methods (accessors included), found on first ask by name in the declaration table (<see cref="SourceNames"/>: no walk over every
    /// type, no binding) and kept. Only members declared in source are asked about: a framework interface's implementations
    /// (every Dispose) say nothing.
    /// </summary>
    internal sealed class Implementations
    {
        private readonly SourceNames _names;
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IMethodSymbol>> _byMember =
            new ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IMethodSymbol>>(SymbolEqualityComparer.Default);

        public Implementations(SourceNames names)
        {
            _names = names;
        }

        public IReadOnlyList<IMethodSymbol> Of(IMethodSymbol member) => _byMember.GetOrAdd(member.OriginalDefinition, Find);

        private IReadOnlyList<IMethodSymbol> Find(IMethodSymbol member)
        {
            var found = new List<IMethodSymbol>();
            var property = member.AssociatedSymbol as IPropertySymbol;
            var name = property?.Name ?? member.Name;
            foreach (var symbol in _names.Named(name))
            {
                var candidate = symbol switch
                {
                    IMethodSymbol method when property == null => method,
                    IPropertySymbol other when property != null => other.GetMethod,
                    _ => null,
                };
                if (candidate == null || candidate.IsAbstract || candidate.DeclaringSyntaxReferences.IsEmpty ||
                    SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, member))
                {
                    continue;
                }

                if (Implements(candidate, member))
                {
                    found.Add(candidate.OriginalDefinition);
                }
            }

            return found;
        }

        private static bool Implements(IMethodSymbol candidate, IMethodSymbol member)
        {
            for (var overridden = candidate.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
                {
                    return true;
                }
            }

            var type = candidate.ContainingType;
            if (member.ContainingType?.TypeKind != TypeKind.Interface || type == null)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, member.ContainingType.OriginalDefinition))
                {
                    continue;
                }

                foreach (var interfaceMember in @interface.GetMembers(member.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(interfaceMember.OriginalDefinition, member) &&
                        SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMember)?.OriginalDefinition, candidate.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
