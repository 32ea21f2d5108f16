using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace LockAnalyzers.Tests.Verifiers;

/// <summary>The reference sets test code compiles against: .NET 8 (the oldest supported SDK) and, optionally, LockAnalyzers.Runtime.</summary>
public static class TestReferences
{
    public static ReferenceAssemblies Net80 { get; } =
        new ReferenceAssemblies("net8.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.31"), Path.Combine("ref", "net8.0"))
            .AddPackages(ImmutableArray.Create(new PackageIdentity("Microsoft.Extensions.Logging.Abstractions", "8.0.0")));

    /// <summary>.NET 8 with System.IO.Abstractions (the version nuget.tsv serves), for the file-system abstraction tests.</summary>
    public static ReferenceAssemblies Net80WithAbstractions { get; } =
        Net80.AddPackages(ImmutableArray.Create(
            new PackageIdentity("Testably.Abstractions.FileSystem.Interface", "11.0.0"),
            new PackageIdentity("TestableIO.System.IO.Abstractions", "23.0.0")));

    public static MetadataReference Runtime { get; } =
        MetadataReference.CreateFromFile(typeof(LockAnalyzers.Runtime.LockHeartbeat).Assembly.Location);
}
