using LockAnalyzers.Infrastructure;
using System.Linq;
using System.Threading;
using LockAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.CodeFixes.Rules.LoopFamily;

namespace LockAnalyzers.CodeFixes.Rules.LCK004
{
    /// <summary>
    /// Reads the timeout out of a deadline check, for "Use LockDeadline", only in shapes where
    /// <c>LockDeadline.After(timeout)</c> just before the loop means exactly what the check meant:
    /// <list type="bullet">
    /// <item><c>if (sw.Elapsed &gt; timeout) throw …</c> / <c>sw.ElapsedMilliseconds &gt; ms</c>, <c>sw = Stopwatch.StartNew()</c> just before the loop;</item>
    /// <item><c>if (DateTime.UtcNow &gt; deadline) throw …</c>, <c>deadline = DateTime.UtcNow + timeout</c> (or <c>.Add…(n)</c>) just before the loop;</item>
    /// <item><c>if (DateTime.UtcNow - start &gt; timeout) throw …</c>, <c>start = DateTime.UtcNow</c> just before the loop.</item>
    /// </list>
    /// The check must only throw (the fix throws <c>LockTimeoutException</c>, a <c>TimeoutException</c>); a check that
    /// returns false or breaks keeps its meaning only under "Check the deadline at the top of the loop".
    /// </summary>
    internal static class TimeoutCarryOver
    {
        public static string? Find(IfStatementSyntax check, StatementSyntax loop, ILoopOperation loopOperation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (check.Else != null || !OnlyThrows(check.Statement) || !(loop.Parent is BlockSyntax block))
            {
                return null;
            }

            if (!(check.Condition.WithoutParentheses() is BinaryExpressionSyntax comparison))
            {
                return null;
            }

            ExpressionSyntax elapsed;
            ExpressionSyntax limit;
            switch (comparison.Kind())
            {
                case SyntaxKind.GreaterThanExpression:
                case SyntaxKind.GreaterThanOrEqualExpression:
                    elapsed = comparison.Left.WithoutParentheses();
                    limit = comparison.Right.WithoutParentheses();
                    break;
                case SyntaxKind.LessThanExpression:
                case SyntaxKind.LessThanOrEqualExpression:
                    elapsed = comparison.Right.WithoutParentheses();
                    limit = comparison.Left.WithoutParentheses();
                    break;
                default:
                    return null;
            }

            var timeSpan = LoopFixSyntax.TimeSpanName(model, loop.SpanStart);

            // sw.Elapsed > timeout, sw.ElapsedMilliseconds > ms
            if (elapsed is MemberAccessExpressionSyntax member &&
                (member.Name.Identifier.ValueText == "Elapsed" || member.Name.Identifier.ValueText == "ElapsedMilliseconds") &&
                model.GetOperation(member.Expression, cancellationToken) is ILocalReferenceOperation stopwatch &&
                IsStopwatch(stopwatch.Local.Type, model) &&
                DeclaredJustBefore(stopwatch.Local, block, loop, model, cancellationToken, IsStartNew) &&
                !Touched(stopwatch.Local, loopOperation) &&
                Stable(limit, loopOperation, model, cancellationToken))
            {
                if (member.Name.Identifier.ValueText == "Elapsed")
                {
                    return IsTimeSpan(limit, model, cancellationToken) ? limit.WithoutTrivia().ToString() : null;
                }

                return IsNumber(limit, model, cancellationToken) ? timeSpan + ".FromMilliseconds(" + limit.WithoutTrivia() + ")" : null;
            }

            // DateTime.UtcNow > deadline
            if (IsNow(elapsed, model, cancellationToken) &&
                model.GetOperation(limit, cancellationToken) is ILocalReferenceOperation deadline &&
                !Touched(deadline.Local, loopOperation))
            {
                string? timeout = null;
                var found = DeclaredJustBefore(deadline.Local, block, loop, model, cancellationToken, initializer =>
                {
                    timeout = NowPlus(initializer, loopOperation, model, cancellationToken, timeSpan);
                    return timeout != null;
                });
                return found ? timeout : null;
            }

            // DateTime.UtcNow - start > timeout
            if (elapsed is BinaryExpressionSyntax difference && difference.IsKind(SyntaxKind.SubtractExpression) &&
                IsNow(difference.Left.WithoutParentheses(), model, cancellationToken) &&
                model.GetOperation(difference.Right.WithoutParentheses(), cancellationToken) is ILocalReferenceOperation start &&
                DeclaredJustBefore(start.Local, block, loop, model, cancellationToken, initializer => IsNow(initializer, model, cancellationToken)) &&
                !Touched(start.Local, loopOperation) &&
                IsTimeSpan(limit, model, cancellationToken) &&
                Stable(limit, loopOperation, model, cancellationToken))
            {
                return limit.WithoutTrivia().ToString();
            }

            return null;
        }

