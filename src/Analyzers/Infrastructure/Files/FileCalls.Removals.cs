using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    internal static partial class FileCalls
    {
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

        /// <summary>File.Move/Replace or FileInfo.MoveTo of <em>source</em> away: the path moved away, or for Replace the destination clobbered.</summary>
        public static IOperation? MovedAwayPath(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length >= 2)
            {
                if (method.Name == "Move")
                {
                    return invocation.Arguments.ArgumentNamed("sourceFileName") ?? invocation.Arguments[0].Value;
                }

                if (method.Name == "Replace")
                {
                    return invocation.Arguments.ArgumentNamed("destinationFileName") ?? invocation.Arguments[1].Value;
                }
            }

            if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) && method.Name == "MoveTo")
            {
                return invocation.Instance;
            }

            return null;
        }

        /// <summary>The source of a move, replace or copy (to recognise "write a temp file, then move it into place").</summary>
        public static IOperation? MoveSource(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (KnownSymbols.Is(method.ContainingType, symbols.File) && invocation.Arguments.Length >= 2 &&
                (method.Name == "Move" || method.Name == "Replace" || method.Name == "Copy"))
            {
                return invocation.Arguments.ArgumentNamed("sourceFileName") ?? invocation.Arguments[0].Value;
            }

            if (invocation.Instance != null && IsFileInfo(invocation.Instance.Type, symbols) &&
                (method.Name == "MoveTo" || method.Name == "Replace" || method.Name == "CopyTo"))
            {
                return invocation.Instance;
            }

            return null;
        }
    }
}
