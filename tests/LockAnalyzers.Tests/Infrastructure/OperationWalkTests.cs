using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Tests.Infrastructure;

public class OperationWalkTests
{
    private const string Source = """
        using System;
        using System.IO;
        class C
        {
            void M(string path, bool stale)
            {
                var lockPath = path + ".lock";
                Action later = () => File.Delete(lockPath);
                if (stale && File.Exists(lockPath)) { File.Delete(lockPath); }
                for (var i = 0; i < 3; i++) { Local(i); }
                void Local(int n) => File.WriteAllText(lockPath, n.ToString());
                later();
            }
        }
        """;

    private static IOperation Body()
    {
        var compilation = SnippetCompilation.Create(Source);
        var tree = compilation.SyntaxTrees[0];
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        return compilation.GetSemanticModel(tree).GetOperation(method)!;
    }

    [Fact]
    public void Gives_what_Roslyn_gives_in_the_same_order()
    {
        var body = Body();

        Assert.Equal(body.Descendants(), IOperationExtensions.DescendantsOf(body));
        Assert.Equal(body.DescendantsAndSelf(), IOperationExtensions.DescendantsAndSelf(body));
    }

    [Fact]
    public void Leaves_out_lambdas_and_local_functions_when_asked()
    {
        var body = Body();
        var expected = new List<IOperation>();
        var skipped = new HashSet<IOperation>();
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation.Parent != null && skipped.Contains(operation.Parent) || operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation)
            {
                skipped.Add(operation);
                continue;
            }

            expected.Add(operation);
        }

        Assert.Equal(expected, IOperationExtensions.DescendantsAndSelfNoLambdas(body));
        Assert.Empty(IOperationExtensions.DescendantsAndSelfNoLambdas(null));
    }

    [Fact]
    public void Walks_nested_in_walks_and_walks_left_early_do_not_disturb_each_other()
    {
        var body = Body();
        var expected = body.Descendants().Select(o => o.Descendants().Count()).ToList();
        var counts = new List<int>();
        foreach (var operation in IOperationExtensions.DescendantsOf(body))
        {
            // A walk left after its first operation returns its stack; the next walk must start clean.
            foreach (var _ in IOperationExtensions.DescendantsOf(operation))
            {
                break;
            }

            var count = 0;
            foreach (var _ in IOperationExtensions.DescendantsOf(operation))
            {
                count++;
            }

            counts.Add(count);
        }

        Assert.Equal(expected, counts);
    }
}
