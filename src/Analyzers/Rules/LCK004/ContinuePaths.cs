using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.LoopFamily;

namespace LockAnalyzers.Rules.LCK004
{
    /// <summary>
    /// Follows the paths of one loop iteration, from the loop head to each <c>continue</c> of that loop, over the
    /// operation tree, and records for each <c>continue</c> which kinds of path reach it: has a path passed a deadline
    /// (or counter) check, has it slept.
    /// </summary>
    /// <remarks>
    /// Why not <c>ControlFlowGraph</c>: the graph lowers <c>continue</c> to an anonymous edge into the loop's
    /// condition block, with no syntax left to tell one <c>continue</c> from another or from the end of the body, so
    /// it cannot say which statement to report. This walk is the same forward data flow over a four-element lattice,
    /// with the graph's rules: both arms of an <c>if</c>, every point of a <c>try</c> flowing into its catches,
    /// <c>when</c> filters, <c>finally</c> on the way out, <c>switch</c> sections, inner loops to a fixed point, and
    /// <c>goto</c> labels iterated to a fixed point. Lambdas and local functions run elsewhere and are skipped.
    /// </remarks>
    internal sealed class ContinuePaths
    {
        /// <summary>Bit flags of one path kind; a state is a set of kinds as a 4-bit mask.</summary>
        public const int Checked = 1;
        public const int Slept = 2;

        /// <summary>The state at the loop head: one path, unchecked and unslept.</summary>
        public const int Start = 1 << 0;

        private const int MaxRounds = 8;

        private readonly ILoopOperation _root;
        private readonly KnownSymbols _symbols;
        private readonly HashSet<ISymbol> _counters;
        private readonly List<Frame> _frames = new List<Frame>();
        private readonly List<int[]> _tryObserved = new List<int[]>();
        private readonly List<(IOperation Finally, int Depth)> _finallies = new List<(IOperation, int)>();
        private readonly Dictionary<ILabelSymbol, int> _labels = new Dictionary<ILabelSymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IBranchOperation, int> _continues = new Dictionary<IBranchOperation, int>();

        private ContinuePaths(ILoopOperation root, KnownSymbols symbols)
        {
            _root = root;
            _symbols = symbols;
            _counters = LoopBounds.CountersOf(root);
        }

        /// <summary>The path kinds reaching each <c>continue</c> of <paramref name="loop"/>.</summary>
        public static Dictionary<IBranchOperation, int> Analyze(ILoopOperation loop, KnownSymbols symbols)
        {
            var walker = new ContinuePaths(loop, symbols);
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop.Body))
            {
                if (operation is ILabeledOperation labeled)
                {
                    walker._labels[labeled.Label] = 0;
                }
            }

            for (var round = 0; round < MaxRounds; round++)
            {
                var before = new Dictionary<ILabelSymbol, int>(walker._labels, SymbolEqualityComparer.Default);
                walker._frames.Clear();
                walker._frames.Add(new Frame(loop.ContinueLabel, loop.ExitLabel));
                walker.Walk(loop.Body, Start);
                if (SameLabels(before, walker._labels))
                {
                    break;
                }
            }

