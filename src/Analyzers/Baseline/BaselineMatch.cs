using System.Collections.Generic;

namespace LockAnalyzers.Baseline
{
    /// <summary>Findings split by a baseline: those it accepts, those it does not, and its entries no finding matched any more.</summary>
    public sealed class BaselineMatch<T>
    {
        public BaselineMatch(IReadOnlyList<T> accepted, IReadOnlyList<T> fresh, IReadOnlyList<BaselineEntry> fixedEntries)
        {
            Accepted = accepted;
            Fresh = fresh;
            Fixed = fixedEntries;
        }

        public IReadOnlyList<T> Accepted { get; }

        public IReadOnlyList<T> Fresh { get; }

        /// <summary>Entries with fewer findings than their count; <see cref="BaselineEntry.Count"/> is the number gone.</summary>
        public IReadOnlyList<BaselineEntry> Fixed { get; }
    }
}
