using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
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

        /// <summary>
        /// The declaration whose executable code holds <paramref name="node"/> (method, constructor, operator, accessor,
        /// expression-bodied property or indexer, top-level statements), looking through lambdas and local functions; null in field and
        /// property initializers, which the steal family does not analyze.
        /// </summary>
        public static SyntaxNode? Declaration(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                        return current;
                    case ArrowExpressionClauseSyntax arrow when arrow.Parent is BasePropertyDeclarationSyntax:
                        return arrow;
                    case GlobalStatementSyntax _:
                        return current.Parent;
                    case MemberDeclarationSyntax _:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The body blocks of a declaration found by <see cref="Declaration"/>, bound on demand (the same blocks an
        /// operation-block action gets), and the symbol that owns them. A body whose syntax fails
        /// <paramref name="bodyFilter"/> is not bound at all: binding is most of the cost of a member.
        /// </summary>
        public static ISymbol? Blocks(SemanticModel model, SyntaxNode declaration, Func<SyntaxNode, bool> bodyFilter, List<IOperation> blocks, CancellationToken cancellationToken)
        {
            switch (declaration)
            {
                case BaseMethodDeclarationSyntax method:
                    Add(model, method.Body, bodyFilter, blocks, cancellationToken);
                    Add(model, method.ExpressionBody, bodyFilter, blocks, cancellationToken);
                    return blocks.Count == 0 ? null : model.GetDeclaredSymbol(method, cancellationToken);
                case AccessorDeclarationSyntax accessor:
                    Add(model, accessor.Body, bodyFilter, blocks, cancellationToken);
                    Add(model, accessor.ExpressionBody, bodyFilter, blocks, cancellationToken);
                    return blocks.Count == 0 ? null : model.GetDeclaredSymbol(accessor, cancellationToken);
                case ArrowExpressionClauseSyntax arrow when arrow.Parent is BasePropertyDeclarationSyntax property:
                    Add(model, arrow, bodyFilter, blocks, cancellationToken);
                    return blocks.Count == 0 ? null : (model.GetDeclaredSymbol(property, cancellationToken) as IPropertySymbol)?.GetMethod;
                case CompilationUnitSyntax unit:
                    if (bodyFilter(unit) && model.GetOperation(unit, cancellationToken) is IMethodBodyOperation program && program.BlockBody != null)
                    {
                        blocks.Add(program.BlockBody);
                    }

                    return blocks.Count == 0 ? null : model.GetDeclaredSymbol(unit, cancellationToken);
                default:
                    return null;
            }
        }

        private static void Add(SemanticModel model, SyntaxNode? syntax, Func<SyntaxNode, bool> bodyFilter, List<IOperation> blocks, CancellationToken cancellationToken)
        {
            if (syntax != null && bodyFilter(syntax) && model.GetOperation(syntax, cancellationToken) is IOperation block)
            {
                blocks.Add(block);
            }
        }
    }

    /// <summary>What a steal-family rule finds in one body block of a member.</summary>
    internal delegate void AnalyzeBlock(IOperation block, ISymbol owner, List<Diagnostic> found, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a member-level steal-family analysis only for members holding a candidate call: the driver's syntax walk
    /// finds the calls, a name test on syntax rejects almost all of them, and only the first candidate of each member
    /// binds its body's operation blocks (no per-member callback, token walk or operation tree for the rest).
    /// Each diagnostic sits on a candidate call and is reported from that call's own callback, so it stays local to
    /// the node being analyzed (span-based analysis in the IDE and code fixes see it).
    /// </summary>
    internal static class StealTrigger
    {
        /// <param name="bodyFilter">A syntactic test a body must pass before it is bound (true for every body the rule could report in).</param>
        public static void Register(LockCompilationContext context, Func<SyntaxNode, bool> isCandidate, Func<SyntaxNode, bool> bodyFilter, AnalyzeBlock analyzeBlock, params SyntaxKind[] kinds)
        {
            var members = new ConcurrentDictionary<SyntaxNode, Diagnostic[]>();
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    if (!isCandidate(c.Node))
                    {
                        return;
                    }

                    var declaration = MemberBodies.Declaration(c.Node);
                    if (declaration == null)
                    {
                        return;
                    }

                    if (!members.TryGetValue(declaration, out var found))
                    {
                        found = members.GetOrAdd(declaration, Analyze(c.SemanticModel, declaration, bodyFilter, analyzeBlock, c.CancellationToken));
                    }

                    var span = c.Node.Span;
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

        private static Diagnostic[] Analyze(SemanticModel model, SyntaxNode declaration, Func<SyntaxNode, bool> bodyFilter, AnalyzeBlock analyzeBlock, CancellationToken cancellationToken)
        {
            var blocks = new List<IOperation>(2);
            var owner = MemberBodies.Blocks(model, declaration, bodyFilter, blocks, cancellationToken);
            if (owner == null)
            {
                return Array.Empty<Diagnostic>();
            }

            var found = new List<Diagnostic>();
            foreach (var block in blocks)
            {
                if (MemberBodies.IsBody(block))
                {
                    analyzeBlock(block, owner, found, cancellationToken);
                }
            }

            return found.Count == 0 ? Array.Empty<Diagnostic>() : found.ToArray();
        }
    }
}
