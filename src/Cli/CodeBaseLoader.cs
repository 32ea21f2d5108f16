using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace LockAnalyzers.Cli;

/// <summary>
/// Turns the audited path into compilations: a solution or project through MSBuildWorkspace, so its references
/// resolve; a folder as loose files. A project that does not load is audited as its folder, with a warning that says
/// which and why.
/// </summary>
internal static partial class CodeBaseLoader
{
    public static async Task<LoadedCodeBase> LoadAsync(string path, Action<string> warn, ProgressLine progress, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            progress.Report("reading " + path);
            return new LoadedCodeBase(full, new[] { FolderCompilation.Create(full, warn, progress) });
        }

        if (!File.Exists(full))
        {
            throw new AuditException($"{path}: no such file or folder");
        }

        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is not (".sln" or ".slnx" or ".csproj"))
        {
            throw new AuditException($"{path}: not a .sln, .slnx, .csproj or folder");
        }

        var root = Path.GetDirectoryName(full)!;
        return new LoadedCodeBase(root, await LoadWithMSBuildAsync(full, extension, warn, progress, cancellationToken));
    }

    private static async Task<IReadOnlyList<AnalysisTarget>> LoadWithMSBuildAsync(string file, string extension, Action<string> warn, ProgressLine progress, CancellationToken cancellationToken)
    {
        RegisterMSBuild(file);
        progress.Report("loading " + Path.GetFileName(file));
        var failures = new List<string>();
        using var workspace = MSBuildWorkspace.Create();
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                failures.Add(e.Diagnostic.Message);
            }
        });

        var listed = extension == ".csproj" ? new[] { file } : ProjectsListedIn(file, extension);
        Solution solution;
        try
        {
            solution = extension == ".csproj"
                ? (await workspace.OpenProjectAsync(file, cancellationToken: cancellationToken)).Solution
                : await workspace.OpenSolutionAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (extension != ".csproj")
            {
                throw new AuditException($"cannot load {Path.GetFileName(file)}: {FirstLine(e.Message)}");
            }

            solution = workspace.CurrentSolution;
            failures.Add(FirstLine(e.Message));
        }

        var targets = new List<AnalysisTarget>();
        // A project's own references are loaded too, for their symbols; only the projects asked for are audited.
        var projects = solution.Projects
            .Where(p => p.Language == LanguageNames.CSharp && (extension != ".csproj" || string.Equals(p.FilePath, file, StringComparison.Ordinal)))
            .ToList();
        var loadedPaths = projects.Select(p => p.FilePath).Where(p => p != null).ToHashSet(StringComparer.Ordinal);
        var unloaded = listed.Where(p => !loadedPaths.Contains(p)).ToList();
        foreach (var (project, index) in projects.Select((p, i) => (p, i)))
        {
            // A project file MSBuild could not evaluate still appears, empty, beside the failure that names it.
            if (project.FilePath != null && !project.Documents.Any() && failures.Any(f => f.Contains(Path.GetFileName(project.FilePath), StringComparison.OrdinalIgnoreCase)))
            {
                unloaded.Add(project.FilePath);
                continue;
            }

            progress.Report($"compiling {project.Name} ({index + 1}/{projects.Count})");
            if (project.FilePath != null && !File.Exists(Path.Combine(Path.GetDirectoryName(project.FilePath)!, "obj", "project.assets.json")))
            {
                warn($"{Path.GetFileName(project.FilePath)} has not been restored (run dotnet restore first): its references do not resolve");
            }

            var compilation = await project.GetCompilationAsync(cancellationToken);
            if (compilation != null)
            {
                targets.Add(new AnalysisTarget(project.Name, compilation, project.AnalyzerOptions));
            }
        }

        foreach (var missing in unloaded.Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal))
        {
            var reason = failures.FirstOrDefault(f => f.Contains(Path.GetFileName(missing), StringComparison.OrdinalIgnoreCase)) ?? failures.FirstOrDefault() ?? "MSBuild did not load it";
            var folder = Path.GetDirectoryName(missing)!;
            if (!Directory.Exists(folder))
            {
                warn($"cannot load {Path.GetFileName(missing)}: {FirstLine(reason)}; its folder does not exist either");
                continue;
            }

            warn($"cannot load {Path.GetFileName(missing)}: {FirstLine(reason)}; auditing its folder instead");
            try
            {
                targets.Add(FolderCompilation.Create(folder, warn, progress));
            }
            catch (AuditException e)
            {
                warn(e.Message);
            }
        }

        if (targets.Count == 0)
        {
            throw new AuditException($"nothing could be loaded from {Path.GetFileName(file)}" + (failures.Count > 0 ? ": " + FirstLine(failures[0]) : ""));
        }

        return targets;
    }

    private static void RegisterMSBuild(string file)
    {
        if (MSBuildLocator.IsRegistered)
        {
            return;
        }

        var instance = MSBuildLocator.QueryVisualStudioInstances().OrderByDescending(i => i.Version).FirstOrDefault()
            ?? throw new AuditException($"cannot load {Path.GetFileName(file)}: no .NET SDK found (install one, or audit the folder instead)");
        MSBuildLocator.RegisterInstance(instance);
    }

    /// <summary>The .csproj paths a solution lists, so a project that fails to load can still be named and audited as a folder.</summary>
    private static IReadOnlyList<string> ProjectsListedIn(string solution, string extension)
    {
        var folder = Path.GetDirectoryName(solution)!;
        try
        {
            var relative = extension == ".slnx"
                ? XDocument.Load(solution).Descendants("Project").Select(p => (string?)p.Attribute("Path")).Where(p => p != null).Select(p => p!)
                : SolutionProjectLine().Matches(File.ReadAllText(solution)).Select(m => m.Groups[1].Value);
            return relative.Select(p => Path.GetFullPath(Path.Combine(folder, p.Replace('\\', Path.DirectorySeparatorChar)))).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            throw new AuditException($"cannot read {Path.GetFileName(solution)}: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    [GeneratedRegex("""^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+\.csproj)"\s*,""", RegexOptions.Multiline)]
    private static partial Regex SolutionProjectLine();
}
