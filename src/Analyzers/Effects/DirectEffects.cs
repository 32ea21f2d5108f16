using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.LoopFamily;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The one place the effect model meets the file-call classifiers: what a single System.IO call (or its
    /// System.IO.Abstractions mirror, or a wrapper with no source named in the documented vocabulary) does.
    /// Classification stays in <see cref="FileCalls"/>; this only names it.
    /// </summary>
    internal static class DirectEffects
    {

        /// <summary>
        /// The effect of <paramref name="operation"/> itself (not of what it calls), or null. A FileInfo operand is
        /// followed back to the path it was built from (<c>new FileInfo(path).FullName</c> is <c>path</c>), so a helper's
        /// parameter still maps to the caller's argument.
        /// </summary>
        public static FileEffect? Of(IOperation operation, KnownSymbols symbols)
        {
            var effect = OfOperation(operation, symbols);
            if (effect?.Path == null)
            {
                return effect;
            }

            var path = FileCalls.PathOfFileInfo(effect.Path, symbols);
            return ReferenceEquals(path, effect.Path) ? effect : new FileEffect(effect.Kind, path, effect.Chain, effect.Site, effect.Mirrored);
        }

        private static FileEffect? OfOperation(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return OfInvocation(invocation, symbols);
                case IObjectCreationOperation creation:
                    return FileCalls.TryGetCertainCreate(creation, symbols, out var created, out var kind)
                        ? Effect(KindOf(kind), created, creation, TypeName(creation.Type) + " constructor")
                        : null;
                case IPropertyReferenceOperation property:
                    return OfProperty(property, symbols);
                default:
                    return null;
            }
        }

        private static FileEffect? OfInvocation(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            // Named only when the call has an effect: most calls looked at have none.
            if (FileCalls.TryGetExistenceTest(invocation, symbols, out var tested))
            {
                return Effect(EffectKind.Exists, tested, invocation, Name());
            }

            if (FileCalls.TryGetCertainCreate(invocation, symbols, out var created, out var kind))
            {
                return Effect(KindOf(kind), created, invocation, Name());
            }

            var deleted = FileCalls.DeletedPath(invocation, symbols);
            if (deleted != null)
            {
                return Effect(EffectKind.Delete, FileCalls.PathOfFileInfo(deleted, symbols), invocation, Name());
            }

            var moved = FileCalls.MovedAwayPath(invocation, symbols);
            if (moved != null)
            {
                return Effect(EffectKind.Move, moved, invocation, Name());
            }

            var timestamp = FileCalls.TimestampPath(invocation, symbols);
            if (timestamp != null)
            {
                return Effect(EffectKind.TimeRead, timestamp, invocation, Name());
            }

            var content = FileCalls.ContentPath(invocation, symbols);
            if (content != null)
            {
                return Effect(EffectKind.ContentRead, content, invocation, Name());
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length == 2 &&
                (method.Name == "SetLastWriteTime" || method.Name == "SetLastWriteTimeUtc"))
            {
                return Effect(EffectKind.TouchWrite, invocation.Arguments[0].Value, invocation, Name());
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.Process) && (method.Name == "GetProcessById" || method.Name == "GetProcesses"))
            {
                return Effect(EffectKind.Liveness, null, invocation, Name());
            }

            if (LoopSleeps.IsSleep(invocation, symbols))
            {
                return Effect(EffectKind.Sleep, null, invocation, Name());
            }

            var mirrored = IsAbstraction(method.ContainingType) ? OfAbstraction(invocation) : OfWrapper(invocation);
            return mirrored == null ? null : new FileEffect(mirrored.Kind, mirrored.Path, mirrored.Chain, mirrored.Site, mirrored: true);

            string Name() => NameOf(method);
        }

        private static string NameOf(IMethodSymbol method) => TypeName(method.ContainingType) + "." + method.Name;

        private static FileEffect? OfProperty(IPropertyReferenceOperation property, KnownSymbols symbols)
        {
            if (IsAssignmentTarget(property))
            {
                if (property.Instance is IOperation instance && FileCalls.IsLastWriteTime(property) &&
                    (FileCalls.IsFileInfo(instance.Type, symbols) || IsAbstraction(instance.Type)))
                {
                    return Effect(EffectKind.TouchWrite, FileCalls.PathOfFileInfo(instance, symbols), property, Name());
                }

                return null;
            }

            if (FileCalls.TryGetExistenceTest(property, symbols, out var tested))
            {
                return Effect(EffectKind.Exists, tested, property, Name());
            }

            var timestamp = FileCalls.TimestampPath(property, symbols);
            if (timestamp != null)
            {
                return Effect(EffectKind.TimeRead, FileCalls.PathOfFileInfo(timestamp, symbols), property, Name());
            }

            if (property.Instance != null && IsAbstraction(property.Property.ContainingType) && IsFileInfoLike(property.Property.ContainingType))
            {
                switch (property.Property.Name)
                {
                    case "Exists":
                        return new FileEffect(EffectKind.Exists, property.Instance, ImmutableArray.Create(Name()), property.Syntax, mirrored: true);
                    case "LastWriteTime":
                    case "LastWriteTimeUtc":
                    case "CreationTime":
                    case "CreationTimeUtc":
                        return new FileEffect(EffectKind.TimeRead, property.Instance, ImmutableArray.Create(Name()), property.Syntax, mirrored: true);
                }
            }

            return null;

            string Name() => TypeName(property.Property.ContainingType) + "." + property.Property.Name;
        }

        /// <summary>
        /// System.IO.Abstractions: <c>IFile</c> (reached as <c>fileSystem.File</c>) mirrors <see cref="System.IO.File"/>
        /// and <c>IFileInfo</c> mirrors <see cref="System.IO.FileInfo"/>; their members mean what the mirrored ones mean.
        /// </summary>
        private static FileEffect? OfAbstraction(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (IsFileInfoLike(type))
            {
                var instance = invocation.Instance;
                switch (method.Name)
                {
                    case "Delete":
                        return Effect(EffectKind.Delete, instance, invocation, NameOf(method));
                    case "Create":
                    case "CreateText":
                    case "OpenWrite":
                    case "AppendText":
                        return Effect(EffectKind.CreateOverwrite, instance, invocation, NameOf(method));
                    case "Open":
                        return OfMode(invocation, instance, NameOf(method));
                    case "MoveTo":
                        return Effect(EffectKind.Move, instance, invocation, NameOf(method));
                    case "OpenText":
                    case "OpenRead":
                        return Effect(EffectKind.ContentRead, instance, invocation, NameOf(method));
                    default:
                        return null;
                }
            }

            if (!IsFileLike(type) || invocation.Arguments.Length == 0 || method.Parameters.Length == 0 ||
                method.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            var path = invocation.Arguments[0].Value;
            return OfFileName(method.Name, invocation, path, NameOf(method));
        }

        private static FileEffect? OfFileName(string methodName, IInvocationOperation invocation, IOperation path, string name)
        {
            switch (methodName)
            {
                case "Exists":
                    return Effect(EffectKind.Exists, path, invocation, name);
                case "Delete":
                    return Effect(EffectKind.Delete, path, invocation, name);
                case "Open":
                    return OfMode(invocation, path, name);
                case "Move":
                case "Replace":
                    return Effect(EffectKind.Move, path, invocation, name);
                case "GetLastWriteTime":
                case "GetLastWriteTimeUtc":
                case "GetCreationTime":
                case "GetCreationTimeUtc":
                    return Effect(EffectKind.TimeRead, path, invocation, name);
                case "SetLastWriteTime":
                case "SetLastWriteTimeUtc":
                    return Effect(EffectKind.TouchWrite, path, invocation, name);
                default:
                    // IFile mirrors File: its reading and creating names are File's (ReadAllText, WriteAllText, Create, ...).
                    if (FileCalls.IsReadName(methodName))
                    {
                        return Effect(EffectKind.ContentRead, path, invocation, name);
                    }

                    return FileCalls.MayBeCreateName(methodName) ? Effect(EffectKind.CreateOverwrite, path, invocation, name) : null;
            }
        }

        /// <summary>An Open with a constant FileMode: CreateNew is exclusive, Create/OpenOrCreate/Append overwrite (FileShare.None: a handle lock).</summary>
        private static FileEffect? OfMode(IInvocationOperation invocation, IOperation? path, string name)
        {
            int? mode = null;
            var shareNone = false;
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value;
                if (!value.ConstantValue.HasValue || !(value.ConstantValue.Value is int constant))
                {
                    continue;
                }

                if (value.Type?.Name == "FileMode")
                {
                    mode = constant;
                }
                else if (value.Type?.Name == "FileShare" && constant == 0)
                {
                    shareNone = true;
                }
            }

            switch (mode)
            {
                case 1:
                    return Effect(EffectKind.CreateExclusive, path, invocation, name);
                case 2:
                case 4:
                case 6:
                    return Effect(shareNone ? EffectKind.HandleLock : EffectKind.CreateOverwrite, path, invocation, name);
                default:
                    return null;
            }
        }

        /// <summary>
        /// The wrapper vocabulary: a method with no source in the compilation (a referenced project's file-system
        /// interface, <c>IAppDataFolder.FileExists</c>, <c>IOConnection.DeleteFile</c>) whose name says which file call it
        /// wraps and whose first argument is a string path. Rules still require that path to be a lock path.
        /// </summary>
        private static FileEffect? OfWrapper(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!method.DeclaringSyntaxReferences.IsEmpty || invocation.Arguments.Length == 0 || method.Parameters.Length == 0 ||
                method.Parameters[0].Type.SpecialType != SpecialType.System_String || IsFrameworkType(method.ContainingType))
            {
                return null;
            }

            var path = invocation.Arguments[0].Value;
            switch (method.Name)
            {
                case "FileExists":
                    return Effect(EffectKind.Exists, path, invocation, NameOf(method));
                case "DeleteFile":
                    return Effect(EffectKind.Delete, path, invocation, NameOf(method));
                case "CreateFile":
                case "WriteFile":
                case "WriteAllText":
                case "WriteAllBytes":
                    return Effect(EffectKind.CreateOverwrite, path, invocation, NameOf(method));
                case "ReadFile":
                case "ReadAllText":
                case "ReadAllBytes":
                    return Effect(EffectKind.ContentRead, path, invocation, NameOf(method));
                case "MoveFile":
                case "RenameFile":
                    return Effect(EffectKind.Move, path, invocation, NameOf(method));
                default:
                    return null;
            }
        }

        private static FileEffect Effect(EffectKind kind, IOperation? path, IOperation site, string name) =>
            new FileEffect(kind, path, ImmutableArray.Create(name), site.Syntax);

        /// <summary>Overwriting and open-or-create opens are both non-exclusive: they succeed whether or not the file exists.</summary>
        private static EffectKind KindOf(CreateKind kind) => kind switch
        {
            CreateKind.Exclusive => EffectKind.CreateExclusive,
            CreateKind.HandleLock => EffectKind.HandleLock,
            _ => EffectKind.CreateOverwrite,
        };

        private static bool IsAssignmentTarget(IOperation operation) =>
            operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;

        private static bool IsAbstraction(ITypeSymbol? type) =>
            type != null && KnownSymbols.IsSystemIOAbstractions(type.ContainingNamespace);

        private static bool IsFileLike(ITypeSymbol? type) => type?.Name == "IFile" || type?.Name == "FileBase";

        private static bool IsFileInfoLike(ITypeSymbol? type) =>
            type?.Name == "IFileInfo" || type?.Name == "FileInfoBase" || type?.Name == "IFileSystemInfo" || type?.Name == "FileSystemInfoBase";

        private static bool IsFrameworkType(ITypeSymbol? type)
        {
            var ns = type?.ContainingNamespace;
            while (ns != null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace)
            {
                ns = ns.ContainingNamespace;
            }

            var root = ns?.Name;
            return root == "System" || root == "Microsoft";
        }

        private static string TypeName(ITypeSymbol? type) => type?.Name ?? "?";
    }
}
