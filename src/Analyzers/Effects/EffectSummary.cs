using System.Collections.Immutable;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The lock-relevant effects of one source member (method, accessor, constructor, local function), in source order,
    /// with the paths named as the member names them (its parameters, its type's fields and properties, constants);
    /// and, for a bool member whose result is an existence test, that test; for a member that returns null when a file
    /// is missing (<c>int? ReadPid()</c>), that file's test.
    /// </summary>
    internal sealed class EffectSummary
    {
        public static readonly EffectSummary Empty = new EffectSummary(ImmutableArray<FileEffect>.Empty, null, false);

        public EffectSummary(ImmutableArray<FileEffect> effects, FileEffect? returnedTest, bool returnsTrueWhenExists, FileEffect? returnedPresence = null)
        {
            Effects = effects;
            ReturnedTest = returnedTest;
            ReturnsTrueWhenExists = returnsTrueWhenExists;
            ReturnedPresence = returnedPresence;
        }

        public ImmutableArray<FileEffect> Effects { get; }

        /// <summary>The existence test whose outcome the member returns (<c>bool IsLocked =&gt; File.Exists(_path)</c>), if any.</summary>
        public FileEffect? ReturnedTest { get; }

        /// <summary>Whether the member returns true when the file of <see cref="ReturnedTest"/> exists (false: when it is missing).</summary>
        public bool ReturnsTrueWhenExists { get; }

        /// <summary>
        /// The existence test whose "missing" outcome makes the member return null (<c>if (!File.Exists(p)) return null;</c>),
        /// so a non-null result means the file was there: <c>ReadPid() != null</c> tests the file.
        /// </summary>
        public FileEffect? ReturnedPresence { get; }

        public bool IsEmpty => Effects.IsEmpty && ReturnedTest == null && ReturnedPresence == null;
    }
}
