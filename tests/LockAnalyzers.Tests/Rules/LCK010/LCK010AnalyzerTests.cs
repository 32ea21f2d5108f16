using System.Collections.Immutable;
using LockAnalyzers.Rules.LCK010;
using LockAnalyzers.Tests.Baseline;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Tests.Rules.LCK010;

/// <summary>LCK010: a baseline the build cannot read is named, with the reason, instead of silently accepting nothing.</summary>
public class LCK010AnalyzerTests
{
    private const string Source = "class C { void M() { } }";

    [Theory]
    [InlineData("{ not json", "expected")]
    [InlineData("{\"version\": 1}", "\"entries\" must be an array")]
    [InlineData("{\"version\": 2, \"entries\": []}", "\"version\" must be 1")]
    public void Malformed_baseline_is_reported_with_its_reason(string text, string reason)
    {
        var diagnostic = Assert.Single(Analyze(new BaselineText("/repo/lockanalyzers.baseline.json", text)));
        Assert.Equal("LCK010", diagnostic.Id);
        Assert.Equal("/repo/lockanalyzers.baseline.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains(reason, diagnostic.GetMessage());
    }

    [Fact]
    public void Unreadable_baseline_is_reported()
    {
        var diagnostic = Assert.Single(Analyze(new BaselineText("/repo/LockAnalyzers.Baseline.json", null)));
        Assert.Contains("could not be read", diagnostic.GetMessage());
    }

    [Fact]
    public void Valid_baseline_is_not_reported() =>
        Assert.Empty(Analyze(new BaselineText("/repo/lockanalyzers.baseline.json", "{\"version\": 1, \"entries\": []}")));

    [Fact]
    public void Other_additional_files_are_not_read() =>
        Assert.Empty(Analyze(new BaselineText("/repo/settings.json", "{ not json")));

    [Fact]
    public void No_additional_file_is_not_reported() => Assert.Empty(Analyze(null));

    [Fact]
    public void No_code_fix_is_offered_the_file_is_the_users_to_repair()
    {
        var providers = typeof(LockAnalyzers.CodeFixes.Infrastructure.RuntimeReference).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!);
        Assert.DoesNotContain(providers, p => p.FixableDiagnosticIds.Contains(DiagnosticCatalogue.LCK010));
    }

    private static IReadOnlyList<Diagnostic> Analyze(AdditionalText? file)
    {
        var options = new AnalyzerOptions(file == null ? ImmutableArray<AdditionalText>.Empty : ImmutableArray.Create(file));
        return SnippetCompilation.Create(Source)
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LCK010BaselineUnreadableAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
