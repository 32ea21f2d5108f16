using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using LockAnalyzers.Rules.LCK001;

namespace LockAnalyzers.CodeFixes.Rules.LCK001
{
    /// <summary>
    /// LCK001 fixes. Both replace the swallowed heartbeat with <c>LockHeartbeat.Refresh(path)</c> and run the old
    /// catch body on an unhealthy result; then either <c>ThrowIfUnhealthy()</c> (the catch is taught to let that
    /// exception through) or <c>return false</c> in a member that already returns bool.
    /// Offered only for a direct write (not one call deep) of the write time set to exactly now, with the runtime referenced.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK001HeartbeatFailureSwallowedCodeFixProvider))]
    [Shared]
    public sealed class LCK001HeartbeatFailureSwallowedCodeFixProvider : LockCodeFixProvider
    {
        public const string StopWorkKey = "LCK001.StopProtectedWork";
        public const string ReturnHealthKey = "LCK001.ReturnHeartbeatHealth";

        public LCK001HeartbeatFailureSwallowedCodeFixProvider()
            : base(DiagnosticCatalogue.LCK001, "LockHeartbeat")
        {
        }

        private protected override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(LCK001HeartbeatFailureSwallowedAnalyzer.ThroughCallProperty, out var throughCall) || throughCall != "false" ||
                !properties.TryGetValue(LCK001HeartbeatFailureSwallowedAnalyzer.WriteKindProperty, out var kind) || kind != nameof(HeartbeatWriteKind.WriteTime) ||
                !properties.TryGetValue(LCK001HeartbeatFailureSwallowedAnalyzer.ExactlyNowProperty, out var exact) || exact != "true" ||
                !properties.TryGetValue(LCK001HeartbeatFailureSwallowedAnalyzer.CatchPositionProperty, out var catchText) ||
                !int.TryParse(catchText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var catchPosition))
            {
                return;
            }

            var plan = HeartbeatFixPlan.Create(root, model, diagnostic.Location.SourceSpan, catchPosition, context.CancellationToken);
            if (plan == null)
            {
                return;
            }

            if (plan.CanThrow)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Stop protected work when the heartbeat fails",
                        c => ApplyAsync(context.Document, diagnostic, catchPosition, returnHealth: false, c),
                        StopWorkKey),
                    diagnostic);
            }

            if (plan.CanReturnFalse)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Return the heartbeat's health",
                        c => ApplyAsync(context.Document, diagnostic, catchPosition, returnHealth: true, c),
                        ReturnHealthKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, int catchPosition, bool returnHealth, CancellationToken cancellation)
        {
            var (root, model) = await ReadAsync(document, cancellation).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var plan = HeartbeatFixPlan.Create(root, model, diagnostic.Location.SourceSpan, catchPosition, cancellation);
            if (plan == null || (returnHealth ? !plan.CanReturnFalse : !plan.CanThrow))
            {
                return document;
            }

            return WithRuntimeUsing(document, plan.Apply(root, returnHealth));
        }
    }
}
