using LockAnalyzers.Infrastructure;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.CodeFixes.Rules.LoopFamily;
using LockAnalyzers.Rules.LCK004;
using LockAnalyzers.Rules.LoopFamily;

namespace LockAnalyzers.CodeFixes.Rules.LCK004
{
    /// <summary>What one LCK004 diagnostic's loop allows: where its check is, whether it can move, the timeout it carries.</summary>
    internal sealed class ContinueDeadlinePlan
    {
        private ContinueDeadlinePlan(StatementSyntax loop, BlockSyntax body, StatementSyntax check)
        {
            Loop = loop;
            Body = body;
            Check = check;
        }

        public StatementSyntax Loop { get; }

        public BlockSyntax Body { get; }

        public StatementSyntax Check { get; }

        public bool CanMove { get; private set; }

        /// <summary>The timeout expression for <c>LockDeadline.After</c>, or null when it cannot be carried over exactly.</summary>
        public string? Timeout { get; private set; }

        public string DeadlineName { get; private set; } = "deadline";

        public string? LockPath { get; private set; }

        public ExpressionStatementSyntax? Sleep { get; private set; }

        public HashSet<ContinueStatementSyntax> SleepBefore { get; } = new HashSet<ContinueStatementSyntax>();

        public static ContinueDeadlinePlan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ContinueStatementSyntax continueStatement) ||
                !(LoopSyntax.LoopOfContinue(continueStatement) is StatementSyntax loop) ||
                !(LoopFixSyntax.BodyOf(loop) is BlockSyntax body) ||
                !TryPosition(diagnostic, LCK004ContinueSkipsDeadlineAnalyzer.CheckStartKey, out var checkStart))
            {
                return null;
            }

            var check = body.Statements.FirstOrDefault(s => s.SpanStart == checkStart);
            if (check == null || body.Statements.IndexOf(check) == 0 || !IsCheckStatement(check))
            {
                return null;
            }

            if (!(model.GetOperation(loop, cancellationToken) is ILoopOperation loopOperation))
            {
                return null;
            }

            var plan = new ContinueDeadlinePlan(loop, body, check);
            // A check that reads values of the loop pass cannot move, but LockDeadline can still guard the top
            // of the loop while the user's check stays where it is.
            plan.CanMove = IsMovable(check, loopOperation, model, cancellationToken);

            if (TryPosition(diagnostic, LCK004ContinueSkipsDeadlineAnalyzer.SleepStartKey, out var sleepStart) &&
                diagnostic.Properties.TryGetValue(LCK004ContinueSkipsDeadlineAnalyzer.SleepBeforeKey, out var before) && before != null)
            {
                plan.Sleep = root.FindToken(sleepStart).Parent?.AncestorsAndSelf().OfType<ExpressionStatementSyntax>().FirstOrDefault(s => s.SpanStart == sleepStart);
                foreach (var part in before.Split(','))
                {
                    if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) &&
                        root.FindToken(position).Parent is ContinueStatementSyntax spinning)
                    {
                        plan.SleepBefore.Add(spinning);
                    }
                }
            }

            diagnostic.Properties.TryGetValue(LCK004ContinueSkipsDeadlineAnalyzer.LockPathKey, out var lockPath);
            plan.LockPath = lockPath;
            if (loop.Parent is BlockSyntax && check is IfStatementSyntax ifStatement)
            {
                plan.Timeout = TimeoutCarryOver.Find(ifStatement, loop, loopOperation, model, cancellationToken);
                plan.DeadlineName = LoopFixSyntax.UniqueName(loop, "deadline", "lockDeadline");
            }

            return plan;
        }

        private static bool TryPosition(Diagnostic diagnostic, string key, out int position)
        {
            position = 0;
            return diagnostic.Properties.TryGetValue(key, out var text) && text != null &&
                   int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out position);
        }

        private static bool IsCheckStatement(StatementSyntax check) =>
            check is IfStatementSyntax || check is ExpressionStatementSyntax;

        /// <summary>
        /// The check can run first when it uses nothing declared in the loop and its condition reads nothing the loop
        /// changes (<c>elapsed = sw.Elapsed; if (elapsed &gt; t)</c> must stay put).
        /// </summary>
        private static bool IsMovable(StatementSyntax check, ILoopOperation loop, SemanticModel model, CancellationToken cancellationToken)
        {
            if (check.ContainsDiagnostics || !(model.GetOperation(check, cancellationToken) is IOperation checkOperation))
            {
                return false;
            }

            var condition = check is IfStatementSyntax ifStatement ? model.GetOperation(ifStatement.Condition, cancellationToken) : checkOperation;
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(checkOperation))
            {
                if (operation is ILocalReferenceOperation local)
                {
                    var declared = local.Local.Locations.Length > 0 ? local.Local.Locations[0] : null;
                    if (declared == null || (loop.Syntax.Span.Contains(declared.SourceSpan) && !check.Span.Contains(declared.SourceSpan)))
                    {
                        return false;
                    }
                }
            }

            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(condition))
            {
                var symbol = LoopFixSyntax.SymbolOf(operation);
                if (symbol != null && LoopFixSyntax.IsWrittenIn(symbol, loop, check))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
