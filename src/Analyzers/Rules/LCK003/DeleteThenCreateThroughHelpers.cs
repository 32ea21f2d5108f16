using System.Collections.Generic;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Rules.StealFamily;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK003
{
    /// <summary>
    /// LCK003 where the delete happens in a helper (<c>lockIo.DeleteLock(LockFilePath); lockIo.WriteLock(LockFilePath, …)</c>,
    /// <c>fileSystem.File.Delete(path)</c>): the same reachability test as the member's own deletes, reported at the call
    /// that deletes, naming the chain, with the helper's delete as additional location. No fix: the rename that retires
    /// a lock atomically has to replace the helper's delete for every caller, which is not a local rewrite.
    /// </summary>
    internal static class DeleteThenCreateThroughHelpers
    {
        public static void Analyze(LockContextBlock block, EffectSummaries effects, LockAnalyzerOptions options)
        {
            var root = block.Root;
            if (root == null)
            {
                return;
            }

            var owner = block.Model.GetDeclaredSymbol(block.Syntax, block.CancellationToken);
            if (owner == null)
            {
                return;
            }

            var found = new List<Diagnostic>();
            foreach (var body in Bodies(root))
            {
                if (body == null || !MemberBodies.IsBody(body))
                {
                    continue;
                }

                var calls = new List<IOperation>();
                foreach (var operation in IOperationExtensions.DescendantsAndSelf(body))
                {
                    if (operation is IInvocationOperation)
                    {
                        calls.Add(operation);
                    }
                }

                LCK003DeleteThenCreateAnalyzer.AnalyzeBody(found, body, owner, calls, calls, effects.Symbols, options, effects, block.CancellationToken);
            }

            foreach (var diagnostic in found)
            {
                block.ReportDiagnostic(diagnostic);
            }
        }

        private static IEnumerable<IBlockOperation?> Bodies(IOperation root)
        {
            switch (root)
            {
                case IMethodBodyOperation method:
                    yield return method.BlockBody;
                    yield return method.ExpressionBody;
                    break;
                case IConstructorBodyOperation constructor:
                    yield return constructor.BlockBody;
                    yield return constructor.ExpressionBody;
                    break;
            }
        }
    }
}
