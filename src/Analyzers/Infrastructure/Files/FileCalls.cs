using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The one model of the System.IO calls the rules reason about: creates (<c>FileCalls.Creates.cs</c>), reads and
    /// existence tests (<c>FileCalls.Reads.cs</c>), deletes and moves (<c>FileCalls.Removals.cs</c>), each with the path
    /// operand it acts on. A FileInfo method's operand is the FileInfo itself; <see cref="PathOfFileInfo"/> follows it
    /// back to the path it was built from. Every rule reads these, so two rules never disagree on what a call does.
    /// </summary>
    internal static partial class FileCalls
    {
        /// <summary>
        /// Follows a FileInfo operand back to the path it was built from, when that is visible: <c>new FileInfo(p)</c>
        /// directly or through a local assigned once, and <c>fi.FullName</c>. Anything else comes back unwrapped.
        /// </summary>
        public static IOperation? PathOfFileInfo(IOperation? path, KnownSymbols symbols)
        {
            for (var depth = 0; path != null && depth < 4; depth++)
            {
                var unwrapped = path.Unwrap();
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
                    var initializer = MemberPathIndex.Of(unwrapped).SingleValue(local.Local);
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

        /// <summary>The path handed to any File call or a FileStream/FileInfo constructor (its first, string parameter), or null.</summary>
        public static IOperation? PathArgument(IOperation operation, KnownSymbols symbols)
        {
            IMethodSymbol? method;
            ImmutableArray<IArgumentOperation> arguments;
            switch (operation)
            {
                case IInvocationOperation invocation when KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.File):
                    method = invocation.TargetMethod;
                    arguments = invocation.Arguments;
                    break;
                case IObjectCreationOperation creation when creation.Constructor != null &&
                                                           (KnownSymbols.Is(creation.Type, symbols.FileStream) || KnownSymbols.Is(creation.Type, symbols.FileInfo)):
                    method = creation.Constructor;
                    arguments = creation.Arguments;
                    break;
                default:
                    return null;
            }

            if (method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == 0)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        public static bool IsFileInfo(ITypeSymbol? type, KnownSymbols symbols) => KnownSymbols.Is(type, symbols.FileInfo);

        /// <summary>The FileMode argument (typed FileMode, or the parameter named <c>mode</c>): whether there is one, and its constant value.</summary>
        private static bool TryGetMode(ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols, out int? mode)
        {
            foreach (var argument in arguments)
            {
                if (KnownSymbols.Is(argument.Value.Type, symbols.FileMode) || argument.Parameter?.Name == "mode")
                {
                    mode = argument.Value.ConstantValue.HasValue && argument.Value.ConstantValue.Value is int value ? value : (int?)null;
                    return true;
                }
            }

            mode = null;
            return false;
        }

        /// <summary>Whether a constant <c>FileShare.None</c> is passed.</summary>
        public static bool HasShareNone(ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols)
        {
            foreach (var argument in arguments)
            {
                var value = argument.Value;
                if (KnownSymbols.Is(value.Type, symbols.FileShare) && value.ConstantValue.HasValue && value.ConstantValue.Value is int share &&
                    share == KnownSymbols.FileShareNone)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
