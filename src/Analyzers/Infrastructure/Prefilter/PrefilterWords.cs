using System;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The words of the pre-filter (text → block → candidate → rule → report): every identifier a rule's candidate test
    /// looks for, each a bit of a mask. <see cref="TextHits"/> finds them in a tree's text, <see cref="CodeBlocks"/> groups
    /// the hits by code block, and <see cref="BlockCandidates"/> resolves them to the calls, creations, assignments and
    /// loops they name.
    /// </summary>
    /// <remarks>
    /// Sound, never finer than the rules' own syntax tests: a token whose <c>ValueText</c> is one of the words is a run
    /// of exactly those characters bounded by non-identifier characters, and the scan records every such run (also in
    /// comments and strings, which only lets more through). The two ways a token's value differs from its text,
    /// <c>\u</c> escapes and Unicode formatting characters inside an identifier, make the whole tree pass.
    /// </remarks>
    internal static class PrefilterWords
    {
        /// <summary>Pseudo-word: <c>new</c> followed by anything but a type name (<c>new(...)</c>, target-typed).</summary>
        public const string TargetTypedNew = "new(";

        // Every word a rule filters on (at most 64: a rule's set is a bit mask). Add a rule's words here.
        internal static readonly string[] Universe =
        {
            TargetTypedNew, "continue", "while", "for", "foreach", "do",
            "Delete", "Move", "MoveTo", "Replace", "Copy", "CopyTo", "Create", "CreateText", "AppendText", "Open", "OpenWrite", "OpenHandle",
            "CreateNew", "FileShare", "Exists", "FileStream", "StreamWriter", "GetProcessById", "GetProcesses",
            "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
            "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync",
            "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "WriteByte",
            "SetLastWriteTime", "SetLastWriteTimeUtc", "SetLastAccessTime", "SetLastAccessTimeUtc",
            "LastWriteTime", "LastWriteTimeUtc", "LastAccessTime", "LastAccessTimeUtc",
        };

        /// <summary>
        /// The lock words the scan also finds where a name's word part may begin (<see cref="TextHits.LockWordParts"/>):
        /// the default lock words of <see cref="LockPathRecognizer"/> less those that begin with another (<c>lockfile</c>
        /// with <c>lock</c>), lower case. A recognizer searching other words (configured ones) searches the text itself.
        /// </summary>
        internal static readonly string[] LockWordPieces = { "lock", "lck", "pid", "mutex", "lease", "heartbeat", "hb", "semaphore" };

        /// <summary>The mask of these words; throws for a word missing from the universe (a rule's tests then fail).</summary>
        public static ulong Mask(params string[] words)
        {
            ulong mask = 0;
            foreach (var word in words)
            {
                var id = Array.IndexOf(Universe, word);
                if (id < 0)
                {
                    throw new ArgumentException("Not a pre-filter word (add it to PrefilterWords.Universe): " + word, nameof(words));
                }

                mask |= 1UL << id;
            }

            return mask;
        }
    }
}
