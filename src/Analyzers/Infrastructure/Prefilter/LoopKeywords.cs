namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The one special case of the pre-filter: the loop keywords (<c>while</c>, <c>for</c>, <c>foreach</c>, <c>do</c>).
    /// They are everywhere and no rule looks for them alone, so they never make a block a candidate
    /// (<see cref="CodeBlocks"/>); a block found by another word keeps the ones in its text, because a loop around a hit
    /// starts with its keyword before the hit (<see cref="BlockCandidates"/>).
    /// </summary>
    internal static class LoopKeywords
    {
        /// <summary>The mask of the loop keywords.</summary>
        public static readonly ulong Mask = PrefilterWords.Mask("while", "for", "foreach", "do");

        /// <summary>Whether a hit of <paramref name="hitMask"/> can make a block a candidate (a loop keyword cannot).</summary>
        public static bool SelectsBlock(ulong hitMask) => (hitMask & Mask) == 0;

        /// <summary>
        /// The position of the first loop keyword among hits <paramref name="start"/> to <paramref name="end"/> (excluded),
        /// or <see cref="int.MaxValue"/>: a loop-only search skips the hits at or before it, which no loop can be around.
        /// </summary>
        public static int FirstPosition(TextHits hits, int start, int end)
        {
            for (var hit = start; hit < end; hit++)
            {
                if ((hits.MaskAt(hit) & Mask) != 0)
                {
                    return hits.PositionAt(hit);
                }
            }

            return int.MaxValue;
        }
    }
}
