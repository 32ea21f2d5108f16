using System.Runtime.InteropServices;
using LockAnalyzers.Tests.Package;

namespace LockAnalyzers.Cli.Tests;

/// <summary>
/// Packs LockAnalyzers.Cli and LockAnalyzers from a copy of the sources into a private feed and installs the tool
/// from it with <c>dotnet tool install --tool-path</c>, once for all tool tests: the tests run what a user installs.
/// </summary>
public sealed class PackedToolFixture : IDisposable
{
    public const string Version = "0.0.1-e2e";

    public PackedToolFixture()
    {
        Root = Directory.CreateTempSubdirectory("lockanalyzers-cli-e2e-").FullName;
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        var (packed, output) = SourcePack.Pack(Root, Feed, Packages, Version, "src/Cli/LockAnalyzers.Cli.csproj", "package/LockAnalyzers.Package.csproj");
        SetupOutput = output;
        var toolPath = Path.Combine(Root, "tools");
        Tool = Path.Combine(toolPath, "lockanalyzers");
        if (packed)
        {
            var (exit, installOutput) = DotnetCli.Run(
                Root, $"tool install LockAnalyzers.Cli --tool-path \"{toolPath}\" --add-source \"{Feed}\" --version {Version}", Environment());
            SetupOutput += installOutput;
            Installed = exit == 0 && File.Exists(Tool);
        }
    }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>A private global-packages folder, so a stale package from an earlier run is never picked up.</summary>
    public string Packages { get; }

    public string Tool { get; }

    public bool Installed { get; }

    public string SetupOutput { get; }

    /// <summary>Runs the installed tool; output is stdout and stderr together.</summary>
    public (int ExitCode, string Output) Run(string workingDirectory, string arguments) =>
        DotnetCli.RunProgram(Tool, workingDirectory, arguments, Environment(), TimeSpan.FromMinutes(5));

    public (int ExitCode, string Output) Dotnet(string workingDirectory, string arguments) =>
        DotnetCli.Run(workingDirectory, arguments, Environment(), TimeSpan.FromMinutes(5));

    /// <summary>A new empty folder under the fixture's root.</summary>
    public string NewFolder(string name)
    {
        var dir = Path.Combine(Root, "cases", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A nuget.config that adds the private feed, for projects that reference the packed analyzers.</summary>
    public void WriteNuGetConfig(string dir) =>
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lockanalyzers-e2e" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

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

    private Dictionary<string, string> Environment() => new()
    {
        ["NUGET_PACKAGES"] = Packages,
        // The tool's launcher finds the runtime that runs these tests, wherever it is installed.
        ["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
    };
}
