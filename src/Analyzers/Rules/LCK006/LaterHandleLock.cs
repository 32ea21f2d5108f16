using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>
    /// A <c>FileShare.None</c> open of the created path, later in the same member, whose handle is kept in a field or
    /// property: then the lock is that handle, and a create guarded by an existence test only makes sure there is a
    /// file to open (<c>if (!File.Exists(p)) File.WriteAllLines(p, …); _lock = File.Open(p, …, FileShare.None);</c>).
    /// Two contenders may both create the empty file, but only one gets the handle, so the check decides nothing.
    /// </summary>
    internal static class LaterHandleLock
    {
        public static bool Follows(SyntaxNode create, IOperation createPath, KnownSymbols symbols)
        {
            var end = create.Span.End;
            foreach (var operation in IOperationExtensions.DescendantsOf(IOperationExtensions.MemberRoot(createPath)))
            {
                if (operation.Syntax.SpanStart >= end && FileCalls.IsKeptInMember(operation) && OpensUnshared(operation, symbols, out var opened) &&
                    PathIdentity.Same(opened, createPath, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A File.Open, FileInfo.Open or FileStream constructor that passes <c>FileShare.None</c>, and the path it opens.</summary>
        private static bool OpensUnshared(IOperation operation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments;
            switch (operation)
            {
                case IInvocationOperation open when open.TargetMethod.Name == "Open" && KnownSymbols.Is(open.TargetMethod.ContainingType, symbols.File):
                    path = FileCalls.PathArgument(open, symbols);
                    arguments = open.Arguments;
                    break;
                case IInvocationOperation open when open.TargetMethod.Name == "Open" && open.Instance != null && FileCalls.IsFileInfo(open.Instance.Type, symbols):
                    path = FileCalls.PathOfFileInfo(open.Instance, symbols);
                    arguments = open.Arguments;
                    break;
                case IObjectCreationOperation stream when KnownSymbols.Is(stream.Type, symbols.FileStream):
                    path = FileCalls.PathArgument(stream, symbols);
                    arguments = stream.Arguments;
                    break;
                default:
                    return false;
            }

            return path != null && FileCalls.HasShareNone(arguments, symbols);
        }
    }
}
