using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK003
{
    /// <summary>
    /// The creates of one deleted lock path in a member, found once by the one analysis that the LCK003 analyzer
    /// (is a create reachable after the delete?) and its fix (can every one of them be made exclusive?) both read:
    /// the member's own creates of the path, and calls of same-type helpers that create it (one call deep).
    /// </summary>
    internal sealed class CreatesOfPath
    {
        private CreatesOfPath(List<PathCreate> creates)
        {
            Creates = creates;
        }

        public IReadOnlyList<PathCreate> Creates { get; }

        /// <summary>The creates in <paramref name="body"/> of the path whose <see cref="PathIdentity"/> key is <paramref name="key"/>.</summary>
        public static CreatesOfPath Find(IOperation body, string key, KnownSymbols symbols, ISymbol owningSymbol)
        {
            var creates = new List<PathCreate>();
            foreach (var operation in IOperationExtensions.DescendantsOf(body))
            {
                if (FileCalls.TryGetCreate(operation, symbols, out var create) && PathIdentity.KeyOf(create.Path, symbols) == key)
                {
                    creates.Add(new PathCreate(operation, create, null));
                    continue;
                }

                if (operation is IInvocationOperation call && HelperCreates(call, key, symbols, owningSymbol) is { } inHelper)
                {
                    creates.Add(new PathCreate(operation, null, inHelper));
                }
            }

            return new CreatesOfPath(creates);
        }

        /// <summary>The creates of the path in the same-type helper <paramref name="call"/> calls (not the member itself), or null when it has none.</summary>
        private static List<FileCreate>? HelperCreates(IInvocationOperation call, string key, KnownSymbols symbols, ISymbol owningSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, owningSymbol.OriginalDefinition))
            {
                return null;
            }

            var helper = SameTypeHelpers.BodyOf(call, owningSymbol);
            if (helper == null)
            {
                return null;
            }

            List<FileCreate>? found = null;
            foreach (var operation in IOperationExtensions.DescendantsOf(helper))
            {
                if (FileCalls.TryGetCreate(operation, symbols, out var create) &&
                    PathIdentity.KeyOf(SameTypeHelpers.MapToCallSite(FileCalls.PathOfFileInfo(create.Path, symbols), call), symbols) == key)
                {
                    (found ??= new List<FileCreate>()).Add(create);
                }
            }

            return found;
        }
    }
}
