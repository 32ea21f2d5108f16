using LockAnalyzers.DocGen;

// Usage: dotnet run --project tools/DocGen [-- --check] [-- --root <repository>]
var check = args.Contains("--check");
var rootIndex = Array.IndexOf(args, "--root");
var root = rootIndex >= 0 && rootIndex + 1 < args.Length ? args[rootIndex + 1] : CatalogueFiles.FindRepositoryRoot(Environment.CurrentDirectory);
if (root == null)
{
    Console.Error.WriteLine("LockAnalyzers.sln not found above " + Environment.CurrentDirectory + "; pass --root <repository>");
    return 2;
}

var stale = 0;
foreach (var file in CatalogueFiles.Render(root))
{
    var path = Path.Combine(root, file.RelativePath);
    var current = File.Exists(path) ? File.ReadAllText(path) : null;
    if (current == file.Content)
    {
        continue;
    }

    stale++;
    if (check)
    {
        Console.Error.WriteLine(file.RelativePath + " differs from DiagnosticCatalogue");
    }
    else
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.Content);
        Console.WriteLine("wrote " + file.RelativePath);
    }
}

if (check && stale > 0)
{
    Console.Error.WriteLine("run: dotnet run --project tools/DocGen");
    return 1;
}

return 0;
