using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>Paths a member contends for: opened with FileMode.CreateNew, or tested with File.Exists / FileInfo.Exists.</summary>
    internal sealed class ContendedPaths
    {
        private readonly HashSet<string> _keys = new HashSet<string>();
        private readonly KnownSymbols _symbols;

        public ContendedPaths(IOperation body, KnownSymbols symbols)
        {
            _symbols = symbols;
            foreach (var node in IOperationExtensions.DescendantsOf(body))
            {
                IOperation? path = null;
                if (FileCalls.TryGetCreate(node, symbols, out var create) && create.Kind == CreateKind.Exclusive && create.Path is IOperation created)
                {
                    path = created;
                }
                else if (node is IInvocationOperation exists && exists.TargetMethod.Name == "Exists" &&
                         KnownSymbols.Is(exists.TargetMethod.ContainingType, symbols.File) && exists.Arguments.Length == 1)
                {
                    path = exists.Arguments[0].Value;
                }
                else if (node is IPropertyReferenceOperation property && property.Property.Name == "Exists" && property.Instance != null &&
                         FileCalls.IsFileInfo(property.Instance.Type, symbols))
                {
                    path = property.Instance;
                }

                var key = PathIdentity.KeyOf(path, symbols);
                if (key != null)
                {
                    _keys.Add(key);
                }
            }
        }

        public bool Contains(IOperation path)
        {
            var key = PathIdentity.KeyOf(path, _symbols);
            return key != null && _keys.Contains(key);
        }
    }
}
