using System;
using System.Collections.Generic;
using System.Linq;

namespace LockAnalyzers.Baseline
{
    /// <summary>Matches findings to baseline entries by key, as a multiset: an entry of count n accepts n findings of its key.</summary>
    public static class BaselineMatcher
    {
        /// <param name="findings">In a stable order (file, then position), so which of several equal findings is new is deterministic.</param>
        public static BaselineMatch<T> Match<T>(IReadOnlyList<BaselineEntry> entries, IEnumerable<T> findings, Func<T, FindingKey> keyOf)
        {
            var remaining = new Dictionary<FindingKey, int>();
            foreach (var entry in entries)
            {
                remaining.TryGetValue(entry.Key, out var count);
                remaining[entry.Key] = count + entry.Count;
            }

            var accepted = new List<T>();
            var fresh = new List<T>();
            foreach (var finding in findings)
            {
                var key = keyOf(finding);
                if (remaining.TryGetValue(key, out var left) && left > 0)
                {
                    remaining[key] = left - 1;
                    accepted.Add(finding);
                }
                else
                {
                    fresh.Add(finding);
                }
            }

            var fixedEntries = entries
                .GroupBy(e => e.Key)
                .Where(g => remaining[g.Key] > 0)
                .Select(g => new BaselineEntry(g.Key, remaining[g.Key], g.First().Code))
                .ToList();
            return new BaselineMatch<T>(accepted, fresh, fixedEntries);
        }
    }
}
