using System.Collections.Generic;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>
    /// Is a condition derived from a lock path's age? Directly (a file-system time of the path), through locals, through
    /// a bool/TimeSpan/DateTime helper of the same type one call deep, or from an acquisition time parsed out of the
    /// lock's own content and compared with a clock.
    /// </summary>
    internal sealed partial class StaleTimestampConditions
    {
        private const int MaxDepth = 5;

        private readonly KnownSymbols _symbols;
        private readonly LockPathRecognizer _recognizer;
        private readonly ISymbol _owningSymbol;

        public StaleTimestampConditions(KnownSymbols symbols, LockPathRecognizer recognizer, ISymbol owningSymbol)
        {
            _symbols = symbols;
            _recognizer = recognizer;
            _owningSymbol = owningSymbol;
        }

        public bool IsDerivedFromAge(IOperation condition, IOperation stolenPath)
        {
            var key = PathIdentity.KeyOf(stolenPath, _symbols);
            if (key == null)
            {
                return false;
            }

            if (Flows(condition, node => ReadsAge(node, key), new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0))
            {
                return true;
            }

            return ComparesContentTime(condition, key);
        }

        /// <summary>Does any operation in <paramref name="operation"/>, or in the values of the locals it reads, satisfy <paramref name="test"/>?</summary>
        internal static bool Flows(IOperation operation, System.Func<IOperation, bool> test, HashSet<ISymbol> visited, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            if (Check(operation, test, visited, depth))
            {
                return true;
            }

            foreach (var node in IOperationExtensions.DescendantsOf(operation))
            {
                if (Check(node, test, visited, depth))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsClock(IOperation node)
        {
            switch (node)
            {
                case IPropertyReferenceOperation property when property.Instance == null:
                    var type = property.Property.ContainingType;
                    var name = property.Property.Name;
                    return ((type?.Name == "DateTime" || type?.Name == "DateTimeOffset") && (name == "Now" || name == "UtcNow" || name == "Today")) ||
                           (type?.Name == "Environment" && (name == "TickCount" || name == "TickCount64"));
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    return (method.ContainingType?.Name == "TimeProvider" && (method.Name == "GetUtcNow" || method.Name == "GetLocalNow")) ||
                           (method.ContainingType?.Name == "Stopwatch" && method.Name == "GetTimestamp");
            }

            return false;
        }

        private static bool Check(IOperation node, System.Func<IOperation, bool> test, HashSet<ISymbol> visited, int depth)
        {
            if (test(node))
            {
                return true;
            }

            if (node is ILocalReferenceOperation local && visited.Add(local.Local))
            {
                foreach (var value in MemberPathIndex.Of(node).AssignedValues(local.Local))
                {
                    if (Flows(value, test, visited, depth + 1))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool ReadsAge(IOperation node, string key)
        {
            var path = FileCalls.TimestampPath(node, _symbols);
            if (path != null)
            {
                return PathIdentity.KeyOf(path, _symbols) == key || _recognizer.IsLockPath(FileCalls.PathOfFileInfo(path, _symbols));
            }

            return node is IInvocationOperation call && HelperReadsAge(call, key);
        }

        /// <summary>A helper (any source member, or a file-system abstraction) returning bool, TimeSpan or DateTime(Offset) (or a task of one) that reads the path's file-system time.</summary>
        private bool HelperReadsAge(IInvocationOperation call, string key)
        {
            if (!ReturnsAgeShape(call.TargetMethod.ReturnType) ||
                SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, _owningSymbol.OriginalDefinition))
            {
                return false;
            }

            foreach (var effect in CompilationState.EffectsOf(_symbols.Compilation).EffectsAt(call))
            {
                if (effect.Kind != EffectKind.TimeRead || effect.Path == null)
                {
                    continue;
                }

                var resolved = FileCalls.PathOfFileInfo(effect.Path, _symbols);
                if (PathIdentity.KeyOf(resolved, _symbols) == key ||
                    (!((effect.SitePath ?? effect.Path).Unwrap() is IParameterReferenceOperation) && _recognizer.IsLockPath(resolved)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReturnsAgeShape(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1 &&
                (named.Name == "Task" || named.Name == "ValueTask"))
            {
                type = named.TypeArguments[0];
            }

            return type.SpecialType == SpecialType.System_Boolean || type.Name == "TimeSpan" || type.Name == "DateTime" || type.Name == "DateTimeOffset";
        }
    }
}
