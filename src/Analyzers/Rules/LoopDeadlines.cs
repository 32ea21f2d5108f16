using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;

namespace LockAnalyzers.Rules
{
    /// <summary>
    /// What LCK004 and LCK005 count as a deadline check, a bound and a sleep in a loop. Kept in one place so the two
    /// rules never disagree: a loop LCK005 calls bounded is one whose bound LCK004 checks the paths of.
    /// </summary>
    internal static class LoopDeadlines
    {
        /// <summary>Name parts that make a variable or member read as a deadline, matched as case-insensitive substrings.</summary>
        private static readonly string[] DeadlineWords = { "deadline", "timeout", "timedout", "expir", "elapsed", "until" };

        private static readonly string[] SleepLikeWords = { "sleep", "delay", "wait", "backoff", "pause", "yield" };

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

        /// <summary>Operations under <paramref name="root"/> (itself included), not entering lambdas or local functions, which run at another time.</summary>
        public static IEnumerable<IOperation> DescendantsNoLambdas(IOperation? root) => IOperationExtensions.DescendantsAndSelfNoLambdas(root);

        /// <summary>True when the expression reads a clock, elapsed time, a deadline-named value or a cancellation flag.</summary>
        public static bool ReadsDeadline(IOperation? expression, KnownSymbols symbols)
        {
            foreach (var operation in DescendantsNoLambdas(expression))
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

        /// <summary>A framework wait between attempts: Thread.Sleep/SpinWait/Yield, Task.Delay, SpinWait, LockDeadline.Delay, WaitHandle.WaitOne.</summary>
        public static bool IsSleep(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var type = invocation.TargetMethod.ContainingType;
            var name = invocation.TargetMethod.Name;
            if (KnownSymbols.Is(type, symbols.Thread))
            {
                return name == "Sleep" || name == "SpinWait" || name == "Yield";
            }

            if (KnownSymbols.Is(type, symbols.Task))
            {
                return name == "Delay" || name == "Yield";
            }

            if (KnownSymbols.Is(type, symbols.SpinWait))
            {
                return name == "SpinOnce" || name == "SpinUntil";
            }

            if (KnownSymbols.Is(type, symbols.RuntimeLockDeadline))
            {
                return name == "Delay" || name == "DelayAsync";
            }

            return name == "WaitOne" && type?.Name == "WaitHandle";
        }

        /// <summary>
        /// Anything that may wait: a framework sleep, or a call whose name says it sleeps, waits or backs off. Broad on
        /// purpose: it only ever suppresses a "spins without sleeping" report.
        /// </summary>
        public static bool IsSleepLike(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (IsSleep(invocation, symbols))
            {
                return true;
            }

            var name = invocation.TargetMethod.Name;
            foreach (var word in SleepLikeWords)
            {
                if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the loop (condition, body, increments) holds a wait: a sleep-like call or an <c>await</c>.</summary>
        public static bool HasSleep(ILoopOperation loop, KnownSymbols symbols)
        {
            foreach (var operation in DescendantsNoLambdas(loop))
            {
                if (operation is IAwaitOperation)
                {
                    return true;
                }

                if (operation is IInvocationOperation invocation && IsSleepLike(invocation, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Locals, parameters and fields the loop counts with (<c>i++</c>, <c>attempts -= 1</c>): candidates for a counter bound.</summary>
        public static HashSet<ISymbol> CountersOf(ILoopOperation loop)
        {
            var counters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in DescendantsNoLambdas(loop))
            {
                IOperation? target = operation switch
                {
                    IIncrementOrDecrementOperation step => step.Target,
                    ICompoundAssignmentOperation compound when compound.OperatorKind == BinaryOperatorKind.Add || compound.OperatorKind == BinaryOperatorKind.Subtract => compound.Target,
                    _ => null,
                };

                var symbol = SymbolOf(target);
                if (symbol != null)
                {
                    counters.Add(symbol);
                }
            }

            return counters;
        }

        /// <summary>A comparison of a loop counter with something (<c>i &lt; n</c>, <c>++attempt &gt; max</c>, <c>tries == 0</c>).</summary>
        public static bool IsCounterBound(IOperation? condition, HashSet<ISymbol> counters)
        {
            if (condition == null || counters.Count == 0)
            {
                return false;
            }

            foreach (var operation in DescendantsNoLambdas(condition))
            {
                if (operation is IBinaryOperation binary && IsComparison(binary.OperatorKind) &&
                    (MentionsCounter(binary.LeftOperand, counters) || MentionsCounter(binary.RightOperand, counters)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsComparison(BinaryOperatorKind kind) =>
            kind == BinaryOperatorKind.LessThan || kind == BinaryOperatorKind.LessThanOrEqual ||
            kind == BinaryOperatorKind.GreaterThan || kind == BinaryOperatorKind.GreaterThanOrEqual ||
            kind == BinaryOperatorKind.Equals || kind == BinaryOperatorKind.NotEquals;

        private static bool MentionsCounter(IOperation operand, HashSet<ISymbol> counters)
        {
            var value = IOperationExtensions.Unwrap(operand);
            if (value is IIncrementOrDecrementOperation step)
            {
                value = IOperationExtensions.Unwrap(step.Target);
            }

            var symbol = SymbolOf(value);
            return symbol != null && counters.Contains(symbol);
        }

        private static ISymbol? SymbolOf(IOperation? operation) =>
            operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property when property.Property.Parameters.Length == 0 => property.Property,
                _ => null,
            };

        /// <summary>True for a constant-true condition: <c>while (true)</c>, <c>for (;;)</c>.</summary>
        public static bool IsForever(IOperation? condition) =>
            condition == null || (condition.ConstantValue.HasValue && condition.ConstantValue.Value is bool b && b);

        public static IOperation? ConditionOf(ILoopOperation loop) =>
            loop switch
            {
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                IForLoopOperation forLoop => forLoop.Condition,
                _ => null,
            };

        /// <summary>
        /// The loop's own condition bounds it: it reads a deadline or a cancellation flag, or compares a counter.
        /// </summary>
        public static bool ConditionBounds(ILoopOperation loop, KnownSymbols symbols, HashSet<ISymbol> counters)
        {
            var condition = ConditionOf(loop);
            if (IsForever(condition))
            {
                return false;
            }

            return ReadsDeadline(condition, symbols) || IsCounterBound(condition, counters);
        }

        /// <summary>
        /// True when running <paramref name="branch"/> can leave <paramref name="loop"/>: a throw, a return, a break
        /// of that loop or a goto to a label outside it.
        /// </summary>
        public static bool ExitsLoop(IOperation? branch, ILoopOperation loop)
        {
            foreach (var operation in DescendantsNoLambdas(branch))
            {
                switch (operation)
                {
                    case IThrowOperation _:
                        return true;
                    case IReturnOperation ret when ret.Kind != OperationKind.YieldReturn:
                        return true;
                    case IBranchOperation jump when jump.BranchKind == BranchKind.Break &&
                                                   SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel):
                        return true;
                    case IBranchOperation jump when jump.BranchKind == BranchKind.GoTo && IsOutside(jump.Target, loop):
                        return true;
                }
            }

            return false;
        }

        private static bool IsOutside(ILabelSymbol label, ILoopOperation loop)
        {
            if (label.Locations.Length == 0 || !label.Locations[0].IsInSource)
            {
                return false;
            }

            var location = label.Locations[0];
            return location.SourceTree != loop.Syntax.SyntaxTree || !loop.Syntax.Span.Contains(location.SourceSpan);
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

            var readsBound = ReadsDeadline(conditional.Condition, symbols) || (counters != null && IsCounterBound(conditional.Condition, counters));
            return readsBound && (ExitsLoop(conditional.WhenTrue, loop) || ExitsLoop(conditional.WhenFalse, loop));
        }

        /// <summary>A catch clause whose <c>when</c> filter reads a deadline: once time is up the exception escapes the loop.</summary>
        public static bool IsCheckingFilter(ICatchClauseOperation clause, KnownSymbols symbols) =>
            clause.Filter != null && ReadsDeadline(clause.Filter, symbols);

        /// <summary>
        /// The deadline checks in the loop (not in lambdas): checking <c>if</c>s, throwing checks and deadline filters,
        /// as the syntax of the statement (or catch clause) that holds each, in source order.
        /// </summary>
        public static List<SyntaxNode> DeadlineChecks(ILoopOperation loop, KnownSymbols symbols)
        {
            var checks = new List<SyntaxNode>();
            foreach (var operation in DescendantsNoLambdas(loop.Body))
            {
                switch (operation)
                {
                    case IConditionalOperation conditional when IsCheckingIf(conditional, loop, symbols, counters: null):
                        checks.Add(conditional.Syntax);
                        break;
                    case IInvocationOperation invocation when IsThrowingCheck(invocation, symbols):
                        checks.Add(StatementOf(invocation.Syntax));
                        break;
                    case ICatchClauseOperation clause when IsCheckingFilter(clause, symbols):
                        checks.Add(clause.Syntax);
                        break;
                }
            }

            checks.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
            return checks;
        }

        /// <summary>
        /// Whether anything in the loop bounds it: its condition, a deadline or counter check that leaves it, a
        /// throwing check, a deadline filter, or a call that is handed a cancellation token.
        /// </summary>
        public static bool IsBounded(ILoopOperation loop, KnownSymbols symbols, HashSet<ISymbol> counters, out bool byCounter)
        {
            byCounter = false;
            var condition = ConditionOf(loop);
            if (!IsForever(condition))
            {
                if (ReadsDeadline(condition, symbols))
                {
                    return true;
                }

                if (IsCounterBound(condition, counters))
                {
                    byCounter = true;
                    return true;
                }
            }

            var bounded = false;
            foreach (var operation in DescendantsNoLambdas(loop.Body))
            {
                switch (operation)
                {
                    case IConditionalOperation conditional when IsCheckingIf(conditional, loop, symbols, counters: null):
                        bounded = true;
                        break;
                    case IConditionalOperation conditional when IsCheckingIf(conditional, loop, symbols, counters):
                        byCounter = true;
                        return true;
                    case IInvocationOperation invocation when IsThrowingCheck(invocation, symbols) || PassesToken(invocation, symbols):
                        bounded = true;
                        break;
                    case ICatchClauseOperation clause when IsCheckingFilter(clause, symbols):
                        bounded = true;
                        break;
                }
            }

            return bounded;
        }

        /// <summary>
        /// The text of a lock path that means the same before the loop as inside it (a parameter, a field, a property,
        /// a literal, or a local declared outside the loop), so a fix can hand it to <c>ThrowIfExpired</c>; else null.
        /// </summary>
        public static string? PortablePathText(IOperation? path, ILoopOperation loop)
        {
            if (path == null)
            {
                return null;
            }

            var value = IOperationExtensions.Unwrap(path);
            switch (value)
            {
                case ILocalReferenceOperation local:
                    {
                        var declared = local.Local.Locations.Length > 0 ? local.Local.Locations[0] : null;
                        return declared != null && declared.IsInSource && !loop.Syntax.Span.Contains(declared.SourceSpan) ? local.Local.Name : null;
                    }

                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Name;
                case IFieldReferenceOperation field when field.Instance == null || field.Instance is IInstanceReferenceOperation:
                    return field.Syntax.ToString();
                case IPropertyReferenceOperation property when property.Property.Parameters.Length == 0 &&
                                                              (property.Instance == null || property.Instance is IInstanceReferenceOperation):
                    return property.Syntax.ToString();
                case ILiteralOperation literal when literal.ConstantValue.HasValue && literal.ConstantValue.Value is string:
                    return literal.Syntax.ToString();
                default:
                    return null;
            }
        }

        /// <summary>The first lock path the loop touches through File/FileStream/FileInfo, or null.</summary>
        public static IOperation? LockPathIn(ILoopOperation loop, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            foreach (var operation in DescendantsNoLambdas(loop))
            {
                var path = FileCalls.PathArgument(operation, symbols);
                if (path != null && recognizer.IsLockPath(path))
                {
                    return path;
                }
            }

            // No framework call: a lock-named string handed to the code's own helpers (TryCreate(lockPath)).
            foreach (var operation in DescendantsNoLambdas(loop))
            {
                if (operation is IArgumentOperation argument && argument.Value.Type?.SpecialType == SpecialType.System_String &&
                    (argument.Value is ILocalReferenceOperation || argument.Value is IParameterReferenceOperation || argument.Value is IFieldReferenceOperation) &&
                    recognizer.IsLockPath(argument.Value))
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>The statement that holds <paramref name="node"/> (itself when it is one).</summary>
        public static SyntaxNode StatementOf(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is StatementSyntax)
                {
                    return current;
                }
            }

            return node;
        }

        /// <summary>The keyword a loop diagnostic is reported on.</summary>
        public static Location KeywordLocation(SyntaxNode loop) =>
            loop switch
            {
                WhileStatementSyntax w => w.WhileKeyword.GetLocation(),
                DoStatementSyntax d => d.DoKeyword.GetLocation(),
                ForStatementSyntax f => f.ForKeyword.GetLocation(),
                ForEachStatementSyntax e => e.ForEachKeyword.GetLocation(),
                _ => loop.GetLocation(),
            };

        /// <summary>
        /// The syntactic loop a <c>continue</c> belongs to (nearest enclosing loop, not crossing a lambda or local
        /// function), or null.
        /// </summary>
        public static SyntaxNode? LoopOfContinue(ContinueStatementSyntax node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current.Kind())
                {
                    case SyntaxKind.WhileStatement:
                    case SyntaxKind.DoStatement:
                    case SyntaxKind.ForStatement:
                    case SyntaxKind.ForEachStatement:
                    case SyntaxKind.ForEachVariableStatement:
                        return current;
                    case SyntaxKind.ParenthesizedLambdaExpression:
                    case SyntaxKind.SimpleLambdaExpression:
                    case SyntaxKind.AnonymousMethodExpression:
                    case SyntaxKind.LocalFunctionStatement:
                        return null;
                }

                if (current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }
    }
}
