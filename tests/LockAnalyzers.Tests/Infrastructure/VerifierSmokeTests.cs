using System.Collections.Immutable;
using LockAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>Proves the shared verifiers resolve the .NET 8 reference assemblies and LockAnalyzers.Runtime.</summary>
public class VerifierSmokeTests
{
    [Fact]
    public Task Net8_references_and_the_runtime_resolve() =>
        AnalyzerVerifier<DeleteReporter>.VerifyAsync(
            """
            using System.IO;
            using LockAnalyzers.Runtime;
            using Microsoft.Extensions.Logging;

            class C
            {
                void M(string lockPath, ILogger logger)
                {
                    {|#0:File.Delete(lockPath)|};
                    var outcome = LockSteal.TryBreakStale(lockPath, System.TimeSpan.FromSeconds(30));
                }
            }
            """,
            withRuntime: true,
            editorConfig: null,
            AnalyzerVerifier<DeleteReporter>.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class DeleteReporter : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticCatalogue.DeleteThenCreate);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (invocation.TargetMethod.Name == "Delete")
                    {
                        c.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.DeleteThenCreate, invocation.Syntax.GetLocation(), invocation.Arguments[0].Syntax.ToString()));
                    }
                },
                OperationKind.Invocation);
        }
    }
}
