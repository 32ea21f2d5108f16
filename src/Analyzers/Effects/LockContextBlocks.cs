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
            Models.TryGetValue(model, out var blocks) ? blocks : Add(model, recognizer, effects, cancellationToken);

        // Apart from Of, so that the closure is allocated only when the blocks are built, not on every look-up.
        private static IReadOnlyList<SyntaxNode> Add(SemanticModel model, LockPathRecognizer recognizer, EffectSummaries effects, CancellationToken cancellationToken) =>
            Models.GetValue(model, m => Build(m.SyntaxTree, recognizer, effects, cancellationToken));

        internal static IReadOnlyList<SyntaxNode> Build(SyntaxTree tree, LockPathRecognizer recognizer, EffectSummaries effects, CancellationToken cancellationToken)
        {
            var hits = TextHits.Of(tree);
            var root = tree.GetRoot(cancellationToken);
            if (hits.IsEverything)
            {
                // A \u escape may spell a lock word in a name the text search cannot see: ask every block's names.
                var all = new HashSet<SyntaxNode>();
                foreach (var (block, lockType) in BlocksIn(root, recognizer, false))
                {
                    if (lockType || MentionsLockName(block, recognizer))
                    {
                        all.Add(block);
                    }
                }

                return Ordered(all);
            }

            // Only the identifiers where the text holds a lock word are asked, so the cost follows the lock words, not
            // the size of the tree. Positions come in text order, so one block's declared names are read at a time.
            // The default words' places come from the scan's one pass; other words, or a text beyond ASCII, are searched for.
            IReadOnlyList<int> positions = recognizer.SearchesLockWordPieces && hits.LockWordParts != null
                ? hits.LockWordParts
                : hits.PositionsOf(recognizer.Words, recognizer.WordsBeginWithSearched);
            if (positions.Count == 0)
            {
                return None;
            }

            var selected = new HashSet<SyntaxNode>();
            SyntaxNode? localsOf = null;
            Dictionary<string, LockWordUses.LocalDeclaration>? locals = null;
            var lastToken = -1;
            foreach (var position in positions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var token = root.FindToken(position);
                if (token.SpanStart == lastToken || !token.Span.Contains(position) || !token.IsKind(SyntaxKind.IdentifierToken))
                {
                    continue;
                }

                lastToken = token.SpanStart;
                if (token.Parent is TypeDeclarationSyntax type && type.Identifier == token)
                {
                    if (recognizer.IsLockTypeName(token.ValueText))
                    {
                        // Where lock code lives: every block of the type and of the types inside it.
                        foreach (var (block, _) in BlocksIn(type, recognizer, true))
                        {
                            selected.Add(block);
                        }
                    }

                    continue;
                }

                if (token.Parent is PropertyDeclarationSyntax property && property.Identifier == token && property.ExpressionBody != null)
                {
                    if (recognizer.IsLockName(token.ValueText))
                    {
                        selected.Add(property.ExpressionBody);
                    }

                    continue;
                }

                var owner = BlockOf(token);
                if (owner == null || selected.Contains(owner))
                {
                    continue;
                }

                if (owner != localsOf)
                {
                    localsOf = owner;
                    locals = null;
                }

                if (recognizer.IsLockName(token.ValueText) && !IsInProcessLock(token) &&
                    LockWordUses.MayNameLockFile(token, owner, positions, ref locals, effects, recognizer))
                {
                    selected.Add(owner);
                }
            }

            return Ordered(selected);
        }

        private static IReadOnlyList<SyntaxNode> Ordered(HashSet<SyntaxNode> selected)
        {
            if (selected.Count == 0)
            {
                return None;
            }

            var blocks = new List<SyntaxNode>(selected);
            blocks.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
            return blocks;
        }

        /// <summary>
        /// The block a token is in: a method, constructor, operator or accessor with a body, or a property's arrow
        /// body; none for a field initializer, an auto-property or a type's own syntax.
        /// </summary>
        private static SyntaxNode? BlockOf(SyntaxToken token)
        {
            for (var node = token.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case ArrowExpressionClauseSyntax arrow when arrow.Parent is PropertyDeclarationSyntax:
                        return arrow;
                    case AccessorDeclarationSyntax accessor:
                        return accessor.Body != null || accessor.ExpressionBody != null ? accessor : null;
                    case BaseMethodDeclarationSyntax method:
                        return method.Body != null || method.ExpressionBody != null ? method : null;
                    case MemberDeclarationSyntax _:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// Every block declared in <paramref name="node"/> (a tree's root, a namespace or a type, and the types inside
        /// it), and whether a type's name makes it lock context by itself.
        /// </summary>
        private static IEnumerable<(SyntaxNode Block, bool LockType)> BlocksIn(SyntaxNode node, LockPathRecognizer recognizer, bool lockType)
        {
            var types = new Stack<(SyntaxNode Node, bool LockType)>();
            types.Push((node, lockType));
            while (types.Count > 0)
            {
                var (container, inLockType) = types.Pop();
                foreach (var member in MembersOf(container))
                {
                    switch (member)
                    {
                        case BaseNamespaceDeclarationSyntax ns:
                            types.Push((ns, inLockType));
                            break;
                        case TypeDeclarationSyntax type:
                            types.Push((type, inLockType || recognizer.IsLockTypeName(type.Identifier.ValueText)));
                            break;
                        case BaseMethodDeclarationSyntax method when method.Body != null || method.ExpressionBody != null:
                            yield return (method, inLockType);
                            break;
                        case PropertyDeclarationSyntax withArrow when withArrow.ExpressionBody != null:
                            yield return (withArrow.ExpressionBody, inLockType || recognizer.IsLockName(withArrow.Identifier.ValueText));
                            break;
                        case BasePropertyDeclarationSyntax property when property.AccessorList != null:
                            foreach (var accessor in property.AccessorList.Accessors)
                            {
                                if (accessor.Body != null || accessor.ExpressionBody != null)
                                {
                                    yield return (accessor, inLockType);
                                }
                            }

                            break;
                    }
                }
            }
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
            foreach (var token in TokenWalk.In(block))
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
