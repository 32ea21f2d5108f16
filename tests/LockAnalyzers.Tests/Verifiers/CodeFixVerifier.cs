using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LockAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs an analyzer and a fix. The testing library also applies FixAll in document, project and solution scope
/// and fails if the fixed code has compiler errors or still reports the diagnostic, so every fix test checks those.
/// LockAnalyzers.Runtime is referenced by default, because most fixes call it; pass <c>withRuntime: false</c> to
/// prove a fix is not offered without it.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyFixAsync(string source, string fixedSource, string? equivalenceKey = null) =>
        VerifyFixAsync(source, fixedSource, equivalenceKey, withRuntime: true);

    public static async Task VerifyFixAsync(string source, string fixedSource, string? equivalenceKey, bool withRuntime, params DiagnosticResult[] expected)
    {
        var test = new Test(withRuntime)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Asserts the diagnostic is reported and no fix (or no fix with this key) is offered.</summary>
    public static async Task VerifyNoFixAsync(string source, string? equivalenceKey = null, bool withRuntime = true, params DiagnosticResult[] expected)
    {
        var test = new Test(withRuntime)
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test(bool withRuntime = true)
        {
            ReferenceAssemblies = TestReferences.Net80;
            if (withRuntime)
            {
                TestState.AdditionalReferences.Add(TestReferences.Runtime);
                FixedState.AdditionalReferences.Add(TestReferences.Runtime);
            }
        }
    }
}
