using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;

namespace LockAnalyzers.Tests.Infrastructure;

public class SourceLinesTests
{
    [Theory]
    [InlineData("class A\n{\n    void M() { }\n}\n")]
    [InlineData("class A\r\n{\r\n    void M() { }\r\n}\r\n")]
    [InlineData("class A\r{\r    void M() { }\r}\r")]
    [InlineData("class A\u2028{\u2029    void M() { }\u0085}\n")]
    [InlineData("// one\r\n\r\n\n\rclass A { void M() { } }")]
    public void Gives_the_line_that_GetLineSpan_gives_at_every_position(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        for (var position = 0; position <= source.Length; position++)
        {
            var expected = tree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(position, 0)).StartLinePosition.Line + 1;
            Assert.Equal(expected, SourceLines.LineNumberOf(tree, position));
        }
    }

    [Fact]
    public void Counts_lines_across_its_read_buffer()
    {
        var source = string.Concat(Enumerable.Repeat("// a comment line that is long enough to fill the buffer quickly\r\n", 200)) + "class A { }";
        var tree = CSharpSyntaxTree.ParseText(source);
        var node = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().Single();
        Assert.Equal(201, SourceLines.LineNumberOf(node));
        Assert.Equal(node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, SourceLines.LineNumberOf(node));
    }
}
