using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockAnalyzers.CodeFixes.Rules.LCK009
{
    /// <summary>
    /// LCK009: right after the handle lock is taken, starts a <c>LockPathWatch</c> on the handle and the path (kept in a
    /// new field beside the handle's), and stops the watch at the top of every member that releases the lock, so the
    /// release itself is not taken for a loss. Two actions: end the process when the path stops naming the held file
    /// (seed 001's fix: the old daemon shuts down and never runs its own release, which would delete the new daemon's
    /// files), or only report (Health, HealthChanged, Lost) for a holder that observes the token itself. Offered only with
    /// LockAnalyzers.Runtime referenced, for a handle stored by an assignment statement into a FileStream or
    /// SafeFileHandle field declared in the same file. See docs/rules/LCK009.md for the trade-offs.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK009HandleLockPathNotWatchedCodeFixProvider)), Shared]
    public sealed class LCK009HandleLockPathNotWatchedCodeFixProvider : LockDocumentCodeFixProvider
    {
        public const string ExitProcessKey = "LCK009.WatchExitProcess";
        public const string ReportKey = "LCK009.WatchReport";

        internal const string ExitProcessTitle = "Watch the lock path and end the process when it is replaced (LockPathWatch)";
        internal const string ReportTitle = "Watch the lock path and report its loss through a Lost token (LockPathWatch)";

        public LCK009HandleLockPathNotWatchedCodeFixProvider()
            : base(DiagnosticCatalogue.LCK009, "LockPathWatch")
        {
        }

        private protected override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            var target = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (LCK009WatchPlan.TryCreate(model, target, LossAction.ExitProcess, context.CancellationToken) != null)
            {
                RegisterFix(context, diagnostic, ExitProcessTitle, ExitProcessKey);
                RegisterFix(context, diagnostic, ReportTitle, ReportKey);
            }
        }

        internal override string? FixAllTitle(string? equivalenceKey) => equivalenceKey == ReportKey ? ReportTitle : ExitProcessTitle;

        /// <summary>Applies the diagnostics one after another, re-binding after each: a second handle of the same type
        /// must see the field and the stop statements the first one added.</summary>
        internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            var action = equivalenceKey == ReportKey ? LossAction.Report : LossAction.ExitProcess;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return document;
            }

            var targets = new List<SyntaxAnnotation>();
            var nodes = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var diagnostic in diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (!nodes.ContainsKey(node))
                {
                    var annotation = new SyntaxAnnotation("LCK009.Target");
                    nodes.Add(node, annotation);
                    targets.Add(annotation);
                }
            }

            document = document.WithSyntaxRoot(root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original])));
            var changed = false;
            foreach (var annotation in targets)
            {
                var current = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var target = current?.GetAnnotatedNodes(annotation).FirstOrDefault();
                if (current == null || model == null || target == null)
                {
                    continue;
                }

                var plan = LCK009WatchPlan.TryCreate(model, target, action, cancellationToken);
                if (plan == null)
                {
                    continue;
                }

                document = document.WithSyntaxRoot(plan.Apply(current, document.Project.Solution.Services));
                changed = true;
            }

            if (!changed)
            {
                return document;
            }

            var updated = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return WithRuntimeUsing(document, updated!);
        }
    }
}
