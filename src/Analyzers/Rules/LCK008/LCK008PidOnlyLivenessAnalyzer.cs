using System.Collections.Generic;
using System.Collections.Immutable;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Rules.StealFamily;

namespace LockAnalyzers.Rules.LCK008
{
    /// <summary>
    /// LCK008: <c>Process.GetProcessById(pid)</c> (or <c>GetProcesses()</c> searched by Id) deciding whether a lock's
    /// owner is alive, where pid was read from the lock file and nothing checks the process start time or the host
    /// (seed 002's PID check, ported: a reused PID makes a dead owner look alive).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK008PidOnlyLivenessAnalyzer : LockAnalyzerBase
    {
        private const int MaxDepth = 6;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.PidOnlyLiveness);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            StealTrigger.Register(
                context,
                PrefilterWords.Mask("GetProcessById", "GetProcesses"),
                node =>
                {
                    var name = SyntaxFilter.InvokedName(node);
                    return name == "GetProcessById" || name == "GetProcesses";
                },
                needsAllNamed: false,
                (block, owner, named, candidates, found, cancellationToken) => AnalyzeBody(found, MemberBodies.Root(block), candidates, symbols, options),
                OperationKind.Invocation);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => PidLivenessThroughHelpers.Analyze(block, effects));
        }

        private static void AnalyzeBody(List<Diagnostic> found, IOperation body, IReadOnlyList<IOperation> candidates, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            if (symbols.Process == null || ChecksIdentityBeyondPid(body, symbols))
            {
                return;
            }

            var recognizer = options.GetRecognizer(body.Syntax.SyntaxTree);
            foreach (var node in candidates)
            {
                if (!(node is IInvocationOperation call) || !KnownSymbols.Is(call.TargetMethod.ContainingType, symbols.Process))
                {
                    continue;
                }

                IOperation? lockPath = null;
                if (call.TargetMethod.Name == "GetProcessById" && call.Arguments.Length >= 1)
                {
                    lockPath = LockContentSource(call.Arguments[0].Value, body, symbols, recognizer, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);
                }
                else if (call.TargetMethod.Name == "GetProcesses")
                {
                    lockPath = SearchedByLockPid(call, body, symbols, recognizer);
                }

                if (lockPath != null)
                {
                    found.Add(Diagnostic.Create(DiagnosticCatalogue.PidOnlyLiveness, call.Syntax.GetLocation(), lockPath.Syntax.ToString()));
                }
            }
        }

        /// <summary>
        /// Start time, host or the runtime's owner record make the check more than a PID; Kill and WaitForExit use a pid
        /// to act on a process, not to judge a lock's owner.
        /// </summary>
        internal static bool ChecksIdentityBeyondPid(IOperation body, KnownSymbols symbols)
        {
            foreach (var node in IOperationExtensions.DescendantsOf(body))
            {
                switch (node)
                {
                    case IPropertyReferenceOperation property:
                        var owner = property.Property.ContainingType;
                        if ((KnownSymbols.Is(owner, symbols.Process) && property.Property.Name == "StartTime") ||
                            (KnownSymbols.Is(owner, symbols.Environment) && property.Property.Name == "MachineName") ||
                            (symbols.RuntimeLockOwner != null && KnownSymbols.Is(owner, symbols.RuntimeLockOwner)))
                        {
                            return true;
                        }

                        break;
                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        if ((method.ContainingType?.Name == "Dns" && method.Name == "GetHostName") ||
                            (symbols.RuntimeLockOwner != null && KnownSymbols.Is(method.ContainingType, symbols.RuntimeLockOwner)) ||
                            (KnownSymbols.Is(method.ContainingType, symbols.Process) &&
                             (method.Name == "Kill" || method.Name == "WaitForExit" || method.Name == "WaitForExitAsync" || method.Name == "CloseMainWindow")))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>GetProcesses() whose statement compares a process's Id with a pid read from a lock.</summary>
        private static IOperation? SearchedByLockPid(IInvocationOperation call, IOperation body, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            IOperation statement = call;
            while (statement.Parent != null && !(statement.Parent is IBlockOperation) && statement.Parent != body)
            {
                statement = statement.Parent;
            }

            foreach (var node in IOperationExtensions.DescendantsOf(statement))
            {
                if (node is IBinaryOperation binary && binary.OperatorKind == BinaryOperatorKind.Equals)
                {
                    IOperation? other = IsProcessId(binary.LeftOperand, symbols) ? binary.RightOperand :
                                        IsProcessId(binary.RightOperand, symbols) ? binary.LeftOperand : null;
                    if (other != null)
                    {
                        var source = LockContentSource(other, body, symbols, recognizer, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);
                        if (source != null)
                        {
                            return source;
                        }
                    }
                }
            }

            return null;
        }

        private static bool IsProcessId(IOperation operation, KnownSymbols symbols) =>
            IOperationExtensions.Unwrap(operation) is IPropertyReferenceOperation property && property.Property.Name == "Id" &&
            KnownSymbols.Is(property.Property.ContainingType, symbols.Process);

        /// <summary>The lock path whose content <paramref name="value"/> was parsed from, following locals and fields assigned in the member.</summary>
        internal static IOperation? LockContentSource(IOperation value, IOperation body, KnownSymbols symbols, LockPathRecognizer recognizer, HashSet<ISymbol> visited, int depth)
        {
            if (depth > MaxDepth)
            {
                return null;
            }

            foreach (var node in Self(value))
            {
                var path = FileCalls.ContentPath(node, symbols);
                if (path != null && recognizer.IsLockPath(FileCalls.PathOfFileInfo(path, symbols)))
                {
                    return FileCalls.PathOfFileInfo(path, symbols) ?? path;
                }

                // A pid read by a helper: ReadPid() => int.Parse(File.ReadAllText(PidFile)).
                foreach (var effect in CompilationState.EffectsOf(symbols.Compilation).EffectsAt(node))
                {
                    if (effect.Kind == EffectKind.ContentRead && effect.Path != null && recognizer.IsLockPath(effect.Path))
                    {
                        return effect.Path;
                    }
                }

                ISymbol? symbol = node switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                if (symbol == null || !visited.Add(symbol))
                {
                    continue;
                }

                foreach (var assigned in MemberPathIndex.Of(body).AssignedValues(symbol))
                {
                    var found = LockContentSource(assigned, body, symbols, recognizer, visited, depth + 1);
                    if (found != null)
                    {
                        return found;
                    }
                }
            }

            return null;
        }

        private static IEnumerable<IOperation> Self(IOperation operation)
        {
            yield return operation;
            foreach (var descendant in IOperationExtensions.DescendantsOf(operation))
            {
                yield return descendant;
            }
        }
    }
}
