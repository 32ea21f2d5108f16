using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The block stage of the pre-filter: the executable code blocks of a syntax tree that hold a <see cref="TextHits"/>
    /// hit, found once per analysis of the tree and shared by every rule. A block is the unit the driver builds one operation tree for: a method, constructor,
    /// operator or accessor declaration, an expression-bodied property or indexer, a field, event-field or property
    /// initializer, or the top-level statements (the compilation unit). Blocks never nest: a lambda or local function
    /// belongs to the block around it.
    /// </summary>
    /// <remarks>
    /// Each hit's block is found by binary search down the member lists (a namespace's, a type's), so a tree's members
    /// without a hit are never materialized. Each block keeps its range of hits; the syntax each hit names is resolved
    /// on first use and kept (<see cref="BlockCandidates"/>), so rules sharing a word do not look it up again.
    /// </remarks>
    internal sealed class CodeBlocks
    {
        // Keyed by the semantic model, not the tree: the driver hands every analyzer the same model for a tree during one
        // analysis, and the syntax nodes kept here must not outlive it (an IDE keeps trees for long, and Roslyn lets the red
        // nodes of members nobody looks at be collected).
        private static readonly ConditionalWeakTable<SemanticModel, CodeBlocks> Models = new ConditionalWeakTable<SemanticModel, CodeBlocks>();

        // The lists a tree's blocks are gathered in, reused for the next tree: only the arrays kept are allocated.
        [ThreadStatic]
        private static Lists? _lists;

        private readonly SyntaxNode[] _blocks;
        private readonly ulong[] _masks;
        private readonly int[] _hitStart;
        private readonly int[] _hitEnd;
        private readonly SyntaxNode?[] _lastResolved;
        private BlockCandidates.Slot[]? _slots;

        private CodeBlocks(TextHits hits, List<SyntaxNode> blocks, List<ulong> masks, List<int> hitStart, List<int> hitEnd)
        {
            Hits = hits;
            _blocks = blocks.ToArray();
            _masks = masks.ToArray();
            _hitStart = hitStart.ToArray();
            _hitEnd = hitEnd.ToArray();
            _lastResolved = new SyntaxNode?[_blocks.Length];
        }

        public TextHits Hits { get; }

        public int Count => _blocks.Length;

        /// <summary>The blocks of the model's tree that mention at least one word.</summary>
        public static CodeBlocks Of(SemanticModel model, CancellationToken cancellationToken) =>
            Models.TryGetValue(model, out var blocks) ? blocks : Add(model, cancellationToken);

        // Apart from Of, so that the closure is allocated only when the blocks are built, not on every look-up.
        private static CodeBlocks Add(SemanticModel model, CancellationToken cancellationToken) =>
            Models.GetValue(model, m => Build(m.SyntaxTree, cancellationToken));

        /// <summary>The blocks of <paramref name="tree"/>, computed afresh (tests, tools).</summary>
        internal static CodeBlocks Of(SyntaxTree tree, CancellationToken cancellationToken) => Build(tree, cancellationToken);

        public SyntaxNode Block(int index) => _blocks[index];

        /// <summary>Whether block <paramref name="index"/> may mention one of the words in <paramref name="mask"/>.</summary>
        public bool Mentions(int index, ulong mask) => (_masks[index] & mask) != 0;

        /// <summary>The candidates of block <paramref name="index"/>: the syntax its hits name, each resolved once, when first asked for.</summary>
        public BlockCandidates CandidatesOf(int index) => new BlockCandidates(this, index);

        /// <summary>The first of block <paramref name="index"/>'s hits.</summary>
        internal int HitStart(int index) => _hitStart[index];

        /// <summary>Past the last of block <paramref name="index"/>'s hits.</summary>
        internal int HitEnd(int index) => _hitEnd[index];

        /// <summary>What each hit of the tree resolves to (<see cref="BlockCandidates"/>), made when a block is first asked.</summary>
        internal BlockCandidates.Slot[] Slots
        {
            get
            {
                var slots = Volatile.Read(ref _slots);
                if (slots == null)
                {
                    slots = new BlockCandidates.Slot[Hits.Count];
                    slots = Interlocked.CompareExchange(ref _slots, slots, null) ?? slots;
                }

                return slots;
            }
        }

        /// <summary>The node last resolved in block <paramref name="index"/> (null: none yet), where the next hit's search starts.</summary>
        internal ref SyntaxNode? LastResolved(int index) => ref _lastResolved[index];

        private static CodeBlocks Build(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var lists = _lists ??= new Lists();
            try
            {
                return Build(tree, lists, cancellationToken);
            }
            finally
            {
                // Holding no syntax of this tree past its build.
                lists.Clear();
            }
        }

        private static CodeBlocks Build(SyntaxTree tree, Lists lists, CancellationToken cancellationToken)
        {
            var hits = TextHits.Of(tree);
            var blocks = lists.Blocks;
            var masks = lists.Masks;
            var starts = lists.Starts;
            var ends = lists.Ends;
            if (!(tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit))
            {
                return new CodeBlocks(hits, blocks, masks, starts, ends);
            }

            if (hits.IsEverything)
            {
                // No hit positions to go by: every block, with every word.
                foreach (var member in unit.Members)
                {
                    CollectAll(member, unit, blocks);
                }

                foreach (var _ in blocks)
                {
                    masks.Add(ulong.MaxValue);
                    starts.Add(0);
                    ends.Add(0);
                }

                return new CodeBlocks(hits, blocks, masks, starts, ends);
            }

            var i = 0;
            while (i < hits.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();

                if (!LoopKeywords.SelectsBlock(hits.MaskAt(i)))
                {
                    i++;
                    continue;
                }

                var block = BlockAt(unit, hits.PositionAt(i), lists.Own, out var region);
                if (block == null)
                {
                    i++;
                    continue;
                }

                i = hits.FirstAtOrAfter(region.Start);
                var first = i;
                ulong mask = 0;
                while (i < hits.Count && hits.PositionAt(i) < region.End)
                {
                    mask |= hits.MaskAt(i);
                    i++;
                }

                var last = blocks.Count - 1;
                if (last >= 0 && block is CompilationUnitSyntax && blocks[last] == block)
                {
                    // Consecutive top-level statements share the compilation unit's block.
                    masks[last] |= mask;
                    ends[last] = i;
                    continue;
                }

                blocks.Add(block);
                masks.Add(mask);
                starts.Add(first);
                ends.Add(i);
            }

            return new CodeBlocks(hits, blocks, masks, starts, ends);
        }

        /// <summary>The block whose text holds <paramref name="position"/>, and the region of it that does (a block, or one top-level statement).</summary>
        private static SyntaxNode? BlockAt(CompilationUnitSyntax unit, int position, List<SyntaxNode> own, out TextSpan region)
        {
            region = default;
            var members = unit.Members;
            while (true)
            {
                switch (MemberAt(members, position))
                {
                    case null:
                        return null;
                    case GlobalStatementSyntax statement:
                        region = statement.Span;
                        return unit;
                    case BaseNamespaceDeclarationSyntax ns:
                        members = ns.Members;
                        continue;
                    case TypeDeclarationSyntax type:
                        members = type.Members;
                        continue;
                    case var member:
                        // Into a reused list: this runs once per hit, and an iterator would be one allocation each.
                        own.Clear();
                        AddOwnBlocks(member, own);
                        foreach (var block in own)
                        {
                            if (block.Span.Contains(position))
                            {
                                region = block.Span;
                                return block;
                            }
                        }

                        return null;
                }
            }
        }

        /// <summary>
        /// The blocks a method, property, indexer, event or field declares itself: the member with its body, its arrow
        /// clause, its accessors with bodies, its initializers. Members without code (and types, namespaces) have none.
        /// </summary>
        private static void AddOwnBlocks(MemberDeclarationSyntax member, List<SyntaxNode> blocks)
        {
            switch (member)
            {
                case BaseMethodDeclarationSyntax method when method.Body != null || method.ExpressionBody != null:
                    blocks.Add(method);
                    break;
                case BasePropertyDeclarationSyntax property:
                    var arrow = (property as PropertyDeclarationSyntax)?.ExpressionBody ?? (property as IndexerDeclarationSyntax)?.ExpressionBody;
                    if (arrow != null)
                    {
                        blocks.Add(arrow);
                    }

                    foreach (var accessor in property.AccessorList?.Accessors ?? default)
                    {
                        if (accessor.Body != null || accessor.ExpressionBody != null)
                        {
                            blocks.Add(accessor);
                        }
                    }

                    if (property is PropertyDeclarationSyntax { Initializer: { } initializer })
                    {
                        blocks.Add(initializer);
                    }

                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer != null)
                        {
                            blocks.Add(variable.Initializer);
                        }
                    }

                    break;
            }
        }

        /// <summary>Binary search of a member list: the member whose text (not its leading comments) holds the position.</summary>
        private static MemberDeclarationSyntax? MemberAt(SyntaxList<MemberDeclarationSyntax> members, int position)
        {
            int low = 0, high = members.Count - 1;
            while (low <= high)
            {
                var mid = (low + high) >> 1;
                var member = members[mid];
                var full = member.FullSpan;
                if (position < full.Start)
                {
                    high = mid - 1;
                }
                else if (position >= full.End)
                {
                    low = mid + 1;
                }
                else
                {
                    return member.Span.Contains(position) ? member : null;
                }
            }

            return null;
        }

        private static void CollectAll(MemberDeclarationSyntax member, CompilationUnitSyntax unit, List<SyntaxNode> blocks)
        {
            switch (member)
            {
                case GlobalStatementSyntax _:
                    if (!blocks.Contains(unit))
                    {
                        blocks.Add(unit);
                    }

                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    foreach (var inner in ns.Members)
                    {
                        CollectAll(inner, unit, blocks);
                    }

                    break;
                case TypeDeclarationSyntax type:
                    foreach (var inner in type.Members)
                    {
                        CollectAll(inner, unit, blocks);
                    }

                    break;
                default:
                    AddOwnBlocks(member, blocks);
                    break;
            }
        }

        private sealed class Lists
        {
            public readonly List<SyntaxNode> Blocks = new List<SyntaxNode>();
            public readonly List<ulong> Masks = new List<ulong>();
            public readonly List<int> Starts = new List<int>();
            public readonly List<int> Ends = new List<int>();
            public readonly List<SyntaxNode> Own = new List<SyntaxNode>();

            public void Clear()
            {
                Own.Clear();
                Blocks.Clear();
                Masks.Clear();
                Starts.Clear();
                Ends.Clear();
            }
        }
    }
}
