using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes.Rules.LCK003
{
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
