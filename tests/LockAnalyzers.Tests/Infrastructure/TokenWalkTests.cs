using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Tests.Infrastructure;

public class TokenWalkTests
{
    [Theory]
    [InlineData("class C { void M(string p) { /* lock */ if (File.Exists(p)) File.Delete(p); } int N => 1; }")]
    [InlineData("class C { void M() { var s = $\"{x}.lock\"; } }")]
    [InlineData("class C { void M() { Foo(; } }")]
    [InlineData("class C { void M() { if (x } }")]
    [InlineData("class C { void M() { var x = ; } }")]
    public void Gives_the_tokens_with_text_that_Roslyn_gives(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        foreach (var node in root.DescendantNodesAndSelf())
        {
            var expected = node.DescendantTokens().Where(t => !t.Span.IsEmpty).ToList();
            var walked = new List<SyntaxToken>();
            foreach (var token in TokenWalk.In(node))
            {
                walked.Add(token);
            }

            Assert.Equal(expected, walked);
        }
    }

    [Fact]
    public void A_node_of_missing_tokens_only_gives_none()
    {
        var root = CSharpSyntaxTree.ParseText("class C { void M() { var x = ; } }").GetRoot();
        var missing = root.DescendantNodes().OfType<IdentifierNameSyntax>().First(n => n.IsMissing);
        var count = 0;
        foreach (var _ in TokenWalk.In(missing))
        {
            count++;
        }

        Assert.Equal(0, count);
    }
}
