using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.SeedTests.Pipeline;

/// <summary>
/// What a seed compiles against: the shared framework the test itself runs on (the children run on the same one), plus
/// LockAnalyzers.Runtime and Microsoft.Extensions.Logging.Abstractions, which are copied next to every emitted build.
/// </summary>
public static class SeedReferences
{
    public static string FrameworkDirectory { get; } = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary>Assemblies that must sit beside an emitted seed build so `dotnet seed.dll` can load them.</summary>
    public static IReadOnlyList<string> AppLocalAssemblies { get; } = new[]
    {
        typeof(LockAnalyzers.Runtime.LockFile).Assembly.Location,
        typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location,
    };

    public static ImmutableArray<MetadataReference> All { get; } = Create();

    private static ImmutableArray<MetadataReference> Create()
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var framework = tpa.Where(p => string.Equals(Path.GetDirectoryName(p), FrameworkDirectory, StringComparison.Ordinal));
        return framework.Concat(AppLocalAssemblies)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
