using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>Every rule is documented, linked, tracked in AnalyzerReleases, and reported by an analyzer from the one catalogue.</summary>
public class RuleCatalogueTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticCatalogue.All)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_doc_page_and_help_link(string id)
    {
        var descriptor = DiagnosticCatalogue.All.Single(d => d.Id == id);
        var page = Path.Combine(RepositoryRoot.Path, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.Contains("# " + id, text);
        Assert.True(text.Length > 400, $"{page} is too short to explain the rule");
        Assert.Equal(DiagnosticCatalogue.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.StartsWith("https://", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_tracked_in_analyzer_releases(string id)
    {
        var tracked = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Analyzers", "AnalyzerReleases.Unshipped.md")) +
                      File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.Matches(new Regex("^" + id + @"\s*\|", RegexOptions.Multiline), tracked);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_in_the_readme_table(string id)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        Assert.Matches(new Regex(@"^\|\s*\[?" + id, RegexOptions.Multiline), readme);
    }

    [Fact]
    public void Ids_are_unique_and_sequential()
    {
        var ids = DiagnosticCatalogue.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.All(ids, id => Assert.Matches("^LCK[0-9]{3}$", id));
    }

    [Fact]
    public void Analyzers_report_only_catalogue_descriptors_and_live_in_files_named_by_rule()
    {
        // The baseline suppressor reports no rule of its own; it lives with the baseline code.
        var analyzers = AnalyzerTypes<DiagnosticAnalyzer>(typeof(DiagnosticCatalogue).Assembly).Where(t => !typeof(DiagnosticSuppressor).IsAssignableFrom(t));
        foreach (var type in analyzers)
        {
            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                Assert.Contains(descriptor, DiagnosticCatalogue.All);
            }

            Assert.Matches("^LCK[0-9]{3}", type.Name);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "src", "Analyzers", "Rules", type.Name.Substring(0, 6), type.Name + ".cs")), $"{type.Name} should live in src/Analyzers/Rules/{type.Name.Substring(0, 6)}/{type.Name}.cs");
        }
    }

    [Fact]
    public void Code_fixes_live_in_files_named_by_rule()
    {
        foreach (var type in AnalyzerTypes<CodeFixProvider>(typeof(LockAnalyzers.CodeFixes.Infrastructure.RuntimeReference).Assembly))
        {
            Assert.Matches("^LCK[0-9]{3}", type.Name);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "src", "CodeFixes", "Rules", type.Name.Substring(0, 6), type.Name + ".cs")), $"{type.Name} should live in src/CodeFixes/Rules/{type.Name.Substring(0, 6)}/{type.Name}.cs");
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(DiagnosticCatalogue.All, d => d.Id == id));
        }
    }

    private static IEnumerable<Type> AnalyzerTypes<T>(Assembly assembly) =>
        assembly.GetTypes().Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t));
}
