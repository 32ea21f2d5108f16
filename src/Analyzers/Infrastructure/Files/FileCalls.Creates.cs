using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    internal static partial class FileCalls
    {
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

        /// <summary>
        /// A File or FileInfo call, or a FileStream or StreamWriter constructor, that creates (or opens for writing,
        /// creating if missing) a file. A FileMode.Open open is not one; a non-constant mode is one, of kind
        /// <see cref="CreateKind.MaybeCreates"/>.
        /// </summary>
        public static bool TryGetCreate(IOperation operation, KnownSymbols symbols, out FileCreate create)
        {
            create = default;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return TryGetCreateCall(invocation, symbols, out create);
                case IObjectCreationOperation creation:
                    return TryGetCreateConstructor(creation, symbols, out create);
                default:
                    return false;
            }
        }

        /// <summary>
        /// A create that certainly makes the file when it is missing (not FileMode.Truncate, not a mode unknown at
        /// compile time), with the FileInfo operand followed back to its path: what the acquire and release rules
        /// (LCK006, LCK007) count as an acquisition.
        /// </summary>
        public static bool TryGetCertainCreate(IOperation operation, KnownSymbols symbols, out IOperation? path, out CreateKind kind)
        {
            if (TryGetCreate(operation, symbols, out var create) && create.CreatesIfMissing)
            {
                path = IsFileInfo(create.Path.Type, symbols) ? PathOfFileInfo(create.Path, symbols) : create.Path;
                kind = create.Kind;
                return true;
            }

            path = null;
            kind = CreateKind.MaybeCreates;
            return false;
        }

        private static bool TryGetCreateCall(IInvocationOperation invocation, KnownSymbols symbols, out FileCreate create)
        {
            create = default;
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

                var path = invocation.Arguments.ArgumentFor(method.Parameters[0]);
                switch (method.Name)
                {
                    case "Open":
                        return TryClassifyMode(invocation, path, invocation.Arguments, symbols, out create);
                    case "Create":
                        create = Created(invocation, path, IsKeptInMember(invocation) ? CreateKind.HandleLock : CreateKind.Overwriting, truncates: true);
                        return true;
                    case "AppendAllText":
                    case "AppendAllTextAsync":
                    case "AppendAllLines":
                    case "AppendAllLinesAsync":
                    case "AppendText":
                    case "OpenWrite":
                        create = Created(invocation, path, CreateKind.OpenOrCreate, truncates: false);
                        return true;
                    default:
                        create = Created(invocation, path, CreateKind.Overwriting, truncates: true);
                        return true;
                }
            }

            if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols))
            {
                var fileInfo = invocation.Instance;
                switch (method.Name)
                {
                    case "Create":
                        create = Created(invocation, fileInfo, IsKeptInMember(invocation) ? CreateKind.HandleLock : CreateKind.Overwriting, truncates: true);
                        return true;
                    case "CreateText":
                        create = Created(invocation, fileInfo, CreateKind.Overwriting, truncates: true);
                        return true;
                    case "AppendText":
                    case "OpenWrite":
                        create = Created(invocation, fileInfo, CreateKind.OpenOrCreate, truncates: false);
                        return true;
                    case "Open":
                        return TryClassifyMode(invocation, fileInfo, invocation.Arguments, symbols, out create);
                }
            }

            return false;
        }

        private static bool TryGetCreateConstructor(IObjectCreationOperation creation, KnownSymbols symbols, out FileCreate create)
        {
            create = default;
            var constructor = creation.Constructor;
            if (constructor == null || creation.Arguments.Length == 0 || constructor.Parameters.Length == 0 ||
                constructor.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            var path = creation.Arguments.ArgumentFor(constructor.Parameters[0]);
            if (KnownSymbols.Is(creation.Type, symbols.FileStream))
            {
                return TryClassifyMode(creation, path, creation.Arguments, symbols, out create);
            }

            if (KnownSymbols.Is(creation.Type, symbols.StreamWriter))
            {
                var appends = Appends(creation.Arguments);
                create = Created(creation, path, appends ? CreateKind.OpenOrCreate : CreateKind.Overwriting, truncates: !appends);
                return true;
            }

            return false;
        }

        /// <summary>FileMode decides whether an open creates and whether it truncates; FileShare.None turns it into a handle lock.</summary>
        private static bool TryClassifyMode(IOperation operation, IOperation path, ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols, out FileCreate create)
        {
            TryGetMode(arguments, symbols, out var mode);
            var shareNone = HasShareNone(arguments, symbols);
            switch (mode)
            {
                case KnownSymbols.FileModeCreateNew:
                    create = new FileCreate(operation, path, CreateKind.Exclusive, truncates: false, createsIfMissing: true, mode);
                    return true;
                case KnownSymbols.FileModeCreate:
                    create = new FileCreate(operation, path, shareNone ? CreateKind.HandleLock : CreateKind.Overwriting, truncates: true, createsIfMissing: true, mode);
                    return true;
                case KnownSymbols.FileModeOpenOrCreate:
                case KnownSymbols.FileModeAppend:
                    create = new FileCreate(operation, path, shareNone ? CreateKind.HandleLock : CreateKind.OpenOrCreate, truncates: false, createsIfMissing: true, mode);
                    return true;
                case KnownSymbols.FileModeTruncate:
                    create = new FileCreate(operation, path, CreateKind.Overwriting, truncates: true, createsIfMissing: false, mode);
                    return true;
                case null:
                    create = new FileCreate(operation, path, CreateKind.MaybeCreates, truncates: false, createsIfMissing: false, mode);
                    return true;
                default:
                    // FileMode.Open does not create.
                    create = default;
                    return false;
            }
        }

        private static FileCreate Created(IOperation operation, IOperation path, CreateKind kind, bool truncates) =>
            new FileCreate(operation, path, kind, truncates, createsIfMissing: true, mode: null);

        /// <summary>Whether the created handle is stored beyond the statement (a field or property), i.e. held as the lock.</summary>
        public static bool IsKeptInMember(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is ISimpleAssignmentOperation assignment &&
                   (assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation);
        }

        /// <summary>A StreamWriter's <c>append</c> argument, unless it is the constant false.</summary>
        private static bool Appends(ImmutableArray<IArgumentOperation> arguments)
        {
            var append = arguments.ArgumentNamed("append");
            return append != null && !(append.ConstantValue.HasValue && append.ConstantValue.Value is bool value && !value);
        }
    }
}
