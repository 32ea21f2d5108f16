using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The pre-filter for analyses through helpers: a block that only calls <c>lockIo.DeleteLock(LockFilePath)</c> or
    /// <c>TryAcquireLock()</c> names no System.IO word, so the word scan (<see cref="TextHits"/>) cannot select it.
    /// These are the blocks with an identifier holding a lock word (<see cref="LockPathRecognizer.IsLockName"/>), or
    /// declared in a type whose name holds one (<c>class FileLock</c>, <c>class PidFile</c>): where lock code lives.
    /// </summary>
    /// <remarks>
    /// A tree whose text holds no lock word anywhere (a case-insensitive substring search, a few per tree) costs nothing
    /// more; in the others, each block's identifier tokens are tested, without binding. Kept per semantic model, like
    /// <see cref="CodeBlocks"/>, and shared by the rules.
    /// </remarks>
    internal static class LockContextBlocks
    {
        private static readonly ConditionalWeakTable<SemanticModel, IReadOnlyList<SyntaxNode>> Models = new ConditionalWeakTable<SemanticModel, IReadOnlyList<SyntaxNode>>();
        private static readonly SyntaxNode[] None = new SyntaxNode[0];

        public static IReadOnlyList<SyntaxNode> Of(SemanticModel model, LockPathRecognizer recognizer, CancellationToken cancellationToken) =>
            Models.TryGetValue(model, out var blocks) ? blocks : Models.GetValue(model, m => Build(m.SyntaxTree, recognizer, cancellationToken));

        internal static IReadOnlyList<SyntaxNode> Build(SyntaxTree tree, LockPathRecognizer recognizer, CancellationToken cancellationToken)
        {
            var root = tree.GetRoot(cancellationToken);
            if (!TextHits.Of(tree).SpanMayContain(root.FullSpan, recognizer.Words))
            {
                return None;
            }

            var blocks = new List<SyntaxNode>();
            var types = new Stack<(SyntaxNode Node, bool LockType)>();
            types.Push((root, false));
            while (types.Count > 0)
            {
                var (node, lockType) = types.Pop();
                foreach (var member in MembersOf(node))
                {
                    switch (member)
                    {
                        case BaseNamespaceDeclarationSyntax ns:
                            types.Push((ns, lockType));
                            break;
                        case TypeDeclarationSyntax type:
                            types.Push((type, lockType || recognizer.IsLockTypeName(type.Identifier.ValueText)));
                            break;
                        case BaseMethodDeclarationSyntax method when method.Body != null || method.ExpressionBody != null:
                            AddIfLock(method, lockType, recognizer, blocks);
                            break;
                        case BasePropertyDeclarationSyntax property:
                            if (property is PropertyDeclarationSyntax withArrow && withArrow.ExpressionBody != null)
                            {
                                AddIfLock(withArrow.ExpressionBody, lockType || recognizer.IsLockName(withArrow.Identifier.ValueText), recognizer, blocks);
                            }
                            else if (property.AccessorList != null)
                            {
                                foreach (var accessor in property.AccessorList.Accessors)
                                {
                                    if (accessor.Body != null || accessor.ExpressionBody != null)
                                    {
                                        AddIfLock(accessor, lockType, recognizer, blocks);
                                    }
                                }
                            }

                            break;
                    }
                }
            }

            return blocks.Count == 0 ? None : blocks;
        }

        private static SyntaxList<MemberDeclarationSyntax> MembersOf(SyntaxNode node) => node switch
        {
            CompilationUnitSyntax unit => unit.Members,
            BaseNamespaceDeclarationSyntax ns => ns.Members,
            TypeDeclarationSyntax type => type.Members,
            _ => default,
        };

        private static void AddIfLock(SyntaxNode block, bool lockType, LockPathRecognizer recognizer, List<SyntaxNode> blocks)
        {
            if (lockType || MentionsLockName(block, recognizer))
            {
                blocks.Add(block);
            }
        }

        private static bool MentionsLockName(SyntaxNode block, LockPathRecognizer recognizer)
        {
            foreach (var token in block.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && recognizer.IsLockName(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
