using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>Compiles a snippet against the running framework, for tests of the shared analysis helpers.</summary>
public static class SnippetCompilation
{
    private static readonly MetadataReference[] FrameworkReferences =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "Snippet",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"Snippet{i}.cs")),
            FrameworkReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>The first argument of every call to a method with the given name, as operations.</summary>
    public static IReadOnlyList<IOperation> FirstArgumentsOf(string source, string methodName)
    {
        var compilation = Create(source);
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var result = new List<IOperation>();
        foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(invocation) is IInvocationOperation op && op.TargetMethod.Name == methodName && op.Arguments.Length > 0)
            {
                result.Add(op.Arguments[0].Value);
            }
        }

        return result;
    }
}
