using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Tests.Robustness;

/// <summary>If a rule ever crashes, AD0001 must name the rule, the file and the line, so a user can report it and suppress just that rule.</summary>
public sealed class CrashReportingTests
{
    private const string Path = "/src/Crash.cs";

    private const string Source = """
        namespace Crash
        {
            public class Target
            {
                public void Run()
                {
                    Explode();
                }

                private void Explode() { }
            }
        }
        """;

    public enum Callback
    {
        Operation,
        SyntaxNode,
        Symbol,
        OperationBlock,
        OperationBlockStart,
    }

    [Theory]
    [InlineData(Callback.Operation, 7)]
    [InlineData(Callback.SyntaxNode, 7)]
    [InlineData(Callback.Symbol, 10)]
    [InlineData(Callback.OperationBlock, 5)]
    [InlineData(Callback.OperationBlockStart, 5)]
    public async Task CrashInCallback_Ad0001NamesRuleFileAndLine(Callback callback, int line)
    {
        var compilation = CSharpCompilation.Create(
            "Crash",
            new[] { CSharpSyntaxTree.ParseText(Source, AnalyzerHarness.ParseOptions, Path) },
            AnalyzerHarness.FullReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var reported = new List<Diagnostic>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer(callback)),
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (_, _, diagnostic) => { lock (reported) { reported.Add(diagnostic); } },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        var ad0001 = Assert.Single(reported);
        Assert.Equal("AD0001", ad0001.Id);
        var message = ad0001.GetMessage();
        Assert.Contains("LCK9T1", message, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowingAnalyzer), message, StringComparison.Ordinal);
        Assert.Contains(Path + "(" + line + ",", message, StringComparison.Ordinal);
        Assert.Contains("boom", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 8)]
    [InlineData(true, 6)]
    public async Task CrashInWordFilteredCallback_Ad0001NamesRuleFileAndLine(bool inBlockFilter, int line)
    {
        const string source = """
            namespace Crash
            {
                public class Target
                {
                    // The member's name is on line 6, the call on line 8.
                    public void Run(string lockPath)
                    {
                        System.IO.File.Delete(lockPath);
                    }
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Crash",
            new[] { CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions, Path) },
            AnalyzerHarness.FullReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingWordAnalyzer(inBlockFilter)))
            .GetAnalyzerDiagnosticsAsync();
        var ad0001 = Assert.Single(diagnostics, d => d.Id == "AD0001");
        Assert.Contains("LCK9T2", ad0001.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(Path + "(" + line + ",", ad0001.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("boom", ad0001.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashWithoutHandler_SurfacesAsAd0001Diagnostic()
    {
        var compilation = CSharpCompilation.Create(
            "Crash",
            new[] { CSharpSyntaxTree.ParseText(Source, AnalyzerHarness.ParseOptions, Path) },
            AnalyzerHarness.FullReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer(Callback.Operation)))
            .GetAnalyzerDiagnosticsAsync();
        var ad0001 = Assert.Single(diagnostics, d => d.Id == "AD0001");
        Assert.Contains("LCK9T1", ad0001.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(Path + "(7,", ad0001.GetMessage(), StringComparison.Ordinal);
    }

#pragma warning disable RS1036, RS2008 // A test analyzer: not shipped, no release tracking.
    /// <summary>A rule on the word-filtered path (one callback per tree) that throws on a Delete call or in its block filter.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingWordAnalyzer : LockAnalyzerBase
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "LCK9T2", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private readonly bool _inBlockFilter;

        public ThrowingWordAnalyzer(bool inBlockFilter)
        {
            _inBlockFilter = inBlockFilter;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        internal override void OnCompilationStart(LockCompilationContext context) =>
            context.RegisterOperationActionInMembers(
                PrefilterWords.Mask("Delete"),
                _inBlockFilter ? _ => throw new InvalidOperationException("boom") : null,
                null,
                _ => throw new InvalidOperationException("boom"),
                OperationKind.Invocation);
    }

    /// <summary>A rule that throws in the chosen kind of callback, registered through LockCompilationContext like every real rule.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : LockAnalyzerBase
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "LCK9T1", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private readonly Callback _callback;

        public ThrowingAnalyzer(Callback callback)
        {
            _callback = callback;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            switch (_callback)
            {
                case Callback.Operation:
                    context.RegisterOperationAction(
                        c =>
                        {
                            if (((IInvocationOperation)c.Operation).TargetMethod.Name == "Explode")
                            {
                                throw new InvalidOperationException("boom");
                            }
                        },
                        OperationKind.Invocation);
                    break;
                case Callback.SyntaxNode:
                    context.RegisterSyntaxNodeAction(
                        c =>
                        {
                            if (((InvocationExpressionSyntax)c.Node).Expression.ToString() == "Explode")
                            {
                                throw new InvalidOperationException("boom");
                            }
                        },
                        SyntaxKind.InvocationExpression);
                    break;
                case Callback.Symbol:
                    context.RegisterSymbolAction(
                        c =>
                        {
                            if (c.Symbol.Name == "Explode")
                            {
                                throw new InvalidOperationException("boom");
                            }
                        },
                        SymbolKind.Method);
                    break;
                case Callback.OperationBlock:
                    context.RegisterOperationBlockAction(
                        c =>
                        {
                            if (c.OwningSymbol.Name == "Run")
                            {
                                throw new InvalidOperationException("boom");
                            }
                        });
                    break;
                case Callback.OperationBlockStart:
                    context.RegisterOperationBlockStartAction(
                        c =>
                        {
                            if (c.OwningSymbol.Name == "Run")
                            {
                                throw new InvalidOperationException("boom");
                            }
                        });
                    break;
            }
        }
    }
}
