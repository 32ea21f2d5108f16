using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK009
{
    /// <summary>
    /// LCK009: a handle lock (a lock path opened with <c>FileShare.None</c>, a flock on Linux) kept in a field for the
    /// holder's life, in a type that never checks that the path still names the held file (seed 001: after an
    /// <c>rm -rf</c> of the state directory the old daemon runs on an orphaned inode while a new daemon locks a new
    /// file at the same path, and the old one's shutdown deletes the new one's files).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK009HandleLockPathNotWatchedAnalyzer : LockAnalyzerBase
    {
        /// <summary>The name of the field (or property) that keeps the handle.</summary>
        public const string FieldProperty = "HandleField";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.HandleLockPathNotWatched);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            var watchers = new LCK009HandleLockPathNotWatched.TypeWatchCache(() => symbols.RuntimeLockFile != null);
            context.RegisterOperationActionInMembersMentioning(
                PrefilterWords.Mask("FileStream", "Open", "OpenHandle", PrefilterWords.TargetTypedNew),
                IsCandidateSyntax,
                c => Analyze(c, symbols, options, watchers),
                OperationKind.ObjectCreation,
                OperationKind.Invocation);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => HandleKeptThroughHelpers.Analyze(block, effects, watchers));
        }

        /// <summary>Syntax first: only `new FileStream(...)`, a target-typed `new(...)`, and calls named Open/OpenHandle get a semantic look.</summary>
        private static bool IsCandidateSyntax(SyntaxNode syntax) =>
            syntax is ImplicitObjectCreationExpressionSyntax ||
            SyntaxFilter.CreatedTypeName(syntax) == "FileStream" ||
            SyntaxFilter.InvokedName(syntax) is "Open" or "OpenHandle";

        private static void Analyze(LockOperationContext context, KnownSymbols symbols, LockAnalyzerOptions options, LCK009HandleLockPathNotWatched.TypeWatchCache watchers)
        {
            var syntax = context.Operation.Syntax;
            if (!IsCandidateSyntax(syntax))
            {
                return;
            }

            if (symbols.FileShare == null)
            {
                return;
            }

            if (!LCK009HandleLockPathNotWatched.TryGetHandleLock(context.Operation, symbols, out var path) || path == null)
            {
                return;
            }

            var field = LCK009HandleLockPathNotWatched.KeptIn(context.Operation);
            if (field == null || field.ContainingType == null || LCK009HandleLockPathNotWatched.ClosedLaterInSameMember(syntax, field))
            {
                return;
            }

            var recognizer = options.GetRecognizer(syntax.SyntaxTree);
            if (!recognizer.IsLockPath(path))
            {
                return;
            }

            if (watchers.Watches(field, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticCatalogue.HandleLockPathNotWatched,
                syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FieldProperty, field.Name),
                path.Syntax.ToString(),
                field.Name));
        }
    }
}
