using System;
using System.Collections.Immutable;
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

        // The wrappers cost nothing on the happy path: no closure per call, and the location is computed only
        // once a callback has thrown.
        public void RegisterOperationAction(Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
            _start.RegisterOperationAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (IsCrash(ex))
                    {
                        throw Crash(c.Operation.Syntax.GetLocation(), ex);
                    }
                },
                kinds);

        /// <summary>
        /// Operation actions that run only inside members whose text mentions one of the words in
        /// <paramref name="words"/> (a <see cref="MemberWords.Mask"/>): one cheap callback per member instead of one per
        /// operation of these kinds. The words must be a necessary condition of the rule's own syntax test.
        /// </summary>
        public void RegisterOperationActionInMembersMentioning(ulong words, Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
            RegisterOperationActionInMembers(blocks => MemberWords.MayMention(blocks, words), action, kinds);

        /// <summary>
        /// Operation actions that run only inside members whose operation blocks pass <paramref name="memberFilter"/>, a
        /// cheap syntactic test that must be a necessary condition of the rule's own tests.
        /// </summary>
        public void RegisterOperationActionInMembers(Func<ImmutableArray<IOperation>, bool> memberFilter, Action<OperationAnalysisContext> action, params OperationKind[] kinds)
        {
            Action<OperationAnalysisContext> guarded = c =>
            {
                try
                {
                    action(c);
                }
                catch (Exception ex) when (IsCrash(ex))
                {
                    throw Crash(c.Operation.Syntax.GetLocation(), ex);
                }
            };
            _start.RegisterOperationBlockStartAction(
                c =>
                {
                    try
                    {
                        if (memberFilter(c.OperationBlocks))
                        {
                            c.RegisterOperationAction(guarded, kinds);
                        }
                    }
                    catch (Exception ex) when (IsCrash(ex))
                    {
                        throw Crash(FirstLocation(c.OwningSymbol), ex);
                    }
                });
        }

        public void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _start.RegisterOperationBlockStartAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (IsCrash(ex))
                    {
                        throw Crash(FirstLocation(c.OwningSymbol), ex);
                    }
                });

        public void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _start.RegisterOperationBlockAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (IsCrash(ex))
                    {
                        throw Crash(FirstLocation(c.OwningSymbol), ex);
                    }
                });

        public void RegisterSyntaxNodeAction<TKind>(Action<SyntaxNodeAnalysisContext> action, params TKind[] kinds)
            where TKind : struct =>
            _start.RegisterSyntaxNodeAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (IsCrash(ex))
                    {
                        throw Crash(c.Node.GetLocation(), ex);
                    }
                },
                kinds);

        public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, params SymbolKind[] kinds) =>
            _start.RegisterSymbolAction(
                c =>
                {
                    try
                    {
                        action(c);
                    }
                    catch (Exception ex) when (IsCrash(ex))
                    {
                        throw Crash(FirstLocation(c.Symbol), ex);
                    }
                },
                kinds);

        private static bool IsCrash(Exception ex) => !(ex is OperationCanceledException) && !(ex is AnalyzerCrashException);

        private static Location FirstLocation(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;

        private AnalyzerCrashException Crash(Location location, Exception ex) => new AnalyzerCrashException(_rule, location, ex);
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
