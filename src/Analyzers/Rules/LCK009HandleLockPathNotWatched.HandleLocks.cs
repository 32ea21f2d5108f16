using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules
{
    /// <summary>What LCK009 recognizes: the handle-lock opens, where the handle is kept, and types that already watch.</summary>
    internal static class LCK009HandleLockPathNotWatched
    {
        private const int FileShareNone = 0;

        /// <summary>Identifiers that show the type checks its path's identity: the runtime's watchers, inode
        /// comparisons, stat calls, a directory watcher.</summary>
        private static readonly ImmutableHashSet<string> WatchIdentifiers = ImmutableHashSet.Create(
            "LockPathWatch", "LockFile", "FileSystemWatcher", "GetFileInformationByHandle", "SameFileAs");

        private static readonly ImmutableHashSet<string> WatchWords = ImmutableHashSet.Create(
            System.StringComparer.OrdinalIgnoreCase, "inode", "inodes", "ino", "fstat", "statx", "lstat", "stat");

        /// <summary><c>new FileStream(path, mode, access, FileShare.None, ...)</c>, <c>File.Open(path, mode, access,
        /// FileShare.None)</c>, <c>File.OpenHandle(path, mode, access, FileShare.None)</c> or
        /// <c>fileInfo.Open(mode, access, FileShare.None)</c>: an open whose handle is itself the lock.</summary>
        public static bool TryGetHandleLock(IOperation operation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            switch (operation)
            {
                case IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, symbols.FileStream):
                    if (creation.Constructor == null || creation.Constructor.Parameters.Length == 0 ||
                        creation.Constructor.Parameters[0].Type.SpecialType != SpecialType.System_String || !SharesNothing(creation.Arguments, symbols))
                    {
                        return false;
                    }

                    path = ArgumentAt(creation.Arguments, 0);
                    return path != null;

                case IInvocationOperation invocation when invocation.TargetMethod.Name == "Open" || invocation.TargetMethod.Name == "OpenHandle":
                    var method = invocation.TargetMethod;
                    if (!SharesNothing(invocation.Arguments, symbols))
                    {
                        return false;
                    }

                    if (KnownSymbols.Is(method.ContainingType, symbols.File) && method.Parameters.Length > 0 &&
                        method.Parameters[0].Type.SpecialType == SpecialType.System_String)
                    {
                        path = ArgumentAt(invocation.Arguments, 0);
                        return path != null;
                    }

                    if (method.Name == "Open" && invocation.Instance != null && KnownSymbols.InheritsFromOrIs(invocation.Instance.Type, symbols.FileInfo))
                    {
                        path = LockFileCalls.PathOfFileInfo(invocation.Instance, symbols);
                        return true;
                    }

                    return false;

                default:
                    return false;
            }
        }

        /// <summary>The field or property the handle is stored in (an assignment or a field initializer), so it is held
        /// beyond the member; null for a local, a using, an argument.</summary>
        public static ISymbol? KeptIn(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Parent is IExpressionStatementOperation:
                    switch (assignment.Target)
                    {
                        case IFieldReferenceOperation field when IsOwnInstanceOrStatic(field.Instance):
                            return field.Field;
                        case IPropertyReferenceOperation property when property.Arguments.Length == 0 && IsOwnInstanceOrStatic(property.Instance):
                            return property.Property;
                        default:
                            return null;
                    }

                case IFieldInitializerOperation initializer when initializer.InitializedFields.Length == 1:
                    return initializer.InitializedFields[0];
                case IPropertyInitializerOperation initializer when initializer.InitializedProperties.Length == 1:
                    return initializer.InitializedProperties[0];
                default:
                    return null;
            }
        }

        private static bool IsOwnInstanceOrStatic(IOperation? instance) =>
            instance == null || instance is IInstanceReferenceOperation;

        private static bool SharesNothing(ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || !KnownSymbols.Is(argument.Parameter?.Type, symbols.FileShare))
                {
                    continue;
                }

                var value = argument.Value.ConstantValue;
                return value.HasValue && value.Value is int share && share == FileShareNone;
            }

            return false;
        }

        private static IOperation? ArgumentAt(ImmutableArray<IArgumentOperation> arguments, int ordinal)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>Per compilation: does a type (or a type it is nested in) already check its lock path's identity?
        /// Read from syntax tokens only, once per type.</summary>
        internal sealed class TypeWatchCache
        {
            private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _byType = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

            public bool Watches(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                for (var current = type; current != null; current = current.ContainingType)
                {
                    if (_byType.GetOrAdd(current, t => Scan(t, cancellationToken)))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool Scan(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
                    {
                        if (!token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            continue;
                        }

                        var text = token.ValueText;
                        if (WatchIdentifiers.Contains(text))
                        {
                            return true;
                        }

                        foreach (var word in IdentifierWords.Split(text))
                        {
                            if (WatchWords.Contains(word))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            }
        }
    }
}
