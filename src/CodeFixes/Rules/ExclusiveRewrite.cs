using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes
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

    /// <summary>Reads an <see cref="ExclusiveRewrite"/> off a <see cref="FileCreate"/>.</summary>
    internal static class ExclusiveRewrites
    {
        public static ExclusiveRewrite Of(FileCreate create)
        {
            if (create.Kind == CreateKind.Exclusive)
            {
                return ExclusiveRewrite.Exclusive;
            }

            var onPathArgument = create.Operation is IObjectCreationOperation ||
                                 (create.Operation is IInvocationOperation call && call.Instance == null && call.TargetMethod.Name == "Open");
            if (onPathArgument && (create.Mode == KnownSymbols.FileModeCreate || create.Mode == KnownSymbols.FileModeOpenOrCreate ||
                                   create.Mode == KnownSymbols.FileModeTruncate))
            {
                return ExclusiveRewrite.ModeArgument;
            }

            if (create.Operation is IInvocationOperation fileCreate && fileCreate.Instance == null && fileCreate.TargetMethod.Name == "Create" &&
                fileCreate.Arguments.Length == 1)
            {
                return ExclusiveRewrite.FileCreate;
            }

            return ExclusiveRewrite.Other;
        }
    }
}
