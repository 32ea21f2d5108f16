using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LockAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs one analyzer over test code. Markup: <c>{|#0:expr|}</c> with <c>Diagnostic(id).WithLocation(0)</c>,
/// or <c>[|expr|]</c> for the analyzer's only rule.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, withRuntime: false, editorConfig: null, expected);

    public static async Task VerifyAsync(string source, bool withRuntime, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test(withRuntime, editorConfig) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Several files (lock code spread over a lock class, a helper class, an interface), as users write it.</summary>
    public static Task VerifyFilesAsync((string Name, string Source)[] files, params DiagnosticResult[] expected) =>
        VerifyFilesAsync(files, withAbstractions: false, expected);

    /// <summary>Like <see cref="VerifyFilesAsync(ValueTuple{string, string}[], DiagnosticResult[])"/>, optionally compiled against System.IO.Abstractions.</summary>
    public static async Task VerifyFilesAsync((string Name, string Source)[] files, bool withAbstractions, params DiagnosticResult[] expected)
    {
        var test = new Test();
        if (withAbstractions)
        {
            test.ReferenceAssemblies = TestReferences.Net80WithAbstractions;
        }

        foreach (var file in files)
        {
            test.TestState.Sources.Add((file.Name, file.Source));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test(bool withRuntime = false, string? editorConfig = null)
        {
            ReferenceAssemblies = TestReferences.Net80;
            if (withRuntime)
            {
                TestState.AdditionalReferences.Add(TestReferences.Runtime);
            }

            if (editorConfig != null)
            {
                TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
            }
        }
    }
}
