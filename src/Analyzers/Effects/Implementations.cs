using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The implementations and overrides, in the compilation's own source, of its interface, abstract and virtual
    /// methods (accessors included). Built on first use by one walk over the source types' symbols (no binding).
    /// Only members declared in source are keys: a framework interface's implementations (every Dispose) say nothing.
    /// </summary>
    internal sealed class Implementations
    {
        private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _byMember = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);

        public Implementations(Compilation compilation)
        {
            var types = new Stack<INamespaceOrTypeSymbol>();
            types.Push(compilation.Assembly.GlobalNamespace);
            while (types.Count > 0)
            {
                var current = types.Pop();
                foreach (var member in current.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol nested)
                    {
                        types.Push(nested);
                    }
                }

                if (current is INamedTypeSymbol type && (type.TypeKind == TypeKind.Class || type.TypeKind == TypeKind.Struct))
                {
                    Add(type);
                }
            }
        }

        public IReadOnlyList<IMethodSymbol> Of(IMethodSymbol member) =>
            _byMember.TryGetValue(member.OriginalDefinition, out var list) ? list : (IReadOnlyList<IMethodSymbol>)ImmutableArray<IMethodSymbol>.Empty;

        private void Add(INamedTypeSymbol type)
        {
            foreach (var member in type.GetMembers())
            {
                if (!(member is IMethodSymbol method) || method.IsAbstract || method.DeclaringSyntaxReferences.IsEmpty)
                {
                    continue;
                }

                for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                {
                    AddIfSource(overridden, method);
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (@interface.DeclaringSyntaxReferences.IsEmpty)
                {
                    continue;
                }

                foreach (var member in @interface.GetMembers())
                {
                    if (member is IMethodSymbol interfaceMethod &&
                        type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation &&
                        !implementation.DeclaringSyntaxReferences.IsEmpty)
                    {
                        AddIfSource(interfaceMethod, implementation);
                    }
                }
            }
        }

        private void AddIfSource(IMethodSymbol member, IMethodSymbol implementation)
        {
            var key = member.OriginalDefinition;
            if (key.DeclaringSyntaxReferences.IsEmpty)
            {
                return;
            }

            if (!_byMember.TryGetValue(key, out var list))
            {
                list = new List<IMethodSymbol>();
                _byMember.Add(key, list);
            }

            list.Add(implementation.OriginalDefinition);
        }
    }
}
