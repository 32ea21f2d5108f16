using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK007
{
    /// <summary>
    /// LCK007: a lock file deleted on release with no check that it is still ours (seed 004: release drops the lock of
    /// whoever took it over), or deleted by path after its handle was closed (seed 001: a waiter holds the unlinked
    /// inode while a third process creates a new file at the same path).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK007ReleaseWithoutOwnershipCheckAnalyzer : LockAnalyzerBase
    {
        public const string TokenProperty = "OwnerToken";

        internal const string OnRelease = "on release";
        internal const string InFinally = "in a finally block after acquiring it";
        internal const string AfterClosingHandle = "after closing its handle";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.ReleaseWithoutOwnershipCheck);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            // Only calls named Delete can be flagged.
            context.RegisterOperationActionInMembersMentioning(
                PrefilterWords.Mask("Delete"),
                node => SyntaxFilter.InvokedName(node) == "Delete",
                c => Analyze(c, symbols, options),
                OperationKind.Invocation);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => ReleaseThroughHelpers.Analyze(block, effects));
        }

        private static void Analyze(LockOperationContext context, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            // Cheap syntactic filter first: only calls named Delete get a semantic look.
            if (SyntaxFilter.InvokedName(context.Operation.Syntax) != "Delete" || !(context.Operation is IInvocationOperation invocation))
            {
                return;
            }

            var deleted = invocation.TargetMethod.Name == "Delete" ? FileCalls.DeletedPath(invocation, symbols) : null;
            if (deleted == null)
            {
                return;
            }

            var path = FileCalls.IsFileInfo(deleted.Type, symbols) ? FileCalls.PathOfFileInfo(deleted, symbols)! : deleted;

            var recognizer = options.GetRecognizer(invocation.Syntax.SyntaxTree);
            if (!recognizer.IsLockPath(path) || recognizer.IsLockPathOnlyAsLockMemberParameter(path))
            {
                // DeleteLock(string path) => File.Delete(path): reported where it is called on release (ReleaseThroughHelpers).
                return;
            }

            var model = invocation.SemanticModel!;
            var member = ReleaseContext.EnclosingMember(invocation.Syntax);
            if (member == null)
            {
                return;
            }

            var release = new ReleaseContext(symbols, recognizer, model, invocation, path, member);
            var where = release.Where();
            if (where == null || release.HasOwnershipEvidence())
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (symbols.RuntimeLockFile != null && invocation.Instance == null)
            {
                var token = OwnerTokenFinder.Find(symbols, model, invocation, path);
                if (token != null)
                {
                    properties = properties.Add(TokenProperty, token);
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticCatalogue.ReleaseWithoutOwnershipCheck,
                invocation.Syntax.GetLocation(),
                properties,
                path.Syntax.ToString(),
                where));
        }
    }
}
