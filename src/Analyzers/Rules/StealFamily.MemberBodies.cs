using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules
{
    /// <summary>
    /// The operation blocks of a member that hold executable code: a method's or constructor's body block (whose
    /// parent is the method-body operation the control-flow graph is built from), or a parentless block.
    /// Field initializers and attribute arguments are skipped.
    /// </summary>
    internal static class MemberBodies
    {
        public static bool IsBody(IOperation block) =>
            block is IBlockOperation && (block.Parent == null || block.Parent is IMethodBodyOperation || block.Parent is IConstructorBodyOperation);

        /// <summary>The root the member's analysis walks: the method-body operation when there is one.</summary>
        public static IOperation Root(IOperation block) => block.Parent ?? block;
    }

    /// <summary>What a steal-family rule finds in one body block of a member.</summary>
    internal delegate void AnalyzeBlock(IOperation block, ISymbol owner, List<Diagnostic> found, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a member-level steal-family analysis only for members holding a candidate call: a name test on the call's
    /// syntax rejects almost every invocation, and only the first candidate of each member walks up to the member's
    /// body (the operation tree the driver already built) and analyzes it. No per-member callback or token walk.
    /// Each diagnostic sits on a candidate call and is reported from that call's own callback, so it stays local to
    /// the node being analyzed (span-based analysis in the IDE and code fixes see it).
    /// </summary>
    internal static class StealTrigger
    {
        /// <param name="words">A <see cref="MemberWords.Mask"/> that a member holding a candidate (or passing
        /// <paramref name="bodyFilter"/>) must mention: other members get no callback at all.</param>
        /// <param name="bodyFilter">A syntactic test a body block must pass to be analyzed.</param>
        public static void Register(LockCompilationContext context, ulong words, Func<SyntaxNode, bool> isCandidate, Func<SyntaxNode, bool> bodyFilter, AnalyzeBlock analyzeBlock, params OperationKind[] kinds)
        {
            var members = new ConcurrentDictionary<SyntaxNode, Diagnostic[]>();
            context.RegisterOperationActionInMembersMentioning(
                words,
                c =>
                {
                    var operation = c.Operation;
                    if (!isCandidate(operation.Syntax))
                    {
                        return;
                    }

                    var root = operation;
                    while (root.Parent != null)
                    {
                        root = root.Parent;
                    }

                    if (!members.TryGetValue(root.Syntax, out var found))
                    {
                        found = members.GetOrAdd(root.Syntax, Analyze(root, c.ContainingSymbol, bodyFilter, analyzeBlock, c.CancellationToken));
                    }

                    var span = operation.Syntax.Span;
                    foreach (var diagnostic in found)
                    {
                        if (diagnostic.Location.SourceSpan == span)
                        {
                            c.ReportDiagnostic(diagnostic);
                        }
                    }
                },
                kinds);
        }

        private static Diagnostic[] Analyze(IOperation root, ISymbol owner, Func<SyntaxNode, bool> bodyFilter, AnalyzeBlock analyzeBlock, CancellationToken cancellationToken)
        {
            List<Diagnostic>? found = null;
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

            return found == null || found.Count == 0 ? Array.Empty<Diagnostic>() : found.ToArray();

            void AnalyzeIf(IBlockOperation? block)
            {
                if (block != null && MemberBodies.IsBody(block) && bodyFilter(block.Syntax))
                {
                    analyzeBlock(block, owner, found ??= new List<Diagnostic>(), cancellationToken);
                }
            }
        }
    }
}
