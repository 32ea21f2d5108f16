using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;
namespace LockAnalyzers.Rules.LoopFamily
{
    /// <summary>
    /// What the loop family (LCK004, LCK005) counts as a deadline check: a read of a clock, elapsed time, a deadline-named value or a cancellation flag, a throwing check, a token handed to a call, and the <c>if</c>s and filters that leave a loop on one. One definition, so a loop LCK005 calls bounded is one whose checks LCK004 follows.
    /// </summary>
    internal static class DeadlineChecks
    {
        /// <summary>Name parts that make a variable or member read as a deadline, matched as case-insensitive substrings.</summary>
        private static readonly string[] DeadlineWords = { "deadline", "timeout", "timedout", "expir", "elapsed", "until" };

        public static bool NameLooksLikeDeadline(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            foreach (var word in DeadlineWords)
            {
                if (name!.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the expression reads a clock, elapsed time, a deadline-named value or a cancellation flag.</summary>
        public static bool ReadsDeadline(IOperation? expression, KnownSymbols symbols)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(expression))
            {
                if (IsDeadlineRead(operation, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDeadlineRead(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation property:
                    {
                        var type = property.Property.ContainingType;
                        var name = property.Property.Name;
                        if (KnownSymbols.Is(type, symbols.Stopwatch) && name.StartsWith("Elapsed", StringComparison.Ordinal))
                        {
                            return true;
                        }

                        if ((KnownSymbols.Is(type, symbols.DateTime) || KnownSymbols.Is(type, symbols.DateTimeOffset)) && (name == "Now" || name == "UtcNow"))
                        {
                            return true;
                        }

                        if (KnownSymbols.Is(type, symbols.Environment) && name.StartsWith("TickCount", StringComparison.Ordinal))
                        {
                            return true;
                        }

                        if (KnownSymbols.Is(type, symbols.CancellationToken) && name == "IsCancellationRequested")
                        {
                            return true;
                        }

                        if (KnownSymbols.Is(type, symbols.CancellationTokenSource) && name == "IsCancellationRequested")
                        {
                            return true;
                        }

                        return KnownSymbols.Is(type, symbols.RuntimeLockDeadline) || NameLooksLikeDeadline(name);
                    }

                case IInvocationOperation invocation:
                    {
                        var type = invocation.TargetMethod.ContainingType;
                        var name = invocation.TargetMethod.Name;
                        if (KnownSymbols.Is(type, symbols.Stopwatch) && (name == "GetTimestamp" || name == "GetElapsedTime"))
                        {
                            return true;
                        }

                        if (KnownSymbols.InheritsFromOrIs(type, symbols.TimeProvider))
                        {
                            return true;
                        }

                        return KnownSymbols.Is(type, symbols.RuntimeLockDeadline) || NameLooksLikeDeadline(name);
                    }

                case ILocalReferenceOperation local:
                    return NameLooksLikeDeadline(local.Local.Name) || KnownSymbols.Is(local.Local.Type, symbols.RuntimeLockDeadline);

                case IParameterReferenceOperation parameter:
                    return NameLooksLikeDeadline(parameter.Parameter.Name) || KnownSymbols.Is(parameter.Parameter.Type, symbols.RuntimeLockDeadline);

                case IFieldReferenceOperation field:
                    return NameLooksLikeDeadline(field.Field.Name) || KnownSymbols.Is(field.Field.Type, symbols.RuntimeLockDeadline);

                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>token.ThrowIfCancellationRequested()</c>, <c>deadline.ThrowIfExpired()</c> and other <c>ThrowIf…</c> calls
        /// on a deadline or with deadline arguments: a statement that leaves the loop once time is up.
        /// </summary>
        public static bool IsThrowingCheck(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var name = invocation.TargetMethod.Name;
            if (!name.StartsWith("ThrowIf", StringComparison.Ordinal))
            {
                return false;
            }

            if (name == "ThrowIfCancellationRequested" || NameLooksLikeDeadline(name) || KnownSymbols.Is(invocation.TargetMethod.ContainingType, symbols.RuntimeLockDeadline))
            {
                return true;
            }

            if (invocation.Instance != null && ReadsDeadline(invocation.Instance, symbols))
            {
                return true;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (ReadsDeadline(argument.Value, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A call handed a live cancellation token (not <c>default</c> or <c>CancellationToken.None</c>): it throws once the token is cancelled.</summary>
        public static bool PassesToken(IInvocationOperation invocation, KnownSymbols symbols)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || !KnownSymbols.Is(argument.Value.Type, symbols.CancellationToken))
                {
                    continue;
                }

                var value = IOperationExtensions.Unwrap(argument.Value);
                if (value is IDefaultValueOperation)
                {
                    continue;
                }

                if (value is IPropertyReferenceOperation property && property.Property.Name == "None" && KnownSymbols.Is(property.Property.ContainingType, symbols.CancellationToken))
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        /// <summary>
        /// An <c>if</c> that leaves <paramref name="loop"/> under a condition reading a deadline (or, when
        /// <paramref name="counters"/> is given, comparing a counter).
        /// </summary>
        public static bool IsCheckingIf(IConditionalOperation conditional, ILoopOperation loop, KnownSymbols symbols, HashSet<ISymbol>? counters)
        {
            if (!(conditional.Syntax is IfStatementSyntax))
            {
                return false;
            }

            var readsBound = ReadsDeadline(conditional.Condition, symbols) || (counters != null && LoopBounds.IsCounterBound(conditional.Condition, counters));
            return readsBound && (LoopBounds.ExitsLoop(conditional.WhenTrue, loop) || LoopBounds.ExitsLoop(conditional.WhenFalse, loop));
        }

        /// <summary>A catch clause whose <c>when</c> filter reads a deadline: once time is up the exception escapes the loop.</summary>
        public static bool IsCheckingFilter(ICatchClauseOperation clause, KnownSymbols symbols) =>
            clause.Filter != null && ReadsDeadline(clause.Filter, symbols);

        /// <summary>
        /// The deadline checks in the loop (not in lambdas): checking <c>if</c>s, throwing checks and deadline filters,
        /// as the syntax of the statement (or catch clause) that holds each, in source order.
        /// </summary>
        public static List<SyntaxNode> In(ILoopOperation loop, KnownSymbols symbols)
        {
            var checks = new List<SyntaxNode>();
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                switch (operation)
                {
                    case IConditionalOperation conditional when IsCheckingIf(conditional, loop, symbols, counters: null):
                        checks.Add(conditional.Syntax);
                        break;
                    case IInvocationOperation invocation when IsThrowingCheck(invocation, symbols):
                        checks.Add(LoopSyntax.StatementOf(invocation.Syntax));
                        break;
                    case ICatchClauseOperation clause when IsCheckingFilter(clause, symbols):
                        checks.Add(clause.Syntax);
                        break;
                }
            }

            checks.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
            return checks;
        }
    }
}
