using LockAnalyzers.Tests.Infrastructure;

namespace LockAnalyzers.Tests.Package;

/// <summary>
/// Packs projects from a copy of the sources into a private feed. Working on a copy keeps the pack from touching the
/// obj/ folders that the running test build owns. Shared by the analyzer package tests and the CLI tool tests.
/// </summary>
public static class SourcePack
{
    private static readonly string[] Folders = { "src/Analyzers", "src/CodeFixes", "src/Cli", "package" };

    private static readonly string[] Files = { "Directory.Build.props", "README.md" };

    /// <summary>Copies the sources under <paramref name="root"/>/src-copy and packs each project into <paramref name="feed"/>.</summary>
    public static (bool Ok, string Output) Pack(string root, string feed, string packages, string version, params string[] projects)
    {
        var sources = Path.Combine(root, "src-copy");
        if (!Directory.Exists(sources))
        {
            foreach (var relative in Folders)
            {
                CopyDirectory(Path.Combine(RepositoryRoot.Path, relative), Path.Combine(sources, relative));
            }

            foreach (var file in Files)
            {
                File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(sources, file));
            }
        }

        var output = new System.Text.StringBuilder();
        // One in-process build node: packs run while other test assemblies build, and a crashed or recycled child node
        // (MSB4166) would fail the pack for a reason that has nothing to do with the package.
        foreach (var project in projects)
        {
            var (exit, text) = DotnetCli.Run(
                sources,
                $"pack {project} -c Release -o \"{feed}\" -p:Version={version} -m:1 -nodeReuse:false",
                new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages },
                TimeSpan.FromMinutes(10));
            output.AppendLine(text);
            if (exit != 0)
            {
                return (false, output.ToString());
            }
        }

        return (true, output.ToString());
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