        private static bool OnlyThrows(StatementSyntax statement) =>
            statement switch
            {
                ThrowStatementSyntax thrown => thrown.Expression != null,
                BlockSyntax block => block.Statements.Count == 1 && block.Statements[0] is ThrowStatementSyntax thrown && thrown.Expression != null,
                _ => false,
            };

        private static bool IsStartNew(ExpressionSyntax initializer) =>
            initializer is InvocationExpressionSyntax invocation &&
            invocation.ArgumentList.Arguments.Count == 0 &&
            invocation.Expression is MemberAccessExpressionSyntax access &&
            access.Name.Identifier.ValueText == "StartNew";

        private static bool IsNow(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetOperation(expression.WithoutParentheses(), cancellationToken) is IPropertyReferenceOperation property &&
            (property.Property.Name == "UtcNow" || property.Property.Name == "Now") &&
            (property.Property.ContainingType?.ToDisplayString() == "System.DateTime" || property.Property.ContainingType?.ToDisplayString() == "System.DateTimeOffset");

        /// <summary><c>Now + timeout</c>, <c>Now.Add(timeout)</c>, <c>Now.AddSeconds(n)</c> (and minutes, milliseconds): the timeout as a TimeSpan expression.</summary>
        private static string? NowPlus(ExpressionSyntax initializer, ILoopOperation loop, SemanticModel model, CancellationToken cancellationToken, string timeSpan)
        {
            initializer = initializer.WithoutParentheses();
            if (initializer is BinaryExpressionSyntax sum && sum.IsKind(SyntaxKind.AddExpression) && IsNow(sum.Left, model, cancellationToken) &&
                IsTimeSpan(sum.Right, model, cancellationToken) && Stable(sum.Right, loop, model, cancellationToken))
            {
                return sum.Right.WithoutParentheses().WithoutTrivia().ToString();
            }

            if (initializer is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax access &&
                IsNow(access.Expression, model, cancellationToken) && call.ArgumentList.Arguments.Count == 1)
            {
                var argument = call.ArgumentList.Arguments[0].Expression;
                if (!Stable(argument, loop, model, cancellationToken))
                {
                    return null;
                }

                var text = argument.WithoutTrivia().ToString();
                switch (access.Name.Identifier.ValueText)
                {
                    case "Add" when IsTimeSpan(argument, model, cancellationToken):
                        return text;
                    case "AddMilliseconds" when IsNumber(argument, model, cancellationToken):
                        return timeSpan + ".FromMilliseconds(" + text + ")";
                    case "AddSeconds" when IsNumber(argument, model, cancellationToken):
                        return timeSpan + ".FromSeconds(" + text + ")";
                    case "AddMinutes" when IsNumber(argument, model, cancellationToken):
                        return timeSpan + ".FromMinutes(" + text + ")";
                }
            }

            return null;
        }

        /// <summary>
        /// The local is declared, with an initializer <paramref name="accept"/>s, in the loop's block before the loop,
        /// and nothing that takes time runs in between (so a deadline started just before the loop starts at the same moment).
        /// </summary>
        private static bool DeclaredJustBefore(ILocalSymbol local, BlockSyntax block, StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken, System.Func<ExpressionSyntax, bool> accept)
        {
            var loopIndex = block.Statements.IndexOf(loop);
            for (var index = loopIndex - 1; index >= 0; index--)
            {
                var statement = block.Statements[index];
                if (statement is LocalDeclarationStatementSyntax declaration)
                {
                    foreach (var declarator in declaration.Declaration.Variables)
                    {
                        if (declarator.Initializer != null &&
                            SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), local))
                        {
                            return accept(declarator.Initializer.Value);
                        }
                    }
                }

                if (statement.DescendantNodes().Any(n => n is InvocationExpressionSyntax || n is AwaitExpressionSyntax || n is ObjectCreationExpressionSyntax))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The loop assigns the local or calls a method on it (<c>sw.Restart()</c>).</summary>
        private static bool Touched(ILocalSymbol local, ILoopOperation loop)
        {
            if (LoopFixSyntax.IsWrittenIn(local, loop, except: null))
            {
                return true;
            }

            return IOperationExtensions.DescendantsAndSelfNoLambdas(loop).OfType<IInvocationOperation>()
                .Any(i => i.Instance is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local));
        }

