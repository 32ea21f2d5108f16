using System.Collections.Immutable;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The lock-relevant effects of one source member (method, accessor, constructor, local function), in source order,
    /// with the paths named as the member names them (its parameters, its type's fields and properties, constants);
    /// and, for a bool member whose result is an existence test, that test.
    /// </summary>
    internal sealed class EffectSummary
    {
        public static readonly EffectSummary Empty = new EffectSummary(ImmutableArray<FileEffect>.Empty, null, false);

        public EffectSummary(ImmutableArray<FileEffect> effects, FileEffect? returnedTest, bool returnsTrueWhenExists)
        {
            Effects = effects;
            ReturnedTest = returnedTest;
            ReturnsTrueWhenExists = returnsTrueWhenExists;
        }

        public ImmutableArray<FileEffect> Effects { get; }

        /// <summary>The existence test whose outcome the member returns (<c>bool IsLocked =&gt; File.Exists(_path)</c>), if any.</summary>
        public FileEffect? ReturnedTest { get; }

        /// <summary>Whether the member returns true when the file of <see cref="ReturnedTest"/> exists (false: when it is missing).</summary>
        public bool ReturnsTrueWhenExists { get; }

        public bool IsEmpty => Effects.IsEmpty && ReturnedTest == null;
    }
}
