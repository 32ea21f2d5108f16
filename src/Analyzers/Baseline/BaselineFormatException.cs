using System;

namespace LockAnalyzers.Baseline
{
    /// <summary>A baseline file that is not the JSON this tool writes; the message names the place and what was expected.</summary>
    public sealed class BaselineFormatException : Exception
    {
        public BaselineFormatException(string message)
            : base(message)
        {
        }
    }
}
