using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Rules.StealFamily
{
    /// <summary>
    /// What a steal-family rule finds in one body block of a member. <paramref name="named"/> are the calls and creations
    /// the rule's words name in the body (see <see cref="CandidateSyntax"/>), in document order; <paramref name="candidates"/>
    /// are those that pass the rule's candidate test, the only operations it may report on.
    /// </summary>
    internal delegate void AnalyzeBlock(IOperation block, ISymbol owner, IReadOnlyList<IOperation> named, IReadOnlyList<IOperation> candidates, List<Diagnostic> found, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a member-level steal-family analysis only for members holding a candidate call: the member's text must
    /// mention one of the rule's words, the calls and creations those words name are found from the word hits (no walk
    /// of the member), a name test on their syntax picks the candidates, and a member with a candidate is analyzed once,
    /// reporting only on its candidates.
    /// </summary>
    internal static class StealTrigger
    {
        /// <param name="words">A <see cref="PrefilterWords.Mask"/> of every name the analysis looks for among the calls and
        /// creations of a member (the candidates' names and any others it needs, such as a move's).</param>
        /// <param name="isCandidate">The syntax test a call must pass for the member to be analyzed and to be
        /// reported on.</param>
        /// <param name="needsAllNamed">Whether the analysis reads the named operations that are not candidates; when
        /// not, they are never looked up.</param>
        public static void Register(LockCompilationContext context, ulong words, Func<SyntaxNode, bool> isCandidate, bool needsAllNamed, AnalyzeBlock analyzeBlock, params OperationKind[] kinds)
        {
            var roles = CandidateSyntax.RolesOf(kinds);
            // Syntax first: a member whose words name no candidate is never looked up in the semantic model.
            context.RegisterMemberAction(
                words,
                null,
                roles,
                isCandidate,
                member =>
                {
                    // Then the candidates alone: the other named operations are looked up only for a member holding one.
                    var candidates = member.Candidates(kinds, roles, isCandidate);
                    var root = member.Root;
                    if (candidates.Count == 0 || root == null)
                    {
                        return;
                    }

                    var named = needsAllNamed ? member.Candidates(kinds, roles) : candidates;
                    foreach (var diagnostic in Analyze(root, member, named, candidates, analyzeBlock))
                    {
                        member.ReportDiagnostic(diagnostic);
                    }
                });
        }

        /// <summary>The operations inside <paramref name="span"/>: all of them, unless the member has more than one body.</summary>
        private static IReadOnlyList<IOperation> Within(IReadOnlyList<IOperation> operations, TextSpan span)
        {
            foreach (var operation in operations)
            {
                if (!span.Contains(operation.Syntax.Span))
                {
                    return operations.Where(o => span.Contains(o.Syntax.Span)).ToList();
                }
            }

            return operations;
        }

        private static List<Diagnostic> Analyze(IOperation root, LockBlockContext member, IReadOnlyList<IOperation> named, IReadOnlyList<IOperation> candidates, AnalyzeBlock analyzeBlock)
        {
            var found = new List<Diagnostic>();
            switch (root)
            {
                case IMethodBodyOperation method:
                    AnalyzeIf(method.BlockBody);
                    AnalyzeIf(method.ExpressionBody);
                    break;
                case IConstructorBodyOperation constructor:
                    AnalyzeIf(constructor.BlockBody);
                    AnalyzeIf(constructor.ExpressionBody);
                    break;
                case IBlockOperation block:
                    AnalyzeIf(block);
                    break;
            }

            return found;

            void AnalyzeIf(IBlockOperation? block)
            {
                if (block != null && MemberBodies.IsBody(block))
                {
                    var owner = member.ContainingSymbol;
                    if (owner != null)
                    {
                        analyzeBlock(block, owner, Within(named, block.Syntax.Span), Within(candidates, block.Syntax.Span), found, member.CancellationToken);
                    }
                }
            }
        }
    }
}
