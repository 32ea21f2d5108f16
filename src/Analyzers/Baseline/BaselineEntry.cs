namespace LockAnalyzers.Baseline
{
    /// <summary>
    /// One accepted finding: <see cref="Count"/> findings of <see cref="Key"/>. <see cref="Code"/> shows a reviewer
    /// the flagged statement and takes no part in matching.
    /// </summary>
    public sealed class BaselineEntry
    {
        public BaselineEntry(FindingKey key, int count, string code)
        {
            Key = key;
            Count = count;
            Code = code;
        }

        public FindingKey Key { get; }

        public int Count { get; }

        public string Code { get; }
    }
}
