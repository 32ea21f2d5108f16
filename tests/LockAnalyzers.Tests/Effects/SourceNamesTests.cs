using LockAnalyzers.Effects;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Tests.Effects;

public class SourceNamesTests
{
    [Fact]
    public void Finds_every_name_when_all_are_distinct()
    {
        // Every member name distinct: the table's worst case for its fill.
        var types = Enumerable.Range(0, 300).Select(i => $"class T{i} {{ void M{i}() {{ }} int F{i}; }}");
        var names = new SourceNames(SnippetCompilation.Create(string.Join("\n", types)));

        for (var i = 0; i < 300; i++)
        {
            Assert.Equal($"T{i}", Assert.Single(names.Named($"M{i}")).ContainingType.Name);
            Assert.Equal(SymbolKind.Field, Assert.Single(names.Named($"F{i}")).Kind);
            Assert.Equal(SymbolKind.NamedType, Assert.Single(names.Named($"T{i}")).Kind);
        }

        Assert.Empty(names.Named("M300"));
    }

    [Fact]
    public void Gives_every_declarer_of_a_shared_name()
    {
        var names = new SourceNames(SnippetCompilation.Create(
            "namespace N { class A { void Release() { } } class B { void Release() { } void Release(int n) { } } }",
            "class C { class Release { } }"));

        Assert.Equal(new[] { "A", "B", "B", "C" }, names.Named("Release").Select(s => s.ContainingType.Name).OrderBy(n => n, StringComparer.Ordinal));
    }
}
