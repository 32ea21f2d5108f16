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
    /// The waits of a retry loop for the loop family (LCK004, LCK005): Thread.Sleep, Task.Delay and calls named like a wait.
    /// </summary>
    internal static class LoopSleeps
    {
        private static readonly string[] SleepLikeWords = { "sleep", "delay", "wait", "backoff", "pause", "yield" };

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
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop))
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
    }
}
