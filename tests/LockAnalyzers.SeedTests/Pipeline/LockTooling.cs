using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.SeedTests.Pipeline;

/// <summary>Every analyzer of LockAnalyzers.Analyzers and every fix of LockAnalyzers.CodeFixes, found the way a host finds them (by attribute).</summary>
public static class LockTooling
{
    public static Assembly AnalyzerAssembly { get; } = typeof(DiagnosticCatalogue).Assembly;

    public static Assembly CodeFixAssembly { get; } = Assembly.Load(new AssemblyName("LockAnalyzers.CodeFixes"));

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        Create<DiagnosticAnalyzer>(AnalyzerAssembly, t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any());

    public static ImmutableArray<CodeFixProvider> Fixers { get; } =
        Create<CodeFixProvider>(CodeFixAssembly, t => t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any());

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, CancellationToken cancellationToken = default)
    {
        if (Analyzers.IsEmpty)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        return diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static ImmutableArray<T> Create<T>(Assembly assembly, Func<Type, bool> exported)
    {
        return assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && exported(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
