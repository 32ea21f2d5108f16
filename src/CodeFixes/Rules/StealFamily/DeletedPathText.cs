using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes.Rules.StealFamily
{
    /// <summary>
    /// The lock path a delete removes, as the text a fix passes to the runtime in its place (LCK002's TryBreakStale,
    /// LCK003's TryRetire): <c>File.Delete(p)</c>'s argument, or <c>fileInfo.FullName</c> for <c>fileInfo.Delete()</c>.
    /// </summary>
    internal static class DeletedPathText
    {
        /// <summary>The text of <paramref name="deleted"/>, what <see cref="FileCalls.DeletedPath"/> found for <paramref name="delete"/>.</summary>
        public static string Of(IInvocationOperation delete, IOperation deleted, KnownSymbols symbols) =>
            KnownSymbols.Is(delete.Instance?.Type, symbols.FileInfo)
                ? delete.Instance!.Syntax + ".FullName"
                : deleted.Syntax.ToString();
    }
}
