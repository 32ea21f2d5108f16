using System;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>The shapes of syntax a word hit can make a candidate (see <see cref="CandidateSyntax"/>).</summary>
    [Flags]
    internal enum CandidateRoles
    {
        None = 0,
        Invocation = 1,
        ObjectCreation = 2,
        Assignment = 4,
        Loop = 8,
    }
}
