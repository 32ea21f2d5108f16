namespace LockAnalyzers.Runtime.Internal;

/// <summary>The exceptions a file-system call throws for an environmental failure (I/O error, permission, unsupported
/// operation), which the runtime classifies into a <see cref="LockHealth"/>; anything else is a bug and propagates.</summary>
internal static class IoFailure
{
    internal static bool Is(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException;
}
