using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Cli;

/// <summary>
/// A folder of loose .cs files as one code base: its files, and the references they are compiled against. Shared by
/// the CLI's folder mode and the analyzer benchmark (linked there), so both see the same code the same way.
/// </summary>
public static class FolderSources
{
    /// <summary>The running framework's own assemblies (not the host's Roslyn dependencies), plus any DLLs under <paramref name="extraFolder"/>.</summary>
    public static IReadOnlyList<MetadataReference> FrameworkReferences(string? extraFolder = null)
    {
        var frameworkDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p)?.TrimEnd(Path.DirectorySeparatorChar), frameworkDir, StringComparison.Ordinal))
            .ToList();
        if (extraFolder != null)
        {
            paths.AddRange(Directory.EnumerateFiles(extraFolder, "*.dll", SearchOption.AllDirectories));
        }

        return paths.OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    /// <summary>Every .cs file under <paramref name="folder"/>, bin/ and obj/ skipped, in ordinal order.</summary>
    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None })
            .Where(p => !Path.GetRelativePath(folder, p).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(p => p, StringComparer.Ordinal);
}
