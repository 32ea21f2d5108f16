using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What a rule gets at compilation start: the symbols, the options and registration methods whose callbacks
    /// turn an unexpected exception into one that names the rule, file and line (AD0001 then points at the cause).
    /// </summary>
    internal sealed class LockCompilationContext
    {
        private readonly CompilationStartAnalysisContext _start;
        private readonly string _rule;

#pragma warning disable RS1012 // The start context is kept and registered through the methods below.
        public LockCompilationContext(CompilationStartAnalysisContext start, KnownSymbols symbols, LockAnalyzerOptions options, string rule)
        {
            _start = start;
            Symbols = symbols;
            Options = options;
            _rule = rule;
        }
#pragma warning restore RS1012

        public KnownSymbols Symbols { get; }

        public LockAnalyzerOptions Options { get; }

        public Compilation Compilation => _start.Compilation;

        // Runs once per operation of the registered kinds: no closure and no Location unless the rule throws.
        public void RegisterOperationAction(Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
            _start.RegisterOperationAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        throw new AnalyzerCrashException(_rule, c.Operation.Syntax.GetLocation(), ex);
                    }
                },
                kinds);

        public void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _start.RegisterOperationBlockStartAction(
                c => Guard(() => action(c), c.OwningSymbol.Locations.Length > 0 ? c.OwningSymbol.Locations[0] : Location.None));

        public void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _start.RegisterOperationBlockAction(
                c => Guard(() => action(c), c.OwningSymbol.Locations.Length > 0 ? c.OwningSymbol.Locations[0] : Location.None));

        // Runs once per node of the registered kinds: no closure and no Location unless the rule throws.
        public void RegisterSyntaxNodeAction<TKind>(Action<SyntaxNodeAnalysisContext> action, params TKind[] kinds)
            where TKind : struct =>
            _start.RegisterSyntaxNodeAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        throw new AnalyzerCrashException(_rule, c.Node.GetLocation(), ex);
                    }
                },
                kinds);

        public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, params SymbolKind[] kinds) =>
            _start.RegisterSymbolAction(
                c => Guard(() => action(c), c.Symbol.Locations.Length > 0 ? c.Symbol.Locations[0] : Location.None),
                kinds);

        private void Guard(Action action, Location location)
        {
            try
            {
                action();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw new AnalyzerCrashException(_rule, location, ex);
            }
        }
    }

    /// <summary>Carries the rule, file and line of a crash into the AD0001 message.</summary>
    internal sealed class AnalyzerCrashException : Exception
    {
        public AnalyzerCrashException(string rule, Location location, Exception inner)
            : base(Describe(rule, location, inner), inner)
        {
        }

        private static string Describe(string rule, Location location, Exception inner)
        {
            var span = location.GetLineSpan();
            var where = span.IsValid ? span.Path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")" : "unknown location";
            return rule + " crashed at " + where + ": " + inner.GetType().Name + ": " + inner.Message;
        }
    }
}
