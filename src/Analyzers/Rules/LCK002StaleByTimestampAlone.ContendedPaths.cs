using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules
{
    /// <summary>Paths a member contends for: opened with FileMode.CreateNew, or tested with File.Exists / FileInfo.Exists.</summary>
    internal sealed class ContendedPaths
    {
        private readonly HashSet<string> _keys = new HashSet<string>();
        private readonly KnownSymbols _symbols;

        public ContendedPaths(IOperation body, KnownSymbols symbols)
        {
            _symbols = symbols;
            foreach (var node in body.Descendants())
            {
                IOperation? path = null;
                if (StealFileCalls.CreatedPath(node, symbols, out var kind, out _) is IOperation created && kind == ExclusiveRewrite.Exclusive)
                {
                    path = created;
                }
                else if (node is IInvocationOperation exists && exists.TargetMethod.Name == "Exists" &&
                         KnownSymbols.Is(exists.TargetMethod.ContainingType, symbols.File) && exists.Arguments.Length == 1)
                {
                    path = exists.Arguments[0].Value;
                }
                else if (node is IPropertyReferenceOperation property && property.Property.Name == "Exists" && property.Instance != null &&
                         StealFileCalls.IsFileInfo(property.Instance.Type, symbols))
                {
                    path = property.Instance;
                }

                var key = StealFileCalls.PathKey(path, symbols);
                if (key != null)
                {
                    _keys.Add(key);
                }
            }
        }

        public bool Contains(IOperation path)
        {
            var key = StealFileCalls.PathKey(path, _symbols);
            return key != null && _keys.Contains(key);
        }
    }
}
