using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using LockAnalyzers.Tests.Package;

namespace LockAnalyzers.Cli.Tests;

/// <summary>The packed and installed `lockanalyzers` tool, as a user runs it on a solution, a folder, and against a baseline.</summary>
[Trait("Category", "Package")]
public sealed class ToolEndToEndTests : IClassFixture<PackedToolFixture>
{
    private const string NewBug = """
        using System.IO;

        public static class PidFile
        {
            public static void Claim(string pidPath)
            {
                if (!File.Exists(pidPath))
                {
                    File.WriteAllText(pidPath, "1");
                }
            }
        }
        """;

    private readonly PackedToolFixture _fixture;

    public ToolEndToEndTests(PackedToolFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.Installed, "packing or installing the tool failed:\n" + fixture.SetupOutput);
    }

    [Fact]
    public void Restored_solution_is_audited_and_its_build_honours_the_baseline_under_warnaserror()
    {
        var dir = _fixture.NewFolder("solution");
        _fixture.WriteNuGetConfig(dir);
        Directory.CreateDirectory(Path.Combine(dir, "App"));
        File.WriteAllText(Path.Combine(dir, "App", "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LockAnalyzers" Version="{PackedToolFixture.Version}" />
                <AdditionalFiles Include="..\lockanalyzers.baseline.json" Condition="Exists('..\lockanalyzers.baseline.json')" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "App", "LegacyLock.cs"), LegacySnippet.Source);
        var (created, createdOutput) = _fixture.Dotnet(dir, "new sln -n Locks --format sln");
        Assert.True(created == 0, createdOutput);
        var (added, addedOutput) = _fixture.Dotnet(dir, "sln Locks.sln add App/App.csproj");
        Assert.True(added == 0, addedOutput);
        var (restore, restoreOutput) = _fixture.Dotnet(dir, "restore Locks.sln");
        Assert.True(restore == 0, restoreOutput);

        var (exit, output) = _fixture.Run(dir, "audit Locks.sln");
        Assert.True(exit == 1, output);
        Assert.Matches(@"App[/\\]LegacyLock\.cs:17:\d+: Lock '_lockPath' is created after an existence check", output);
        Assert.Contains("> 17 |", output);
        Assert.Matches(@"LCK006\s+Lock acquired by check-then-create\s+1\s+yes", output);
        Assert.DoesNotContain("warning:", output);

        var (write, writeOutput) = _fixture.Run(dir, "audit Locks.sln --write-baseline lockanalyzers.baseline.json");
        Assert.True(write == 0, writeOutput);
        Assert.Contains("\"path\": \"App/LegacyLock.cs\"", File.ReadAllText(Path.Combine(dir, "lockanalyzers.baseline.json")));

        var (build, buildOutput) = _fixture.Dotnet(dir, "build Locks.sln -warnaserror");
        Assert.True(build == 0, "every finding is in the baseline, so -warnaserror passes:\n" + buildOutput);
        Assert.DoesNotMatch(@"(warning|error) LCK\d{3}", buildOutput);

        File.WriteAllText(Path.Combine(dir, "App", "PidFile.cs"), NewBug);
        var (strict, strictOutput) = _fixture.Dotnet(dir, "build Locks.sln -warnaserror --no-incremental");
        Assert.True(strict != 0, "the new bug fails the build:\n" + strictOutput);
        var errors = Regex.Matches(strictOutput, @"([\w.]+\.cs)\(\d+,\d+\): error (LCK\d{3})").Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).Distinct().ToList();
        Assert.Equal(new[] { "PidFile.cs LCK006" }, errors);

        var (audit, auditOutput) = _fixture.Run(dir, "audit Locks.sln --baseline lockanalyzers.baseline.json");
        Assert.True(audit == 1, auditOutput);
        Assert.Contains("PidFile.cs:9:", auditOutput);
        Assert.DoesNotContain("LegacyLock.cs:", auditOutput);
        Assert.Contains("1 new finding;", auditOutput);
    }

    [Fact]
    public void Project_that_does_not_load_is_named_and_audited_as_its_folder()
    {
        var dir = _fixture.NewFolder("broken-project");
        Directory.CreateDirectory(Path.Combine(dir, "Broken"));
        File.WriteAllText(Path.Combine(dir, "Broken", "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(dir, "Broken", "PidFile.cs"), NewBug);
        var (created, createdOutput) = _fixture.Dotnet(dir, "new sln -n Broken --format sln");
        Assert.True(created == 0, createdOutput);
        var (added, addedOutput) = _fixture.Dotnet(dir, "sln Broken.sln add Broken/Broken.csproj");
        Assert.True(added == 0, addedOutput);
        File.WriteAllText(Path.Combine(dir, "Broken", "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");

        var (exit, output) = _fixture.Run(dir, "audit Broken.sln");
        Assert.True(exit == 1, output);
        Assert.Matches(@"lockanalyzers: warning: cannot load Broken\.csproj: .+; auditing its folder instead", output);
        Assert.Contains("PidFile.cs:9:", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void Folder_mode_writes_sarif_that_validates_against_the_schema()
    {
        var dir = _fixture.NewFolder("sarif");
        Directory.CreateDirectory(Path.Combine(dir, "src", "bin"));
        File.WriteAllText(Path.Combine(dir, "src", "LegacyLock.cs"), LegacySnippet.Source);
        File.WriteAllText(Path.Combine(dir, "src", "bin", "Ignored.cs"), NewBug);
        var (exit, output) = _fixture.Run(dir, "audit src --sarif lock.sarif");
        Assert.True(exit == 1, output);
        Assert.DoesNotContain("Ignored.cs", output);

        var sarif = File.ReadAllText(Path.Combine(dir, "lock.sarif"));
        var schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Sarif", "sarif-schema-2.1.0.json"));
        using var document = System.Text.Json.JsonDocument.Parse(sarif);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, "SARIF does not validate:\n" + string.Join("\n", (result.Details ?? new List<EvaluationResults>()).Where(d => d.Errors != null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value)).Take(20)));

        var run = JsonNode.Parse(sarif)!["runs"]![0]!;
        Assert.Equal("LockAnalyzers", (string?)run["tool"]!["driver"]!["name"]);
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Equal(DiagnosticCatalogue.All.Length, rules.Count);
        Assert.All(rules, r => Assert.StartsWith(DiagnosticCatalogue.HelpLinkBase, (string?)r!["helpUri"]));
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty((string?)r!["fullDescription"]!["text"])));
        Assert.StartsWith("file:///", (string?)run["originalUriBaseIds"]!["SRCROOT"]!["uri"]);
        var results = run["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.All(results, r =>
        {
            var location = r!["locations"]![0]!["physicalLocation"]!;
            Assert.Equal("LegacyLock.cs", (string?)location["artifactLocation"]!["uri"]);
            Assert.Equal("SRCROOT", (string?)location["artifactLocation"]!["uriBaseId"]);
            Assert.True((int)location["region"]!["startLine"]! > 0);
        });

        var clean = _fixture.NewFolder("clean");
        File.WriteAllText(Path.Combine(clean, "Plain.cs"), "public static class Plain { public static int Two() => 2; }");
        var (cleanExit, cleanOutput) = _fixture.Run(clean, "audit . --rules LCK001,LCK006");
        Assert.True(cleanExit == 0, cleanOutput);
        Assert.Contains("0 findings", cleanOutput);
    }

    [Fact]
    public void Baseline_survives_edits_elsewhere_reports_only_new_bugs_and_lists_fixed_ones()
    {
        var dir = _fixture.NewFolder("baseline");
        var code = Path.Combine(dir, "code");
        Directory.CreateDirectory(code);
        var legacy = Path.Combine(code, "LegacyLock.cs");
        File.WriteAllText(legacy, LegacySnippet.Source);

        var (write, writeOutput) = _fixture.Run(dir, "audit code --write-baseline lockanalyzers.baseline.json");
        Assert.True(write == 0, writeOutput);
        var (same, sameOutput) = _fixture.Run(dir, "audit code --baseline lockanalyzers.baseline.json");
        Assert.True(same == 0, sameOutput);
        Assert.Contains("0 new findings", sameOutput);

        // Move code around: blank lines and a comment on top, the heartbeat method moved before the others, the
        // check-then-create re-indented. Nothing is new.
        var text = File.ReadAllText(legacy);
        var beat = Regex.Match(text, @"\n    private void Beat\(\)\n    \{.*?\n    \}\n", RegexOptions.Singleline).Value;
        Assert.NotEmpty(beat);
        text = "// moved around\n\n\n" + text.Replace(beat, "\n").Replace("    public JobLock(string dir)", beat + "\n\n    public JobLock(string dir)")
            .Replace("if (!File.Exists(_lockPath))", "if (  !File.Exists( _lockPath ) )");
        File.WriteAllText(legacy, text);
        var (moved, movedOutput) = _fixture.Run(dir, "audit code --baseline lockanalyzers.baseline.json");
        Assert.True(moved == 0, movedOutput);
        Assert.Contains("0 new findings", movedOutput);

        // A new bug in a new file: only it is reported.
        File.WriteAllText(Path.Combine(code, "PidFile.cs"), NewBug);
        var (fresh, freshOutput) = _fixture.Run(dir, "audit code --baseline lockanalyzers.baseline.json --sarif new.sarif");
        Assert.True(fresh == 1, freshOutput);
        Assert.Contains("1 new finding;", freshOutput);
        Assert.Contains("PidFile.cs:9:", freshOutput);
        Assert.DoesNotContain("LegacyLock.cs:", freshOutput);
        Assert.Single(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "new.sarif")))!["runs"]![0]!["results"]!.AsArray());

        // A baselined bug fixed: listed as fixed, and with the new file gone the audit passes.
        File.Delete(Path.Combine(code, "PidFile.cs"));
        File.WriteAllText(legacy, text.Replace(
            "if (  !File.Exists( _lockPath ) )\n        {\n            File.WriteAllText(_lockPath, Process.GetCurrentProcess().Id.ToString());",
            "try\n        {\n            using (new FileStream(_lockPath, FileMode.CreateNew)) { }"));
        Assert.DoesNotContain("File.Exists( _lockPath", File.ReadAllText(legacy));
        var (fixedExit, fixedOutput) = _fixture.Run(dir, "audit code --baseline lockanalyzers.baseline.json");
        Assert.Contains("Fixed since the baseline", fixedOutput);
        Assert.Matches(@"LCK006 code/LegacyLock\.cs M:JobLock\.TryAcquire", fixedOutput);
        Assert.True(fixedExit == 0, fixedOutput);
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "missing path", "audit does-not-exist", "no such file or folder" },
        { "unloadable solution", "audit broken.sln", "cannot load broken.sln" },
        { "folder with no C#", "audit empty", "no C# files" },
        { "malformed baseline", "audit code --baseline bad.json", "baseline bad.json is malformed: line 1" },
        { "unknown rule", "audit code --rules LCK042", "unknown rule 'LCK042'" },
        { "unknown option", "audit code --frobnicate", "unknown option '--frobnicate'" },
        { "no path", "audit", "audit needs a path" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_2_with_a_one_line_reason(string name, string arguments, string reason)
    {
        var dir = _fixture.NewFolder("bad-" + name.Replace(' ', '-'));
        Directory.CreateDirectory(Path.Combine(dir, "empty"));
        Directory.CreateDirectory(Path.Combine(dir, "code"));
        File.WriteAllText(Path.Combine(dir, "code", "LegacyLock.cs"), LegacySnippet.Source);
        File.WriteAllText(Path.Combine(dir, "broken.sln"), "this is not a solution\n");
        File.WriteAllText(Path.Combine(dir, "bad.json"), "{ \"version\": 1, \"entries\": [ { \"rule\": \"LCK006\" ");

        var (exit, output) = _fixture.Run(dir, arguments);
        Assert.True(exit == 2, $"{name}: exit {exit}\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("lockanalyzers: error: ", lines[0]);
        Assert.Contains(reason, lines[0]);
    }

    [Fact]
    public void Unreadable_binary_and_huge_files_are_skipped_with_a_warning_each_and_the_rest_is_audited()
    {
        var dir = _fixture.NewFolder("odd-files");
        File.WriteAllText(Path.Combine(dir, "LegacyLock.cs"), LegacySnippet.Source);
        File.WriteAllBytes(Path.Combine(dir, "Image.cs"), new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D });
        File.CreateSymbolicLink(Path.Combine(dir, "Gone.cs"), Path.Combine(dir, "nowhere", "Gone.cs"));
        var unreadable = Path.Combine(dir, "Secret.cs");
        File.WriteAllText(unreadable, "class Secret { }");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(unreadable, UnixFileMode.None);
        }
        var line = "    public static int M(int x) { var y = x * 3; if (y > 3) { return y + 1; } return y - 1; }\n";
        File.WriteAllText(Path.Combine(dir, "Huge.cs"), "public static class Huge {\n" + string.Concat(Enumerable.Repeat(line, 10 * 1024 * 1024 / line.Length)) + "}\n");

        var (exit, output) = _fixture.Run(dir, "audit .");
        Assert.True(exit == 1, output);
        Assert.Contains("lockanalyzers: warning: skipped Image.cs: binary content", output);
        Assert.Contains("lockanalyzers: warning: skipped Gone.cs:", output);
        Assert.Matches(@"lockanalyzers: warning: skipped Huge\.cs: 10\.0 MB", output);
        if (!string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal))
        {
            Assert.Contains("lockanalyzers: warning: skipped Secret.cs: permission denied", output);
        }

        Assert.Contains("LegacyLock.cs:", output);
        Assert.DoesNotContain("   at ", output);
    }
}
