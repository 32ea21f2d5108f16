using LockAnalyzers.Tests.Infrastructure;

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
        var sources = Path.Combine(Root, "src-copy");
        foreach (var relative in new[] { "src/Analyzers", "src/CodeFixes", "package" })
        {
            CopyDirectory(Path.Combine(RepositoryRoot.Path, relative), Path.Combine(sources, relative));
        }

        foreach (var file in new[] { "Directory.Build.props", "README.md" })
        {
            File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(sources, file));
        }

        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        var (exit, output) = DotnetCli.Run(
            sources,
            $"pack package/LockAnalyzers.Package.csproj -c Release -o \"{Feed}\" -p:Version={Version}",
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages });
        PackOutput = output;
        Packed = exit == 0 && File.Exists(Path.Combine(Feed, $"LockAnalyzers.{Version}.nupkg"));
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

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj")
            {
                continue;
            }

            CopyDirectory(dir, Path.Combine(to, name));
        }
    }
}
