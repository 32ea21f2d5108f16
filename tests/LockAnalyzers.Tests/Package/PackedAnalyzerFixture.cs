namespace LockAnalyzers.Tests.Package;

/// <summary>
/// Packs LockAnalyzers from a copy of the sources into a private feed, once for all package tests. Working on a copy
/// keeps the pack from touching the obj/ folders that the running test build owns.
/// </summary>
public sealed class PackedAnalyzerFixture : IDisposable
{
    public const string Version = "0.0.1-e2e";

    public PackedAnalyzerFixture()
    {
        Root = Directory.CreateTempSubdirectory("lockanalyzers-e2e-").FullName;
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        (Packed, PackOutput) = SourcePack.Pack(Root, Feed, Packages, Version, "package/LockAnalyzers.Package.csproj");
        Packed = Packed && File.Exists(Path.Combine(Feed, $"LockAnalyzers.{Version}.nupkg"));
    }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>A private global-packages folder, so a stale LockAnalyzers from an earlier run is never picked up.</summary>
    public string Packages { get; }

    public bool Packed { get; }

    public string PackOutput { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
