using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>
    /// Staleness judged from a time written in the lock's own content (an acquisition time or an expiry parsed from
    /// it), seeds 003 and 004. Only an ordering comparison (&lt;, &lt;=, &gt;, &gt;=) into which both a clock and the
    /// lock's content flow counts: a wait deadline beside a content check is a timeout, not a timestamp. The content
    /// may be read in the member or by a same-type helper one call deep that returns what it parsed (seed 003's
    /// <c>ReadInfo()</c>), and the whole comparison may sit in a same-type bool/TimeSpan/DateTime helper one call
    /// deep (seed 004's <c>IsStale(lockPath, staleMs)</c>).
    /// </summary>
    internal sealed partial class StaleTimestampConditions
    {
        private Dictionary<IMethodSymbol, (string Key, bool Result)>? _helperComparesContentTime;
        private Dictionary<IMethodSymbol, (string Key, bool Result)>? _helperReturnsContent;
        private Dictionary<IMethodSymbol, (string Key, bool Result)>? _helperReturnsClock;

        private bool ComparesContentTime(IOperation condition, string key)
        {
            // The tests are made once per condition, not once per operation the walk visits.
            System.Func<IOperation, bool> readsClock = ReadsClock;
            System.Func<IOperation, bool> readsContent = n => ReadsContentOf(n, key);
            return Flows(
                condition,
                node => IsContentTimeComparison(node, readsClock, readsContent) ||
                        (node is IInvocationOperation call && HelperComparesContentTime(call, key)),
                new HashSet<ISymbol>(SymbolEqualityComparer.Default),
                0);
        }

        /// <summary>The member reads the content of the path with this key, itself or through a helper that returns it.</summary>
        private bool ReadsContentOf(IOperation node, string key)
        {
            var path = FileCalls.ContentPath(node, _symbols);
            if (path != null)
            {
                return PathIdentity.KeyOf(path, _symbols) == key;
            }

            return node is IInvocationOperation call && HelperReturnsContent(call, key);
        }

        /// <summary>A clock read in the member, or a same-type helper that returns a value derived from one (an age).</summary>
        private bool ReadsClock(IOperation node) =>
            IsClock(node) ||
            (node is IInvocationOperation call && !call.TargetMethod.ReturnsVoid &&
             Cached(ref _helperReturnsClock, call, string.Empty, (value, _) => Flows(value, IsClock, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0)));

        private static bool IsContentTimeComparison(IOperation node, System.Func<IOperation, bool> readsClock, System.Func<IOperation, bool> readsContent)
        {
            if (!(node is IBinaryOperation binary))
            {
                return false;
            }

            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.LessThan:
                case BinaryOperatorKind.LessThanOrEqual:
                case BinaryOperatorKind.GreaterThan:
                case BinaryOperatorKind.GreaterThanOrEqual:
                    return Flows(binary, readsClock, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0) &&
                           Flows(binary, readsContent, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);
                default:
                    return false;
            }
        }

        /// <summary>A same-type bool/TimeSpan/DateTime helper that returns a comparison of the lock's content time with a clock.</summary>
        private bool HelperComparesContentTime(IInvocationOperation call, string key)
        {
            if (!ReturnsAgeShape(call.TargetMethod.ReturnType))
            {
                return false;
            }

            return Cached(ref _helperComparesContentTime, call, key, (value, helperCall) =>
            {
                System.Func<IOperation, bool> readsContent = n => HelperNodeReadsContent(n, helperCall, key);
                return Flows(value, node => IsContentTimeComparison(node, IsClock, readsContent), new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);
            });
        }

        /// <summary>A same-type helper that returns what it read from the lock (a record, lines, a parsed time): seed 003's ReadInfo().</summary>
        private bool HelperReturnsContent(IInvocationOperation call, string key)
        {
            if (call.TargetMethod.ReturnsVoid)
            {
                return false;
            }

            return Cached(ref _helperReturnsContent, call, key, (value, helperCall) =>
                Flows(value, node => HelperNodeReadsContent(node, helperCall, key), new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0));
        }

        private bool HelperNodeReadsContent(IOperation node, IInvocationOperation call, string key)
        {
            var path = FileCalls.ContentPath(node, _symbols);
            var atCallSite = SameTypeHelpers.MapToCallSite(FileCalls.PathOfFileInfo(path, _symbols), call);
            return atCallSite != null && PathIdentity.KeyOf(atCallSite, _symbols) == key;
        }

        /// <summary>
        /// Tests the values a same-type helper (one call deep, not the member itself) returns. A helper called without
        /// arguments gives the same answer for the same key, so that answer is kept for the member.
        /// </summary>
        private bool Cached(ref Dictionary<IMethodSymbol, (string Key, bool Result)>? cache, IInvocationOperation call, string key, System.Func<IOperation, IInvocationOperation, bool> returnedValueTest)
        {
            var method = call.TargetMethod.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(method, _owningSymbol.OriginalDefinition))
            {
                return false;
            }

            var cacheable = call.Arguments.Length == 0;
            if (cacheable && cache != null && cache.TryGetValue(method, out var known) && known.Key == key)
            {
                return known.Result;
            }

            var result = false;
            var body = SameTypeHelpers.BodyOf(call, _owningSymbol);
            if (body != null)
            {
                foreach (var node in IOperationExtensions.DescendantsOf(body))
                {
                    if (node is IReturnOperation returned && returned.ReturnedValue != null && !InNestedFunction(returned, body) &&
                        returnedValueTest(returned.ReturnedValue, call))
                    {
                        result = true;
                        break;
                    }
                }
            }

            if (cacheable)
            {
                (cache ??= new Dictionary<IMethodSymbol, (string Key, bool Result)>(SymbolEqualityComparer.Default))[method] = (key, result);
            }

            return result;
        }

        private static bool InNestedFunction(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current != null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
