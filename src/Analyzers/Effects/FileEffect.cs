using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// One lock-relevant effect, seen from the code that asked: the path operand as the caller can name it (a helper's
    /// parameter is replaced by the argument passed for it), the members it was reached through and the file call that
    /// does it (for the message and the additional location).
    /// </summary>
    internal sealed class FileEffect
    {
        public FileEffect(EffectKind kind, IOperation? path, ImmutableArray<string> chain, SyntaxNode site, bool mirrored = false, IOperation? sitePath = null)
        {
            Kind = kind;
            Path = path;
            SitePath = sitePath ?? path;
            Chain = chain;
            Site = site;
            Mirrored = mirrored;
        }

        /// <summary>Done by a System.IO.Abstractions member or a wrapper of the documented vocabulary, not by System.IO itself.</summary>
        public bool Mirrored { get; }

        public EffectKind Kind { get; }

        /// <summary>The path (or FileInfo) operand, in the caller's code when it came from a parameter, else in the helper's.</summary>
        public IOperation? Path { get; }

        /// <summary>The path operand as the file call itself names it (in the innermost helper).</summary>
        public IOperation? SitePath { get; }

        /// <summary>The members called to reach the effect, outermost first, then the file call itself ("LockIO.DeleteLock", "File.Delete").</summary>
        public ImmutableArray<string> Chain { get; }

        /// <summary>The file call that has the effect (inside the innermost helper).</summary>
        public SyntaxNode Site { get; }

        /// <summary>True when the effect happens in a helper, not in the code that asked.</summary>
        public bool IsThroughCall => Chain.Length > 1;

        /// <summary>"LockIO.DeleteLock → File.Delete".</summary>
        public string Describe() => string.Join(" \u2192 ", Chain);

        public FileEffect Through(string member, IOperation? path) => new FileEffect(Kind, path, Chain.Insert(0, member), Site, Mirrored, SitePath);
    }
}
