using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>How a file-creating call treats an existing file.</summary>
    internal enum CreateKind
    {
        /// <summary>Creates or overwrites (WriteAllText, File.Create, FileMode.Create/OpenOrCreate/Append): never fails because the file exists.</summary>
        NonExclusive,

        /// <summary>FileMode.CreateNew: fails when the file exists, so only one contender wins.</summary>
        Exclusive,

        /// <summary>Opens with FileShare.None: the open handle itself is the lock.</summary>
        HandleLock,
    }

    /// <summary>
    /// Recognizes the System.IO calls that create, test, read and delete a file, and the path each one is about.
    /// Shared by the acquire/release rules (LCK006, LCK007) so both agree on what an acquisition looks like.
    /// </summary>
    internal static class LockFileCalls
    {
        private const int FileModeCreateNew = 1;
        private const int FileModeCreate = 2;
        private const int FileModeOpen = 3;
        private const int FileModeOpenOrCreate = 4;
        private const int FileModeTruncate = 5;
        private const int FileModeAppend = 6;
        private const int FileShareNone = 0;
        private const int FileOptionsDeleteOnClose = 0x04000000;

        /// <summary>Method names worth a semantic look as a create; everything else is skipped before binding.</summary>
        public static bool MayBeCreateName(string name)
        {
            switch (name)
            {
                case "WriteAllText":
                case "WriteAllTextAsync":
                case "WriteAllBytes":
                case "WriteAllBytesAsync":
                case "WriteAllLines":
                case "WriteAllLinesAsync":
                case "AppendAllText":
                case "AppendAllTextAsync":
                case "AppendAllLines":
                case "AppendAllLinesAsync":
                case "Create":
                case "CreateText":
                case "AppendText":
                case "Open":
                case "OpenWrite":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A call or constructor that creates (or opens for writing, creating if missing) the file at <paramref name="path"/>.</summary>
        public static bool TryGetCreate(IOperation operation, KnownSymbols symbols, out IOperation? path, out CreateKind kind)
        {
            path = null;
            kind = CreateKind.NonExclusive;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return TryGetCreateCall(invocation, symbols, out path, out kind);
                case IObjectCreationOperation creation:
                    return TryGetCreateConstructor(creation, symbols, out path, out kind);
                default:
                    return false;
            }
        }

        private static bool TryGetCreateCall(IInvocationOperation invocation, KnownSymbols symbols, out IOperation? path, out CreateKind kind)
        {
            path = null;
            kind = CreateKind.NonExclusive;
            var method = invocation.TargetMethod;
            if (!MayBeCreateName(method.Name))
            {
                return false;
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.File))
            {
                if (invocation.Arguments.Length == 0 || method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
                {
                    return false;
                }

                path = ArgumentFor(invocation.Arguments, method.Parameters[0]);
                switch (method.Name)
                {
                    case "Open":
                        return ClassifyMode(invocation.Arguments, out kind);
                    case "Create":
                        // File.Create opens with FileShare.None: kept in a field it is a handle lock.
                        kind = IsKeptInMember(invocation) ? CreateKind.HandleLock : CreateKind.NonExclusive;
                        return true;
                    default:
                        return true;
                }
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.FileInfo) && invocation.Instance != null)
            {
                switch (method.Name)
                {
                    case "Create":
                        path = PathOfFileInfo(invocation.Instance, symbols);
                        kind = IsKeptInMember(invocation) ? CreateKind.HandleLock : CreateKind.NonExclusive;
                        return true;
                    case "CreateText":
                    case "AppendText":
                    case "OpenWrite":
                        path = PathOfFileInfo(invocation.Instance, symbols);
                        return true;
                    case "Open":
                        path = PathOfFileInfo(invocation.Instance, symbols);
                        return ClassifyMode(invocation.Arguments, out kind);
                }
            }

            return false;
        }

        private static bool TryGetCreateConstructor(IObjectCreationOperation creation, KnownSymbols symbols, out IOperation? path, out CreateKind kind)
        {
            path = null;
            kind = CreateKind.NonExclusive;
            var constructor = creation.Constructor;
            if (constructor == null || creation.Arguments.Length == 0 || constructor.Parameters.Length == 0 ||
                constructor.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            if (KnownSymbols.Is(creation.Type, symbols.FileStream))
            {
                path = ArgumentFor(creation.Arguments, constructor.Parameters[0]);
                return ClassifyMode(creation.Arguments, out kind);
            }

            if (KnownSymbols.Is(creation.Type, symbols.StreamWriter))
            {
                path = ArgumentFor(creation.Arguments, constructor.Parameters[0]);
                return true;
            }

            return false;
        }

        /// <summary>FileMode decides whether an open creates; FileShare.None turns it into a handle lock.</summary>
        private static bool ClassifyMode(IEnumerable<IArgumentOperation> arguments, out CreateKind kind)
        {
            kind = CreateKind.NonExclusive;
            int? mode = null;
            var shareNone = false;
            foreach (var argument in arguments)
            {
                var value = argument.Value;
                var typeName = value.Type?.Name;
                if (typeName == "FileMode" && value.ConstantValue.HasValue && value.ConstantValue.Value is int m)
                {
                    mode = m;
                }
                else if (typeName == "FileShare" && value.ConstantValue.HasValue && value.ConstantValue.Value is int share && share == FileShareNone)
                {
                    shareNone = true;
                }
            }

            switch (mode)
            {
                case FileModeCreateNew:
                    kind = CreateKind.Exclusive;
                    return true;
                case FileModeCreate:
                case FileModeOpenOrCreate:
                case FileModeAppend:
                    kind = shareNone ? CreateKind.HandleLock : CreateKind.NonExclusive;
                    return true;
                default:
                    // Open/Truncate do not create; an unknown (non-constant) mode is not ours to judge.
                    return false;
            }
        }

        /// <summary>Whether the created handle is stored beyond the statement (a field or property), i.e. held as the lock.</summary>
        private static bool IsKeptInMember(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is ISimpleAssignmentOperation assignment &&
                   (assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation);
        }

        /// <summary>File.Exists(p), or FileInfo.Exists on a FileInfo of p.</summary>
        public static bool TryGetExistenceTest(IOperation operation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            operation = LockPathRecognizer.Unwrap(operation);
            if (operation is IInvocationOperation invocation && invocation.TargetMethod.Name == "Exists" &&
                KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) && invocation.Arguments.Length == 1)
            {
                path = invocation.Arguments[0].Value;
                return true;
            }

            if (operation is IPropertyReferenceOperation property && property.Property.Name == "Exists" && property.Instance != null &&
                (KnownSymbols.InheritsFromOrIs(property.Instance.Type, symbols.FileInfo)))
            {
                path = PathOfFileInfo(property.Instance, symbols);
                return true;
            }

            return false;
        }

        /// <summary>A read of the file's content or identity (not its existence): ReadAllText, OpenRead, a StreamReader, its timestamps.</summary>
        public static bool TryGetRead(IOperation operation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    {
                        var method = invocation.TargetMethod;
                        if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length > 0 && IsReadName(method.Name))
                        {
                            if (method.Name == "Open" && !IsOpenExisting(invocation.Arguments))
                            {
                                return false;
                            }

                            path = invocation.Arguments[0].Value;
                            return true;
                        }

                        if (KnownSymbols.Is(method.ContainingType, symbols.FileInfo) && invocation.Instance != null &&
                            (method.Name == "OpenRead" || method.Name == "OpenText" || (method.Name == "Open" && IsOpenExisting(invocation.Arguments))))
                        {
                            path = PathOfFileInfo(invocation.Instance, symbols);
                            return true;
                        }

                        if (KnownSymbols.Is(method.ContainingType, symbols.RuntimeLockOwner) && method.Name == "TryRead" && invocation.Arguments.Length > 0)
                        {
                            path = invocation.Arguments[0].Value;
                            return true;
                        }

                        return false;
                    }

                case IObjectCreationOperation creation when creation.Arguments.Length > 0 &&
                                                            creation.Constructor?.Parameters.Length > 0 &&
                                                            creation.Constructor.Parameters[0].Type.SpecialType == SpecialType.System_String:
                    if (creation.Type?.Name == "StreamReader" && creation.Type.ContainingNamespace?.ToDisplayString() == "System.IO")
                    {
                        path = creation.Arguments[0].Value;
                        return true;
                    }

                    if (KnownSymbols.Is(creation.Type, symbols.FileStream) && IsOpenExisting(creation.Arguments))
                    {
                        path = creation.Arguments[0].Value;
                        return true;
                    }

                    return false;

                case IPropertyReferenceOperation property when property.Instance != null &&
                                                               KnownSymbols.InheritsFromOrIs(property.Instance.Type, symbols.FileInfo) &&
                                                               (property.Property.Name.StartsWith("CreationTime", System.StringComparison.Ordinal) ||
                                                                property.Property.Name.StartsWith("LastWriteTime", System.StringComparison.Ordinal)):
                    path = PathOfFileInfo(property.Instance, symbols);
                    return true;

                default:
                    return false;
            }
        }

        private static bool IsReadName(string name)
        {
            switch (name)
            {
                case "ReadAllText":
                case "ReadAllTextAsync":
                case "ReadAllLines":
                case "ReadAllLinesAsync":
                case "ReadAllBytes":
                case "ReadAllBytesAsync":
                case "ReadLines":
                case "ReadLinesAsync":
                case "OpenRead":
                case "OpenText":
                case "Open":
                case "GetCreationTime":
                case "GetCreationTimeUtc":
                case "GetLastWriteTime":
                case "GetLastWriteTimeUtc":
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsOpenExisting(IEnumerable<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                var value = argument.Value;
                if (value.Type?.Name == "FileMode" && value.ConstantValue.HasValue && value.ConstantValue.Value is int mode)
                {
                    return mode == FileModeOpen || mode == FileModeOpenOrCreate || mode == FileModeTruncate;
                }
            }

            return false;
        }

        /// <summary>Whether any argument passes FileOptions including DeleteOnClose.</summary>
        public static bool HasDeleteOnClose(IEnumerable<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                var value = argument.Value;
                if (value.Type?.Name == "FileOptions" && value.ConstantValue.HasValue && value.ConstantValue.Value is int options &&
                    (options & FileOptionsDeleteOnClose) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>File.Delete(p) or FileInfo.Delete() on a FileInfo of p.</summary>
        public static bool TryGetDelete(IInvocationOperation invocation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            var method = invocation.TargetMethod;
            if (method.Name != "Delete")
            {
                return false;
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length == 1)
            {
                path = invocation.Arguments[0].Value;
                return true;
            }

            if (invocation.Instance != null && KnownSymbols.InheritsFromOrIs(invocation.Instance.Type, symbols.FileInfo) && invocation.Arguments.Length == 0)
            {
                path = PathOfFileInfo(invocation.Instance, symbols);
                return true;
            }

            return false;
        }

        /// <summary>
        /// The path a FileInfo was made from (<c>new FileInfo(p)</c>, directly or through a local), else the FileInfo
        /// expression itself, so two uses of the same FileInfo field still count as the same path.
        /// </summary>
        public static IOperation PathOfFileInfo(IOperation instance, KnownSymbols symbols)
        {
            var unwrapped = LockPathRecognizer.Unwrap(instance);
            if (unwrapped is IObjectCreationOperation creation && KnownSymbols.Is(creation.Type, symbols.FileInfo) && creation.Arguments.Length > 0)
            {
                return creation.Arguments[0].Value;
            }

            if (unwrapped is ILocalReferenceOperation local)
            {
                var initializer = InitializerOf(local.Local, unwrapped);
                if (initializer != null && LockPathRecognizer.Unwrap(initializer) is IObjectCreationOperation init &&
                    KnownSymbols.Is(init.Type, symbols.FileInfo) && init.Arguments.Length > 0)
                {
                    return init.Arguments[0].Value;
                }
            }

            return instance;
        }

        /// <summary>The initializer of a local declared in the same member, if it has exactly one.</summary>
        public static IOperation? InitializerOf(ILocalSymbol local, IOperation anyOperationInMember)
        {
            foreach (var descendant in LockPathRecognizer.MemberRoot(anyOperationInMember).Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    return (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value;
                }
            }

            return null;
        }

        private static IOperation ArgumentFor(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter)
        {
            foreach (var argument in arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
                {
                    return argument.Value;
                }
            }

            return arguments[0].Value;
        }
    }
}
