using LockAnalyzers.DocGen;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>
/// The README rule table, the rule pages' titles and header rows, and the severity presets restate
/// DiagnosticCatalogue; any difference from what tools/DocGen renders fails here.
/// </summary>
public class GeneratedFilesTests
{
    public static TheoryData<string> GeneratedPaths()
    {
        var data = new TheoryData<string>();
        foreach (var file in CatalogueFiles.Render(RepositoryRoot.Path))
        {
            data.Add(file.RelativePath);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratedPaths))]
    public void File_matches_the_catalogue(string relativePath)
    {
        var expected = CatalogueFiles.Render(RepositoryRoot.Path).Single(f => f.RelativePath == relativePath).Content;
        var path = Path.Combine(RepositoryRoot.Path, relativePath);
        Assert.True(File.Exists(path), $"{relativePath} is missing; run: dotnet run --project tools/DocGen");
        var actual = File.ReadAllText(path);
        if (actual != expected)
        {
            var line = FirstDifferentLine(expected, actual);
            Assert.Fail($"{relativePath} differs from DiagnosticCatalogue at line {line.Number}:\n  expected: {line.Expected}\n  actual:   {line.Actual}\nrun: dotnet run --project tools/DocGen");
        }
    }

    [Fact]
    public void Presets_set_the_whole_category()
    {
        Assert.DoesNotContain("severity", CatalogueFiles.GlobalConfig("Default").Split('\n').Where(l => !l.StartsWith('#')));
        Assert.Contains($"dotnet_analyzer_diagnostic.category-{DiagnosticCatalogue.Category}.severity = error", CatalogueFiles.GlobalConfig("Strict"));
        Assert.Contains($"dotnet_analyzer_diagnostic.category-{DiagnosticCatalogue.Category}.severity = none", CatalogueFiles.GlobalConfig("None"));
        Assert.All(DiagnosticCatalogue.All, rule => Assert.Equal("LockFiles", rule.Category));
    }

    [Fact]
    public void Readme_table_keeps_the_hand_written_code_fix_column()
    {
        var readme = "intro\n\n| ID | Title | Default severity | Code fix |\n|----|-------|------------------|----------|\n| [LCK001](docs/rules/LCK001.md) | old title | Error | Yes: a | b |\n| LCK999 | gone | Warning | No |\n\nafter\n";
        var rendered = CatalogueFiles.Readme(readme);
        Assert.Contains($"| [LCK001](docs/rules/LCK001.md) | {DiagnosticCatalogue.HeartbeatFailureSwallowed.Title} | Warning | Yes: a | b |", rendered);
        Assert.DoesNotContain("LCK999", rendered);
        Assert.Contains("| [LCK009](docs/rules/LCK009.md) |", rendered);
        Assert.EndsWith("\n\nafter\n", rendered);
    }

    private static (int Number, string Expected, string Actual) FirstDifferentLine(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "(end of file)";
            var al = i < a.Length ? a[i] : "(end of file)";
            if (el != al)
            {
                return (i + 1, el, al);
            }
        }

        return (0, "", "");
    }
}
