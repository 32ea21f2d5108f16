using System;

namespace LockAnalyzers.Baseline
{
    /// <summary>
    /// What identifies a finding across edits elsewhere in the code base: the rule, the file (relative to the folder of
    /// the baseline, '/' separated), the containing member's documentation ID and a fingerprint of the flagged
    /// statement. Line numbers take no part, so moved code and added blank lines keep their findings baselined.
    /// </summary>
    public readonly struct FindingKey : IEquatable<FindingKey>
    {
        public FindingKey(string ruleId, string path, string member, string fingerprint)
        {
            RuleId = ruleId;
            Path = path;
            Member = member;
            Fingerprint = fingerprint;
        }

        public string RuleId { get; }

        public string Path { get; }

        public string Member { get; }

        public string Fingerprint { get; }

        public bool Equals(FindingKey other) =>
            string.Equals(RuleId, other.RuleId, StringComparison.Ordinal) &&
            string.Equals(Path, other.Path, StringComparison.Ordinal) &&
            string.Equals(Member, other.Member, StringComparison.Ordinal) &&
            string.Equals(Fingerprint, other.Fingerprint, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is FindingKey other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(RuleId ?? string.Empty);
                hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Path ?? string.Empty);
                hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Member ?? string.Empty);
                return (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Fingerprint ?? string.Empty);
            }
        }

        public override string ToString() => RuleId + " " + Path + " " + Member + " " + Fingerprint;
    }
}