            return walker._continues;
        }

        public static bool HasUnchecked(int mask) => (mask & ((1 << 0) | (1 << Slept))) != 0;

        public static bool HasUncheckedUnslept(int mask) => (mask & (1 << 0)) != 0;

        public static int Mark(int mask, int flag)
        {
            var result = 0;
            for (var kind = 0; kind < 4; kind++)
            {
                if ((mask & (1 << kind)) != 0)
                {
                    result |= 1 << (kind | flag);
                }
            }

            return result;
        }

        private static bool SameLabels(Dictionary<ILabelSymbol, int> a, Dictionary<ILabelSymbol, int> b)
        {
            foreach (var pair in b)
            {
                if (!a.TryGetValue(pair.Key, out var value) || value != pair.Value)
                {
                    return false;
                }
            }

            return true;
        }

        private int Walk(IOperation? operation, int state)
        {
            if (operation == null)
            {
                return state;
            }

            if (operation is ILabeledOperation labeled)
            {
                if (_labels.TryGetValue(labeled.Label, out var incoming))
                {
                    state |= incoming;
                }

                return Walk(labeled.Operation, state);
            }

            if (state == 0)
            {
                return 0;
            }

            // Exceptions are observed where they can arise: at the start of statements that do something, after a
            // check has been read, at a throw. Not at the start of a block, so a check first in a try covers its catches.
            switch (operation)
            {
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        state = Walk(statement, state);
                    }

                    return state;

                case IConditionalOperation conditional when conditional.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax:
                    {
                        if (DeadlineChecks.IsCheckingIf(conditional, _root, _symbols, _counters))
                        {
                            state = Mark(Expression(conditional.Condition, state, observe: false), Checked);
                            Observe(state);
                        }
                        else
                        {
                            state = Expression(conditional.Condition, state);
                        }

                        var whenTrue = Walk(conditional.WhenTrue, state);
                        var whenFalse = conditional.WhenFalse != null ? Walk(conditional.WhenFalse, state) : state;
                        return whenTrue | whenFalse;
                    }

                case ILoopOperation inner:
                    Observe(state);
                    return WalkLoop(inner, state);

                case ITryOperation tryOperation:
                    return WalkTry(tryOperation, state);

                case ISwitchOperation switchOperation:
                    Observe(state);
                    return WalkSwitch(switchOperation, state);

                case IBranchOperation branch:
                    return Branch(branch, state);

                case IReturnOperation ret when ret.Kind != OperationKind.YieldReturn:
                    Expression(ret.ReturnedValue, state);
                    return 0;

                case IReturnOperation yieldReturn:
                    return Expression(yieldReturn.ReturnedValue, state);

                case IThrowOperation thrown:
                    Observe(Expression(thrown.Exception, state));
                    return 0;

                case IExpressionStatementOperation statement when statement.Operation is IThrowOperation thrown:
                    Observe(Expression(thrown.Exception, state));
                    return 0;

                case IUsingOperation usingOperation:
                    return Walk(usingOperation.Body, Expression(usingOperation.Resources, state));

                case ILockOperation lockOperation:
                    return Walk(lockOperation.Body, Expression(lockOperation.LockedValue, state));

                case ILocalFunctionOperation _:
                case IEmptyOperation _:
                    return state;

                default:
                    return Expression(operation, state);
            }
        }

        /// <summary>A statement with no control flow of its own: its throwing checks, token-taking calls and sleeps mark the paths.</summary>
        private int Expression(IOperation? operation, int state, bool observe = true)
        {
            if (operation == null || state == 0)
            {
                return state;
            }

            if (observe)
            {
                Observe(state);
            }

            foreach (var descendant in IOperationExtensions.DescendantsAndSelfNoLambdas(operation))
            {
                if (descendant is IInvocationOperation invocation)
                {
                    if (DeadlineChecks.IsThrowingCheck(invocation, _symbols) || DeadlineChecks.PassesToken(invocation, _symbols))
                    {
                        state = Mark(state, Checked);
                    }

                    if (LoopSleeps.IsSleepLike(invocation, _symbols))
                    {
                        state = Mark(state, Slept);
                    }
                }
            }

            if (observe)
            {
                Observe(state);
            }

            return state;
        }

        private int WalkLoop(ILoopOperation loop, int state)
        {
            var frame = new Frame(loop.ContinueLabel, loop.ExitLabel);
            _frames.Add(frame);
            int exit;
            switch (loop)
            {
                case IWhileLoopOperation whileLoop when !whileLoop.ConditionIsTop:
                    {
                        // do { body } while (condition): the body runs first.
                        var bodyIn = state;
                        var afterCondition = 0;
                        for (var round = 0; round < MaxRounds; round++)
                        {
                            var bodyOut = Walk(loop.Body, bodyIn);
                            afterCondition = Expression(whileLoop.Condition, bodyOut | frame.ContinueMask);
                            var next = bodyIn | afterCondition;
                            if (next == bodyIn)
                            {
                                break;
                            }

                            bodyIn = next;
                        }

                        exit = LoopBounds.IsForever(whileLoop.Condition) ? 0 : afterCondition;
                        break;
                    }

                default:
                    {
                        IOperation? condition = null;
                        var forever = false;
                        switch (loop)
                        {
                            case IWhileLoopOperation whileLoop:
                                condition = whileLoop.Condition;
                                forever = LoopBounds.IsForever(condition);
                                break;
                            case IForLoopOperation forLoop:
                                foreach (var before in forLoop.Before)
                                {
                                    state = Expression(before, state);
                                }

                                condition = forLoop.Condition;
                                forever = LoopBounds.IsForever(condition);
                                break;
                            case IForEachLoopOperation forEach:
                                state = Expression(forEach.Collection, state);
                                break;
                        }

                        var head = state;
                        for (var round = 0; round < MaxRounds; round++)
                        {
                            var bodyOut = Walk(loop.Body, Expression(condition, head));
                            var back = bodyOut | frame.ContinueMask;
                            if (loop is IForLoopOperation forLoop)
                            {
                                foreach (var step in forLoop.AtLoopBottom)
                                {
                                    back = Expression(step, back);
                                }
                            }

                            var next = head | back;
                            if (next == head)
                            {
                                break;
                            }

                            head = next;
                        }

                        exit = forever ? 0 : Expression(condition, head);
                        break;
                    }
            }

            _frames.RemoveAt(_frames.Count - 1);
            return exit | frame.ExitMask;
        }

        private int WalkTry(ITryOperation tryOperation, int state)
        {
            var observed = new int[1];
            if (tryOperation.Catches.Length > 0)
            {
                _tryObserved.Add(observed);
            }

            if (tryOperation.Finally != null)
            {
                _finallies.Add((tryOperation.Finally, _frames.Count));
            }

            var result = Walk(tryOperation.Body, state);
            if (tryOperation.Catches.Length > 0)
            {
                _tryObserved.Remove(observed);
            }

            // An exception can leave the try wherever one can arise, so a catch starts from every state seen there.
            var catchEntry = observed[0];
            foreach (var clause in tryOperation.Catches)
            {
                var entry = catchEntry;
                if (clause.Filter != null)
                {
                    entry = Expression(clause.Filter, entry);
                    if (DeadlineChecks.IsCheckingFilter(clause, _symbols))
                    {
                        entry = Mark(entry, Checked);
                    }
                }

                result |= Walk(clause.Handler, entry);
            }

            if (tryOperation.Finally != null)
            {
                _finallies.RemoveAt(_finallies.Count - 1);
                result = Walk(tryOperation.Finally, result);
            }

            return result;
        }

        private int WalkSwitch(ISwitchOperation switchOperation, int state)
        {
            state = Expression(switchOperation.Value, state);
            var frame = new Frame(null, switchOperation.ExitLabel);
            _frames.Add(frame);
            var result = 0;
            var hasDefault = false;
            foreach (var section in switchOperation.Cases)
            {
                var sectionState = state;
                foreach (var clause in section.Clauses)
                {
                    if (clause is IDefaultCaseClauseOperation)
                    {
                        hasDefault = true;
                    }
                }

                foreach (var statement in section.Body)
                {
                    sectionState = Walk(statement, sectionState);
                }

                result |= sectionState;
            }

            _frames.RemoveAt(_frames.Count - 1);
            return result | frame.ExitMask | (hasDefault ? 0 : state);
        }

        private int Branch(IBranchOperation branch, int state)
        {
            if (branch.BranchKind == BranchKind.GoTo)
            {
                if (_labels.TryGetValue(branch.Target, out var existing))
                {
                    _labels[branch.Target] = existing | state;
                }

                // A goto out of the loop leaves it; a goto case/default is not followed (those paths are dropped, which only ever hides a report).
                return 0;
            }

            for (var index = _frames.Count - 1; index >= 0; index--)
            {
                var frame = _frames[index];
                var isContinue = branch.BranchKind == BranchKind.Continue && frame.Continue != null && SymbolEqualityComparer.Default.Equals(frame.Continue, branch.Target);
                var isBreak = branch.BranchKind == BranchKind.Break && SymbolEqualityComparer.Default.Equals(frame.Exit, branch.Target);
                if (!isContinue && !isBreak)
                {
                    continue;
                }

                state = ThroughFinallies(state, index);
                if (isContinue)
                {
                    frame.ContinueMask |= state;
                    if (index == 0)
                    {
                        _continues.TryGetValue(branch, out var seen);
                        _continues[branch] = seen | state;
                    }
                }
                else
                {
                    frame.ExitMask |= state;
                }

                return 0;
            }

            return 0;
        }

        /// <summary>A jump out of a try with a finally runs the finally on the way: its checks and sleeps count.</summary>
        private int ThroughFinallies(int state, int frameIndex)
        {
            for (var i = _finallies.Count - 1; i >= 0; i--)
            {
                if (_finallies[i].Depth > frameIndex)
                {
                    state = Expression(_finallies[i].Finally, state);
                }
            }

            return state;
        }

        private void Observe(int state)
        {
            foreach (var observed in _tryObserved)
            {
                observed[0] |= state;
            }
        }

        private sealed class Frame
        {
            public Frame(ILabelSymbol? continueLabel, ILabelSymbol exitLabel)
            {
                Continue = continueLabel;
                Exit = exitLabel;
            }

            public ILabelSymbol? Continue { get; }

            public ILabelSymbol Exit { get; }

            public int ContinueMask { get; set; }

            public int ExitMask { get; set; }
        }
    }
}
