using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK002
{
    /// <summary>
    /// One break, one diagnostic: an overwriting create of a path that an earlier statement of an enclosing block (the
    /// delete or move itself, not one inside an earlier branch) deleted or moved away is the second half of that break
    /// (seed 004: <c>File.Delete(p); File.WriteAllText(p, ...)</c>), and only the delete is reported.
    /// </summary>
    internal static class StealSequences
    {
        public static bool CompletesEarlierBreak(IOperation create, IOperation path, KnownSymbols symbols)
        {
            for (var current = create; current.Parent != null; current = current.Parent)
            {
                var parent = current.Parent;
                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation)
                {
                    return false;
                }

                if (!(parent is IBlockOperation block))
                {
                    continue;
                }

                foreach (var statement in block.Operations)
                {
                    if (statement == current)
                    {
                        break;
                    }

                    if (BreaksPath(statement, path, symbols))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A statement that is itself the delete or move (not one nested in an earlier, separate branch).</summary>
        private static bool BreaksPath(IOperation statement, IOperation path, KnownSymbols symbols) =>
            statement is IExpressionStatementOperation expression && expression.Operation is IInvocationOperation invocation &&
            PathIdentity.Same(FileCalls.DeletedPath(invocation, symbols) ?? FileCalls.MovedAwayPath(invocation, symbols), path, symbols);
    }
}
