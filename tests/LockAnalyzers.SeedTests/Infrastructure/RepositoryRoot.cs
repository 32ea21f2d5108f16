namespace LockAnalyzers.SeedTests.Infrastructure;

/// <summary>Finds the repository root (the folder holding LockAnalyzers.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>Where the seed tests put builds, fixed sources and journals: under artifacts/, never committed.</summary>
    public static string Artifacts { get; } = System.IO.Path.Combine(Path, "artifacts", "seed-tests");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(System.IO.Path.Combine(dir.FullName, "LockAnalyzers.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LockAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
