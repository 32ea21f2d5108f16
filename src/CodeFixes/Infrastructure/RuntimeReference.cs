using Microsoft.CodeAnalysis;

namespace LockAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Fixes that call LockAnalyzers.Runtime are offered only when its types resolve in the compilation.</summary>
    internal static class RuntimeReference
    {
        public const string Namespace = "LockAnalyzers.Runtime";

        public static bool IsAvailable(Compilation? compilation, string typeName = "LockHeartbeat") =>
            compilation?.GetTypeByMetadataName(Namespace + "." + typeName) != null;
    }
}
