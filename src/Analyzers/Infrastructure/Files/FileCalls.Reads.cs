using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    internal static partial class FileCalls
    {
        /// <summary>File.Exists(p), or FileInfo.Exists on a FileInfo of p (followed back to p).</summary>
        public static bool TryGetExistenceTest(IOperation operation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            operation = operation.Unwrap();
            if (operation is IInvocationOperation invocation && invocation.TargetMethod.Name == "Exists" &&
                KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) && invocation.Arguments.Length == 1)
            {
                path = invocation.Arguments[0].Value;
                return true;
            }

            if (operation is IPropertyReferenceOperation property && property.Property.Name == "Exists" && property.Instance != null &&
                IsFileInfo(property.Instance.Type, symbols))
            {
                path = PathOfFileInfo(property.Instance, symbols);
                return true;
            }

            return false;
        }

        /// <summary>
        /// A read of the file's content or identity (not its existence): ReadAllText, OpenRead, an open of an existing
        /// file, a StreamReader, its timestamps, the runtime's LockOwner.TryRead; the FileInfo operand followed back to its path.
        /// </summary>
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
                            if (method.Name == "Open" && !OpensExisting(invocation.Arguments, symbols))
                            {
                                return false;
                            }

                            path = invocation.Arguments[0].Value;
                            return true;
                        }

                        if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) &&
                            (method.Name == "OpenRead" || method.Name == "OpenText" || (method.Name == "Open" && OpensExisting(invocation.Arguments, symbols))))
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
                    if (IsStreamReader(creation.Type))
                    {
                        path = creation.Arguments[0].Value;
                        return true;
                    }

                    if (KnownSymbols.Is(creation.Type, symbols.FileStream) && OpensExisting(creation.Arguments, symbols))
                    {
                        path = creation.Arguments[0].Value;
                        return true;
                    }

                    return false;

                case IPropertyReferenceOperation property when property.Instance != null &&
                                                               IsFileInfo(property.Instance.Type, symbols) &&
                                                               (property.Property.Name.StartsWith("CreationTime", System.StringComparison.Ordinal) ||
                                                                property.Property.Name.StartsWith("LastWriteTime", System.StringComparison.Ordinal)):
                    path = PathOfFileInfo(property.Instance, symbols);
                    return true;

                default:
                    return false;
            }
        }

        /// <summary>File.ReadAllText/Lines/Bytes/ReadLines(p) (and async forms), OpenText/OpenRead, new StreamReader(p): the path (or FileInfo) whose content is read.</summary>
        public static IOperation? ContentPath(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) && invocation.Arguments.Length >= 1:
                    switch (invocation.TargetMethod.Name)
                    {
                        case "ReadAllText":
                        case "ReadAllLines":
                        case "ReadAllBytes":
                        case "ReadLines":
                        case "ReadAllTextAsync":
                        case "ReadAllLinesAsync":
                        case "ReadAllBytesAsync":
                        case "ReadLinesAsync":
                        case "OpenText":
                        case "OpenRead":
                            return invocation.Arguments[0].Value;
                    }

                    return null;
                case IInvocationOperation invocation when invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) &&
                                                          (invocation.TargetMethod.Name == "OpenText" || invocation.TargetMethod.Name == "OpenRead"):
                    return invocation.Instance;
                case IObjectCreationOperation creation when IsStreamReader(creation.Type) && creation.Arguments.Length >= 1 &&
                                                            creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                    return creation.Arguments[0].Value;
            }

            return null;
        }

        /// <summary>File.GetLastWriteTime(Utc)(p) and friends, or FileInfo.LastWriteTime(Utc) and friends: the path (or FileInfo) whose file-system time is read.</summary>
        public static IOperation? TimestampPath(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File) &&
                                                          invocation.Arguments.Length == 1 && IsTimestampName(invocation.TargetMethod.Name, "Get"):
                    return invocation.Arguments[0].Value;
                case IPropertyReferenceOperation property when property.Instance != null &&
                                                              IsTimestampName(property.Property.Name, string.Empty) &&
                                                              (IsFileInfo(property.Instance.Type, symbols) || KnownSymbols.InheritsFromOrIs(property.Instance.Type, symbols.FileSystemInfo)):
                    return property.Instance;
            }

            return null;
        }

        /// <summary>True for File.GetLastWriteTime(Utc) / FileInfo.LastWriteTime(Utc): the time a heartbeat refreshes.</summary>
        public static bool IsLastWriteTime(IOperation operation)
        {
            var name = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.Name,
                IPropertyReferenceOperation property => property.Property.Name,
                _ => string.Empty,
            };
            return name == "GetLastWriteTime" || name == "GetLastWriteTimeUtc" || name == "LastWriteTime" || name == "LastWriteTimeUtc";
        }

        private static bool IsStreamReader(ITypeSymbol? type) =>
            type?.Name == "StreamReader" && KnownSymbols.IsSystemIO(type.ContainingNamespace);

        /// <summary>File's (and IFile's) methods that read a file's content by its path.</summary>
        public static bool IsReadName(string name)
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

        /// <summary>An open whose constant FileMode is Open, OpenOrCreate or Truncate: it works on an existing file.</summary>
        private static bool OpensExisting(ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols)
        {
            foreach (var argument in arguments)
            {
                var value = argument.Value;
                if (KnownSymbols.Is(value.Type, symbols.FileMode) && value.ConstantValue.HasValue && value.ConstantValue.Value is int mode)
                {
                    return mode == KnownSymbols.FileModeOpen || mode == KnownSymbols.FileModeOpenOrCreate || mode == KnownSymbols.FileModeTruncate;
                }
            }

            return false;
        }

        private static bool IsTimestampName(string name, string prefix)
        {
            if (prefix.Length > 0)
            {
                if (!name.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    return false;
                }

                name = name.Substring(prefix.Length);
            }

            return name == "LastWriteTime" || name == "LastWriteTimeUtc" || name == "CreationTime" || name == "CreationTimeUtc" ||
                   name == "LastAccessTime" || name == "LastAccessTimeUtc";
        }
    }
}
