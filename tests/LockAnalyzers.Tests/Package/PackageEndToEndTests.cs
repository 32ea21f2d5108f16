using System.Text.RegularExpressions;

namespace LockAnalyzers.Tests.Package;

/// <summary>
/// Proves the package works for a user: a netstandard2.0 project that references LockAnalyzers from a feed gets the
/// LCK warnings, fails under -warnaserror, and an .editorconfig severity line silences exactly one rule.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageEndToEndTests : IClassFixture<PackedAnalyzerFixture>
{
    private readonly PackedAnalyzerFixture _fixture;

    public PackageEndToEndTests(PackedAnalyzerFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.Packed, "dotnet pack failed:\n" + fixture.PackOutput);
    }

    [Fact]
    public void Package_holds_analyzers_only_and_is_a_development_dependency()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(_fixture.Feed, $"LockAnalyzers.{PackedAnalyzerFixture.Version}.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("analyzers/dotnet/cs/LockAnalyzers.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/LockAnalyzers.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Contains("build/LockAnalyzers.props", entries);
        Assert.Contains("buildTransitive/LockAnalyzers.props", entries);
        Assert.All(new[] { "Default", "Strict", "None" }, mode => Assert.Contains($"build/LockAnalyzers.{mode}.globalconfig", entries));
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", text);
        Assert.DoesNotContain("<dependency ", text);
    }

    [Fact]
    public void Consumer_build_reports_fails_under_warnaserror_and_honours_editorconfig()
    {
        var consumer = CreateConsumer("consumer");

        var (exit, output) = Build(consumer, "");
        Assert.True(exit == 0, "the consumer should build with warnings:\n" + output);
        var reported = ReportedRules(output, "warning");
        Assert.True(reported.Count >= 2, "expected at least two LCK rules on the legacy snippet, got: " + string.Join(", ", reported) + "\n" + output);

        var (strictExit, strictOutput) = Build(consumer, "--no-incremental -warnaserror");
        Assert.NotEqual(0, strictExit);
        Assert.NotEmpty(ReportedRules(strictOutput, "error"));

        var silenced = reported.First();
        File.WriteAllText(Path.Combine(consumer, ".editorconfig"), $"root = true\n\n[*.cs]\ndotnet_diagnostic.{silenced}.severity = none\n");
        var (quietExit, quietOutput) = Build(consumer, "--no-incremental");
        Assert.Equal(0, quietExit);
        var remaining = ReportedRules(quietOutput, "warning");
        Assert.DoesNotContain(silenced, remaining);
        Assert.Equal(reported.Where(r => r != silenced).OrderBy(r => r), remaining.OrderBy(r => r));
    }

    [Theory]
    [InlineData("Strict")]
    [InlineData("None")]
    public void Severity_preset_makes_every_rule_an_error_or_silences_all(string mode)
    {
        var consumer = CreateConsumer("preset-" + mode, $"<LockAnalysisMode>{mode}</LockAnalysisMode>");
        var (exit, output) = Build(consumer, "");
        if (mode == "Strict")
        {
            Assert.True(exit != 0, "Strict should fail the build:\n" + output);
            Assert.True(ReportedRules(output, "error").Count >= 2, "Strict should report the rules as errors:\n" + output);
            Assert.Empty(ReportedRules(output, "warning"));
        }
        else
        {
            Assert.True(exit == 0, "None should build:\n" + output);
            Assert.DoesNotContain("LCK0", output);
        }
    }

    [Fact]
    public void Dotnet_format_applies_a_rules_fixes_in_bulk()
    {
        var consumer = CreateConsumer("format");
        var (before, beforeOutput) = Build(consumer, "");
        Assert.True(before == 0, beforeOutput);
        Assert.Contains("LCK006", ReportedRules(beforeOutput, "warning"));

        var (formatExit, formatOutput) = DotnetCli.Run(
            consumer, "format analyzers --diagnostics LCK006 --severity warn --no-restore", new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.Packages });
        Assert.True(formatExit == 0, "dotnet format failed:\n" + formatOutput);
        Assert.Contains("FileMode.CreateNew", File.ReadAllText(Path.Combine(consumer, "LegacyLock.cs")).Split("Dispose")[0].Split("TryAcquire")[1]);

        var (after, afterOutput) = Build(consumer, "--no-incremental");
        Assert.True(after == 0, "the fixed consumer should build:\n" + afterOutput);
        Assert.DoesNotContain("LCK006", ReportedRules(afterOutput, "warning"));
    }

    private string CreateConsumer(string name, string properties = "")
    {
        var dir = Path.Combine(_fixture.Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lockanalyzers-e2e" value="{_fixture.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <LangVersion>latest</LangVersion>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LockAnalyzers" Version="{PackedAnalyzerFixture.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "LegacyLock.cs"), LegacySnippet.Source);
        return dir;
    }

    private (int, string) Build(string project, string extra) =>
        DotnetCli.Run(project, "build -nologo " + extra, new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.Packages });

    private static List<string> ReportedRules(string output, string severity) =>
        Regex.Matches(output, severity + @" (LCK\d{3})").Select(m => m.Groups[1].Value).Distinct().ToList();
}