        /// <summary>The expression means the same before the loop: constants, and names the loop neither declares nor changes.</summary>
        private static bool Stable(ExpressionSyntax expression, ILoopOperation loop, SemanticModel model, CancellationToken cancellationToken)
        {
            var operation = model.GetOperation(expression, cancellationToken);
            if (operation == null || expression.ContainsDiagnostics)
            {
                return false;
            }

            foreach (var part in IOperationExtensions.DescendantsAndSelfNoLambdas(operation))
            {
                switch (part)
                {
                    case ILiteralOperation _:
                    case IConversionOperation _:
                    case IParenthesizedOperation _:
                    case IBinaryOperation _:
                    case IUnaryOperation _:
                    case IArgumentOperation _:
                    case IInstanceReferenceOperation _:
                        break;
                    case ILocalReferenceOperation local:
                        if (loop.Syntax.Span.Contains(local.Syntax.Span) && local.Local.Locations.Any(l => loop.Syntax.Span.Contains(l.SourceSpan)))
                        {
                            return false;
                        }

                        if (LoopFixSyntax.IsWrittenIn(local.Local, loop, except: null))
                        {
                            return false;
                        }

                        break;
                    case IParameterReferenceOperation parameter:
                        if (LoopFixSyntax.IsWrittenIn(parameter.Parameter, loop, except: null))
                        {
                            return false;
                        }

                        break;
                    case IFieldReferenceOperation field:
                        if (!field.Field.IsConst && !field.Field.IsReadOnly && LoopFixSyntax.IsWrittenIn(field.Field, loop, except: null))
                        {
                            return false;
                        }

                        break;
                    case IPropertyReferenceOperation property when property.Property.Parameters.Length == 0:
                        break;
                    case IInvocationOperation invocation when invocation.TargetMethod.IsStatic && invocation.TargetMethod.ContainingType?.ToDisplayString() == "System.TimeSpan":
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Compared as a symbol, not by display string: in a nullable-enabled project <c>var sw = Stopwatch.StartNew()</c>
        /// declares a <c>Stopwatch?</c> local, whose display string carries the '?' (seed 003's port).
        /// </summary>
        private static bool IsStopwatch(ITypeSymbol? type, SemanticModel model) =>
            type != null && SymbolEqualityComparer.Default.Equals(type, model.Compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch"));

        private static bool IsTimeSpan(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetTypeInfo(expression, cancellationToken).Type?.ToDisplayString() == "System.TimeSpan";

        private static bool IsNumber(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            var type = model.GetTypeInfo(expression, cancellationToken).Type;
            switch (type?.SpecialType)
            {
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                case SpecialType.System_Double:
                case SpecialType.System_Single:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt32:
                    return true;
                default:
                    return false;
            }
        }
    }
}
