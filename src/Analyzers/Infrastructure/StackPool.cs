using System.Collections.Generic;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Stacks reused per thread by the walks (<see cref="OperationWalk"/>, <see cref="TokenWalk"/>): walks run by the
    /// thousand and nest a few deep (a walk's caller walks a sub-tree), so a few stacks per thread are kept rather than
    /// one allocated and grown per walk. A walk that is never finished or disposed keeps its stack.
    /// </summary>
    internal static class StackPool<T>
    {
        [System.ThreadStatic]
        private static Stack<T>[]? t_stacks;

        [System.ThreadStatic]
        private static int t_free;

        public static Stack<T> Rent()
        {
            var stacks = t_stacks;
            if (stacks != null && t_free > 0)
            {
                var stack = stacks[--t_free];
                stacks[t_free] = null!;
                return stack;
            }

            return new Stack<T>();
        }

        /// <summary>Gives back the walk's stack, if it still holds one, and clears the walk's field (a second call does nothing).</summary>
        public static void Return(ref Stack<T>? held)
        {
            var stack = held;
            if (stack == null)
            {
                return;
            }

            held = null;
            var stacks = t_stacks ??= new Stack<T>[4];
            if (t_free < stacks.Length)
            {
                stack.Clear();
                stacks[t_free++] = stack;
            }
        }
    }
}
