using System.Collections.Immutable;
using LockAnalyzers.Baseline;
using LockAnalyzers.Tests.Infrastructure;
using LockAnalyzers.Tests.Package;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Tests.Baseline;

/// <summary>The baseline shared by the CLI and the build: its file format, its keys, and the suppressor that applies it.</summary>
public class BaselineTests
{
    private const string Folder = "/repo";

    [Theory]
    [InlineData("", "line 1, column 1: unexpected end of file")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"version\": 2, \"entries\": []}", "\"version\" must be 1")]
    [InlineData("{\"version\": 1}", "\"entries\" must be an array")]
    [InlineData("{\"version\": 1, \"entries\": [3]}", "entries[0] must be an object")]
    [InlineData("{\"version\": 1, \"entries\": [{\"rule\": \"LCK006\", \"path\": \"a.cs\", \"member\": \"M:A.B\", \"fingerprint\": \"x\", \"count\": 0}]}", "entries[0].count must be a positive whole number")]
    [InlineData("{\"version\": 1, \"entries\": [{\"rule\": \"LCK006\"}]}", "entries[0].path must be a string")]
    [InlineData("{\"version\": 1,\n \"entries\": [}", "line 2, column 14: expected a JSON value")]
    [InlineData("{\"version\": 1, \"entries\": []} x", "unexpected text after the JSON value")]
    public void Malformed_baseline_names_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<BaselineFormatException>(() => BaselineDocument.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Written_baseline_reads_back_the_same()
    {
        var key = new FindingKey("LCK006", "src/Lock \"x\".cs", "M:A.B(System.String)", "0123456789abcdef");
        var text = BaselineDocument.From(new[] { (key, "if ( ! File . Exists ( p ) )"), (key, "if ( ! File . Exists ( p ) )") }).ToJson();
        var entry = Assert.Single(BaselineDocument.Parse(text).Entries);
        Assert.Equal(key, entry.Key);
        Assert.Equal(2, entry.Count);
        Assert.Equal("if ( ! File . Exists ( p ) )", entry.Code);
    }

    [Fact]
    public void Keys_ignore_whitespace_comments_lines_and_code_elsewhere_but_not_the_member_or_statement()
    {
        var original = Keys(LegacySnippet.Source);
        Assert.Equal(original.Count, original.Distinct().Count());
        Assert.Contains(original, k => k.RuleId == "LCK006" && k.Member.StartsWith("M:JobLock.TryAcquire", StringComparison.Ordinal) && k.Path == "src/LegacyLock.cs");

        var moved = LegacySnippet.Source
            .Replace("public JobLock(string dir)", "// a new comment\n\n\n    public int Unrelated() => 42;\n\n    public JobLock(string dir)")
            .Replace("if (!File.Exists(_lockPath))", "if ( !File.Exists(\n  _lockPath) ) // checked");
        Assert.Equal(original.OrderBy(k => k.ToString()), Keys(moved).OrderBy(k => k.ToString()));

        var renamed = Keys(LegacySnippet.Source.Replace("TryAcquire", "TryTake"));
        Assert.DoesNotContain(renamed, k => k.Member.StartsWith("M:JobLock.TryAcquire", StringComparison.Ordinal));
        Assert.Contains(renamed, k => k.Member.StartsWith("M:JobLock.TryTake", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/repo", "/repo/src/a.cs", "src/a.cs")]
    [InlineData("/repo/", "/repo/a.cs", "a.cs")]
    [InlineData("/repo/tools", "/repo/src/a.cs", "../src/a.cs")]
    [InlineData("C:\\repo", "C:\\repo\\src\\a.cs", "src/a.cs")]
    [InlineData("/repo", "relative/a.cs", "relative/a.cs")]
    [InlineData("/repo/App/..", "/repo/App/a.cs", "App/a.cs")]
    [InlineData("/repo/./tools/../", "/repo/src/./a.cs", "src/a.cs")]
    public void Paths_are_relative_to_the_baseline_folder_with_forward_slashes(string folder, string path, string expected) =>
        Assert.Equal(expected, FindingKeys.RelativePath(folder, path));

    [Fact]
    public void Suppressor_accepts_baselined_findings_and_leaves_new_ones()
    {
        var compilation = Compile(LegacySnippet.Source);
        var all = Analyze(compilation, null);
        var lck006 = all.Where(d => d.Id == "LCK006").ToList();
        Assert.Single(lck006);

        var model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
        var baseline = BaselineDocument.From(all.Where(d => d.Id != "LCK006").Select(d => FindingKeys.Create(d, model, Folder))).ToJson();
        var analyzed = Analyze(compilation, new BaselineText(Folder + "/lockanalyzers.baseline.json", baseline));

        Assert.All(analyzed.Where(d => d.Id != "LCK006"), d => Assert.True(d.IsSuppressed, d.ToString()));
        Assert.False(analyzed.Single(d => d.Id == "LCK006").IsSuppressed);
    }

    [Fact]
    public void Suppressor_ignores_a_malformed_baseline_and_reports_everything()
    {
        var compilation = Compile(LegacySnippet.Source);
        var analyzed = Analyze(compilation, new BaselineText(Folder + "/lockanalyzers.baseline.json", "{ not json"));
        Assert.NotEmpty(analyzed);
        Assert.All(analyzed, d => Assert.False(d.IsSuppressed));
    }

    private static List<FindingKey> Keys(string source)
    {
        var compilation = Compile(source);
        var model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
        return Analyze(compilation, null).Select(d => FindingKeys.Create(d, model, Folder).Key).ToList();
    }

    private static CSharpCompilation Compile(string source)
    {
        var compilation = SnippetCompilation.Create(source);
        return compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), Folder + "/src/LegacyLock.cs"));
    }

    private static List<Diagnostic> Analyze(Compilation compilation, AdditionalText? baseline)
    {
        // The harness finds every analyzer of the assembly, the baseline suppressor included.
        var analyzers = Robustness.AnalyzerHarness.Analyzers;
        Assert.Contains(analyzers, a => a is BaselineSuppressor);
        var options = new AnalyzerOptions(baseline == null ? ImmutableArray<AdditionalText>.Empty : ImmutableArray.Create(baseline));
        var diagnostics = compilation
            .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }
}
