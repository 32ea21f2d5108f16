using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.CodeFixes.Rules.LCK003
{
    /// <summary>
    /// LCK003 fix: <c>File.Delete(p);</c> becomes <c>if (!LockSteal.TryRetire(p)) { continue; }</c> (or
    /// <c>return false;</c> / <c>return;</c> outside a loop) so only the contender whose atomic rename won goes on, and
    /// every non-exclusive re-create of <c>p</c> in the member opens with <c>FileMode.CreateNew</c>. When the delete is
    /// the last thing its block does inside a loop, the retry path follows either way and the call stands alone.
    /// Not offered when a re-create cannot be made exclusive in place (WriteAllText, StreamWriter, a non-literal mode).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK003DeleteThenCreateCodeFixProvider))]
    [Shared]
    public sealed class LCK003DeleteThenCreateCodeFixProvider : LockCallCodeFixProvider
    {
        public const string TryRetireKey = "LCK003.TryRetire";

        public LCK003DeleteThenCreateCodeFixProvider()
            : base(DiagnosticCatalogue.LCK003, "Retire the lock with LockSteal.TryRetire and re-create it exclusively", TryRetireKey, "LockSteal")
        {
        }

        private protected override bool CanFix(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) =>
            RetirePlan.TryCreate(call, model, cancellationToken) != null;

        private protected override SyntaxNode? Rewrite(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var plan = RetirePlan.TryCreate(call, model, cancellationToken);
            if (plan == null)
            {
                return null;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var create in plan.CreatesToMakeExclusive)
            {
                replacements[create.Key] = create.Value;
            }

            SyntaxNode newRoot;
            if (plan.GuardedBlock != null)
            {
                // The creates inside the block are rewritten first (ReplaceNodes hands the block over with them done).
                var block = plan.GuardedBlock;
                var index = block.Statements.IndexOf(plan.Statement);
                newRoot = root.ReplaceNodes(
                    replacements.Keys.Concat(new SyntaxNode[] { block }),
                    (original, rewritten) => original == block ? plan.Guarded((BlockSyntax)rewritten, index) : replacements[original]);
            }
            else
            {
                replacements[plan.Statement] = plan.Replacement();
                newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            }

            return newRoot;
        }
    }
}
