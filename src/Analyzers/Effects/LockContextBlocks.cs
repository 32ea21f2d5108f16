using System;
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
    /// These are the blocks with an identifier holding a lock word (<see cref="LockPathRecognizer.IsLockName"/>) that
    /// may stand for a lock file where it is written (<see cref="LockWordUses"/>: not <c>bmp.LockBits</c>, a
    /// <c>SemaphoreSlim _userLock</c> or a <c>bool lockBitmap</c>), or declared in a type whose name holds one
    /// (<c>class FileLock</c>, <c>class PidFile</c>): where lock code lives.
    /// </summary>
    /// <remarks>
    /// A tree whose text holds no lock word anywhere (a case-insensitive substring search, a few per tree) costs nothing
    /// more; in the others, only the tokens at the text's lock-word positions are looked up and tested, without binding,
    /// so the cost follows the lock words, not the size of the tree. Kept per semantic model, like
    /// <see cref="CodeBlocks"/>, and shared by the rules.
    /// </remarks>
    internal static class LockContextBlocks
    {
        private static readonly ConditionalWeakTable<SemanticModel, IReadOnlyList<SyntaxNode>> Models = new ConditionalWeakTable<SemanticModel, IReadOnlyList<SyntaxNode>>();
        private static readonly SyntaxNode[] None = new SyntaxNode[0];

        public static IReadOnlyList<SyntaxNode> Of(SemanticModel model, LockPathRecognizer recognizer, EffectSummaries effects, CancellationToken cancellationToken) =>
            Models.TryGetValue(model, out var blocks) ? blocks : Models.GetValue(model, m => Build(m.SyntaxTree, recognizer, effects, cancellationToken));

        internal static IReadOnlyList<SyntaxNode> Build(SyntaxTree tree, LockPathRecognizer recognizer, EffectSummaries effects, CancellationToken cancellationToken)
        {
            var hits = TextHits.Of(tree);
            var root = tree.GetRoot(cancellationToken);
            if (!hits.SpanMayContain(root.FullSpan, recognizer.Words))
            {
                return None;
            }

            // Every block, in text order, and whether its type's name makes it lock context by itself.
            var all = new List<(SyntaxNode Block, bool LockType)>();
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
                            all.Add((method, lockType));
                            break;
                        case BasePropertyDeclarationSyntax property:
                            if (property is PropertyDeclarationSyntax withArrow && withArrow.ExpressionBody != null)
                            {
                                all.Add((withArrow.ExpressionBody, lockType || recognizer.IsLockName(withArrow.Identifier.ValueText)));
                            }
                            else if (property.AccessorList != null)
                            {
                                foreach (var accessor in property.AccessorList.Accessors)
                                {
                                    if (accessor.Body != null || accessor.ExpressionBody != null)
                                    {
                                        all.Add((accessor, lockType));
                                    }
                                }
                            }

                            break;
                    }
                }
            }

            if (all.Count == 0)
            {
                return None;
            }

            all.Sort((a, b) => a.Block.SpanStart.CompareTo(b.Block.SpanStart));
            var selected = new bool[all.Count];
            for (var i = 0; i < all.Count; i++)
            {
                selected[i] = all[i].LockType;
            }

            if (hits.IsEverything)
            {
                // A \u escape may spell a lock word in a name the text search cannot see: ask every block's names.
                for (var i = 0; i < all.Count; i++)
                {
                    selected[i] = selected[i] || MentionsLockName(all[i].Block, recognizer);
                }
            }
            else
            {
                // Only the identifiers where the text holds a lock word are asked; blocks do not overlap, so each
                // position falls in at most one, and positions come in text order, so one block's locals are read at a time.
                var localsOf = -1;
                Dictionary<string, LockWordUses.LocalDeclaration>? locals = null;
                foreach (var position in hits.PositionsOf(recognizer.Words))
                {
                    var index = BlockAt(all, position);
                    if (index < 0 || selected[index])
                    {
                        continue;
                    }

                    if (index != localsOf)
                    {
                        localsOf = index;
                        locals = null;
                    }

                    var token = root.FindToken(position);
                    if (token.Span.Contains(position) && token.IsKind(SyntaxKind.IdentifierToken) && recognizer.IsLockName(token.ValueText) &&
                        !IsInProcessLock(token) && LockWordUses.MayNameLockFile(token, all[index].Block, ref locals, effects, recognizer))
                    {
                        selected[index] = true;
                    }
                }
            }

            var blocks = new List<SyntaxNode>();
            for (var i = 0; i < all.Count; i++)
            {
                if (selected[i])
                {
                    blocks.Add(all[i].Block);
                }
            }

            return blocks.Count == 0 ? None : blocks;
        }

        /// <summary>The index of the block whose span holds <paramref name="position"/>, or -1.</summary>
        private static int BlockAt(List<(SyntaxNode Block, bool LockType)> all, int position)
        {
            int low = 0, high = all.Count - 1;
            while (low <= high)
            {
                var mid = (low + high) >> 1;
                var span = all[mid].Block.Span;
                if (position < span.Start)
                {
                    high = mid - 1;
                }
                else if (position >= span.End)
                {
                    low = mid + 1;
                }
                else
                {
                    return mid;
                }
            }

            return -1;
        }

        private static SyntaxList<MemberDeclarationSyntax> MembersOf(SyntaxNode node) => node switch
        {
            CompilationUnitSyntax unit => unit.Members,
            BaseNamespaceDeclarationSyntax ns => ns.Members,
            TypeDeclarationSyntax type => type.Members,
            _ => default,
        };

        /// <summary>
        /// A lock word that names an in-process lock, not a lock file: the monitor of a <c>lock (_syncLock)</c>
        /// statement, a semaphore or reader-writer lock waited on or released (<c>_lock.Wait()</c>,
        /// <c>_lock.EnterReadLock()</c>), or the type of one (<c>ReaderWriterLockSlim</c>, <c>SpinLock</c>). Most blocks
        /// that mention a lock word in ordinary code are these, and they need no look through helpers.
        /// </summary>
        private static bool IsInProcessLock(SyntaxToken token)
        {
            if (InProcessLockNames.Contains(token.ValueText))
            {
                return true;
            }

            if (!(token.Parent is IdentifierNameSyntax name))
            {
                return false;
            }

            ExpressionSyntax used = name;
            if (used.Parent is MemberAccessExpressionSyntax ownAccess && ownAccess.Name == used && ownAccess.Expression is ThisExpressionSyntax)
            {
                used = ownAccess;
            }

            switch (used.Parent)
            {
                case LockStatementSyntax statement when statement.Expression == used:
                    return true;
                case MemberAccessExpressionSyntax access when access.Expression == used:
                    return InProcessLockNames.Contains(access.Name.Identifier.ValueText);
                default:
                    return false;
            }
        }

        private static readonly HashSet<string> InProcessLockNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "Wait", "WaitAsync", "WaitOne", "ReleaseMutex", "LockAsync", "ReaderLockAsync", "WriterLockAsync",
            "EnterReadLock", "ExitReadLock", "EnterWriteLock", "ExitWriteLock", "EnterUpgradeableReadLock", "ExitUpgradeableReadLock",
            "TryEnterReadLock", "TryEnterWriteLock", "TryEnterUpgradeableReadLock", "IsReadLockHeld", "IsWriteLockHeld",
            "ReaderWriterLockSlim", "ReaderWriterLock", "SpinLock", "AsyncLock", "AsyncReaderWriterLock",
        };

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
