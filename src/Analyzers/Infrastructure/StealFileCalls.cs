using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>How a create opens its file, and whether it can be made exclusive in place (the LCK003 fix).</summary>
    internal enum ExclusiveRewrite
    {
        /// <summary>FileMode.CreateNew: fails when the file exists.</summary>
        Exclusive,

        /// <summary>FileMode.Create/OpenOrCreate/Truncate with a literal mode, or File.Create: can be made CreateNew in place.</summary>
        ModeArgument,

        /// <summary>File.Create(path): same as FileMode.Create with FileShare.None.</summary>
        FileCreate,

        /// <summary>WriteAll*, StreamWriter, FileInfo.Create/Open, a non-literal mode: overwrites, with no in-place exclusive form.</summary>
        Other,
    }

    /// <summary>
    /// The file calls the steal family (LCK002, LCK003, LCK008) reasons about: deletes, moves, creates, timestamp
    /// reads, content reads and process look-ups, each with the path operand it acts on.
    /// </summary>
    internal static class StealFileCalls
    {
        private const int FileModeCreateNew = 1;
        private const int FileModeCreate = 2;
        private const int FileModeOpenOrCreate = 4;
        private const int FileModeTruncate = 5;

        /// <summary>File.Delete(p) or FileInfo.Delete(): the path (or FileInfo) deleted.</summary>
        public static IOperation? DeletedPath(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (method.Name != "Delete")
            {
                return null;
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length == 1)
            {
                return invocation.Arguments[0].Value;
            }

            if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) && invocation.Arguments.Length == 0)
            {
                return invocation.Instance;
            }

            return null;
        }

        /// <summary>File.Move/Replace or FileInfo.MoveTo/Replace of <em>source</em> away: the path moved away, or for Replace the destination clobbered.</summary>
        public static IOperation? MovedAwayPath(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length >= 2)
            {
                if (method.Name == "Move")
                {
                    return Argument(invocation, "sourceFileName") ?? invocation.Arguments[0].Value;
                }

                if (method.Name == "Replace")
                {
                    return Argument(invocation, "destinationFileName") ?? invocation.Arguments[1].Value;
                }
            }

            if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) && method.Name == "MoveTo")
            {
                return invocation.Instance;
            }

            return null;
        }

        /// <summary>The source of a move or replace (used to recognise "write a temp file, then move it into place").</summary>
        public static IOperation? MoveSource(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length >= 2 &&
                (method.Name == "Move" || method.Name == "Replace" || method.Name == "Copy"))
            {
                return Argument(invocation, "sourceFileName") ?? invocation.Arguments[0].Value;
            }

            if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) &&
                (method.Name == "MoveTo" || method.Name == "Replace" || method.Name == "CopyTo"))
            {
                return invocation.Instance;
            }

            return null;
        }

        /// <summary>
        /// Any call or construction that creates (or opens, creating if missing) the file at a path.
        /// <paramref name="overwriting"/> is true for creates that replace an existing file's content.
        /// </summary>
        public static IOperation? CreatedPath(IOperation operation, KnownSymbols symbols, out ExclusiveRewrite kind, out bool overwriting)
        {
            kind = ExclusiveRewrite.Other;
            overwriting = false;
            switch (operation)
            {
                case IObjectCreationOperation creation when creation.Arguments.Length >= 1:
                    var type = creation.Type;
                    if (KnownSymbols.Is(type, symbols.FileStream) && creation.Arguments.Length >= 2 &&
                        creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
                    {
                        var mode = ModeOf(creation.Arguments, symbols);
                        if (mode == null || mode.Value == FileModeCreateNew || mode.Value == FileModeCreate ||
                            mode.Value == FileModeOpenOrCreate || mode.Value == FileModeTruncate)
                        {
                            kind = mode == FileModeCreateNew ? ExclusiveRewrite.Exclusive : mode == null ? ExclusiveRewrite.Other : ExclusiveRewrite.ModeArgument;
                            overwriting = mode == FileModeCreate || mode == FileModeTruncate;
                            return creation.Arguments[0].Value;
                        }

                        return null;
                    }

                    if (KnownSymbols.Is(type, symbols.StreamWriter) &&
                        creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
                    {
                        overwriting = !AppendsTrue(creation.Arguments);
                        return creation.Arguments[0].Value;
                    }

                    return null;

                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length >= 1)
                    {
                        switch (method.Name)
                        {
                            case "Create":
                                kind = invocation.Arguments.Length == 1 ? ExclusiveRewrite.FileCreate : ExclusiveRewrite.Other;
                                overwriting = true;
                                return invocation.Arguments[0].Value;
                            case "CreateText":
                            case "WriteAllText":
                            case "WriteAllBytes":
                            case "WriteAllLines":
                            case "WriteAllTextAsync":
                            case "WriteAllBytesAsync":
                            case "WriteAllLinesAsync":
                                overwriting = true;
                                return invocation.Arguments[0].Value;
                            case "AppendAllText":
                            case "AppendAllLines":
                            case "AppendText":
                                return invocation.Arguments[0].Value;
                            case "Open":
                                var mode = ModeOf(invocation.Arguments, symbols);
                                if (mode == null || mode.Value == FileModeCreateNew || mode.Value == FileModeCreate ||
                                    mode.Value == FileModeOpenOrCreate || mode.Value == FileModeTruncate)
                                {
                                    kind = mode == FileModeCreateNew ? ExclusiveRewrite.Exclusive : mode == null ? ExclusiveRewrite.Other : ExclusiveRewrite.ModeArgument;
                                    overwriting = mode == FileModeCreate || mode == FileModeTruncate;
                                    return invocation.Arguments[0].Value;
                                }

                                return null;
                        }
                    }

                    if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) &&
                        (method.Name == "Create" || method.Name == "CreateText" || method.Name == "Open"))
                    {
                        if (method.Name == "Open")
                        {
                            var mode = ModeOf(invocation.Arguments, symbols);
                            if (mode != null && mode.Value != FileModeCreateNew && mode.Value != FileModeCreate &&
                                mode.Value != FileModeOpenOrCreate && mode.Value != FileModeTruncate)
                            {
                                return null;
                            }

                            kind = mode == FileModeCreateNew ? ExclusiveRewrite.Exclusive : ExclusiveRewrite.Other;
                            overwriting = mode == FileModeCreate || mode == FileModeTruncate;
                        }
                        else
                        {
                            overwriting = true;
                        }

                        return invocation.Instance;
                    }

                    return null;
            }

            return null;
        }

        /// <summary>File.GetLastWriteTime(Utc)(p) and friends, or FileInfo.LastWriteTime(Utc) and friends: the path whose file-system time is read.</summary>
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

        /// <summary>File.ReadAllText/Lines/Bytes/ReadLines(p) (and async forms), File.OpenText(p), new StreamReader(p): the path whose content is read.</summary>
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
                case IObjectCreationOperation creation when creation.Type?.Name == "StreamReader" && creation.Arguments.Length >= 1 &&
                                                            creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                    return creation.Arguments[0].Value;
            }

            return null;
        }

        /// <summary>
        /// The key of the file a path operand names: a FileInfo built from a path (directly, or through a local
        /// initialised with <c>new FileInfo(p)</c>) has the key of <c>p</c>; <c>fi.FullName</c> has the key of <c>fi</c>'s path.
        /// </summary>
        public static string? PathKey(IOperation? path, KnownSymbols symbols) => PathIdentity.KeyOf(ResolveFileInfo(path, symbols));

        public static bool SamePath(IOperation? a, IOperation? b, KnownSymbols symbols)
        {
            var ka = PathKey(a, symbols);
            return ka != null && ka == PathKey(b, symbols);
        }

        /// <summary>Follows a FileInfo operand back to the path it was built from, when that is visible.</summary>
        public static IOperation? ResolveFileInfo(IOperation? path, KnownSymbols symbols)
        {
            for (var depth = 0; path != null && depth < 4; depth++)
            {
                var unwrapped = LockPathRecognizer.Unwrap(path);
                if (unwrapped is IPropertyReferenceOperation fullName && fullName.Property.Name == "FullName" && fullName.Instance != null &&
                    IsFileInfo(fullName.Instance.Type, symbols))
                {
                    path = fullName.Instance;
                    continue;
                }

                if (!IsFileInfo(unwrapped.Type, symbols))
                {
                    return unwrapped;
                }

                if (unwrapped is IObjectCreationOperation creation && creation.Arguments.Length == 1)
                {
                    path = creation.Arguments[0].Value;
                    continue;
                }

                if (unwrapped is ILocalReferenceOperation local)
                {
                    var initializer = SingleInitializer(local.Local, unwrapped);
                    if (initializer != null)
                    {
                        path = initializer;
                        continue;
                    }
                }

                return unwrapped;
            }

            return path;
        }

        /// <summary>The value a local gets when it is assigned exactly once (declaration or one assignment) in its member.</summary>
        public static IOperation? SingleInitializer(ILocalSymbol local, IOperation anyOperationInMember)
        {
            IOperation? value = null;
            var count = 0;
            foreach (var assigned in AssignedValues(local, anyOperationInMember))
            {
                value = assigned;
                count++;
            }

            return count == 1 ? value : null;
        }

        /// <summary>Every value assigned to a local in its member: initializer, assignments, and the first argument of a Parse-like call it is an <c>out</c> argument of.</summary>
        public static IEnumerable<IOperation> AssignedValues(ILocalSymbol local, IOperation anyOperationInMember)
        {
            foreach (var descendant in LockPathRecognizer.MemberRoot(anyOperationInMember).Descendants())
            {
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer != null)
                        {
                            yield return initializer.Value;
                        }

                        break;
                    case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target &&
                                                              SymbolEqualityComparer.Default.Equals(target.Local, local):
                        yield return assignment.Value;
                        break;
                    case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.Out &&
                                                          argument.Parent is IInvocationOperation call && call.Arguments.Length > 0 &&
                                                          IsOutTarget(argument.Value, local):
                        yield return call.Arguments[0].Value;
                        break;
                }
            }
        }

        /// <summary>Reads of the lock's owning type helpers: a method of the same type declared in the same file, with its body operation.</summary>
        public static IOperation? SameTypeHelperBody(IInvocationOperation invocation, ISymbol owningSymbol)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind != MethodKind.Ordinary || owningSymbol.ContainingType == null ||
                !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, owningSymbol.ContainingType.OriginalDefinition) ||
                method.DeclaringSyntaxReferences.Length != 1 || invocation.SemanticModel == null)
            {
                return null;
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (syntax.SyntaxTree != invocation.Syntax.SyntaxTree || !(syntax is MethodDeclarationSyntax declaration))
            {
                return null;
            }

            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            return body == null ? null : invocation.SemanticModel.GetOperation(declaration);
        }

        /// <summary>Maps a helper's parameter reference back to the argument the call passes for it.</summary>
        public static IOperation? MapToCallSite(IOperation? helperPath, IInvocationOperation call)
        {
            if (helperPath == null)
            {
                return null;
            }

            if (LockPathRecognizer.Unwrap(helperPath) is IParameterReferenceOperation parameter)
            {
                foreach (var argument in call.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.Parameter.OriginalDefinition))
                    {
                        return argument.Value;
                    }
                }

                return null;
            }

            return helperPath;
        }

        public static bool IsFileInfo(ITypeSymbol? type, KnownSymbols symbols) => KnownSymbols.Is(type, symbols.FileInfo);

        private static bool IsOutTarget(IOperation value, ILocalSymbol local) =>
            (value is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)) ||
            (value is IDeclarationExpressionOperation declaration && declaration.Expression is ILocalReferenceOperation declared &&
             SymbolEqualityComparer.Default.Equals(declared.Local, local));

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

        private static IOperation? Argument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static int? ModeOf(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols)
        {
            foreach (var argument in arguments)
            {
                if (KnownSymbols.Is(argument.Value.Type, symbols.FileMode) || argument.Parameter?.Name == "mode")
                {
                    return argument.Value.ConstantValue.HasValue && argument.Value.ConstantValue.Value is int mode ? mode : (int?)null;
                }
            }

            return null;
        }

        private static bool AppendsTrue(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == "append")
                {
                    return !(argument.Value.ConstantValue.HasValue && argument.Value.ConstantValue.Value is bool append && !append);
                }
            }

            return false;
        }
    }
}
