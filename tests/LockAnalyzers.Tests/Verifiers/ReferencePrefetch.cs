using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Tests.Verifiers;

/// <summary>
/// Installs every reference set's packages once, one set after the other, when the test assembly loads. On a machine
/// that has none yet, tests running in parallel otherwise install the same packages into the shared package folder at
/// the same time, and a test could compile against a set that was only partly there (seen as "The type or namespace
/// name 'Abstractions' does not exist" in the one System.IO.Abstractions test on a fresh machine).
/// </summary>
internal static class ReferencePrefetch
{
    [ModuleInitializer]
    internal static void InstallReferenceSets()
    {
        foreach (var set in new[] { TestReferences.Net80, TestReferences.Net80WithAbstractions })
        {
            set.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
