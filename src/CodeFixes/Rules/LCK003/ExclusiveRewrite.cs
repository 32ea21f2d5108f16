namespace LockAnalyzers.CodeFixes.Rules.LCK003
{
    /// <summary>How the LCK003 fix can make a create exclusive in place, read off the one create classification.</summary>
    internal enum ExclusiveRewrite
    {
        /// <summary>FileMode.CreateNew: already fails when the file exists.</summary>
        Exclusive,

        /// <summary>File.Open or a FileStream with a constant FileMode.Create/OpenOrCreate/Truncate: the mode becomes CreateNew.</summary>
        ModeArgument,

        /// <summary>File.Create(path): becomes an exclusive FileStream.</summary>
        FileCreate,

        /// <summary>WriteAll*, StreamWriter, FileInfo.Create/Open, a non-literal mode: overwrites, with no in-place exclusive form.</summary>
        Other,
    }
}
