using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.CodeFixes.Rules.LCK008
{
    /// <summary>
    /// What the LCK008 fix replaces with <c>LockOwner.TryRead(path)?.IsDefinitelyDead() == false</c>, or null when the
    /// rewrite would not be exact. The liveness decision must be a clear boolean:
    /// <list type="bullet">
    /// <item><c>Process.GetProcesses().Any(p =&gt; p.Id == pid)</c>, replaced as an expression;</item>
    /// <item><c>try { [using] var p = Process.GetProcessById(pid); return !p.HasExited; } catch (ArgumentException) { return false; }</c>
    /// (also <c>return true;</c>, a bare lookup statement, <c>return !Process.GetProcessById(pid).HasExited;</c>, or the same
    /// with <c>alive = ...;</c> / <c>alive = false;</c>), replaced as a statement.</item>
    /// </list>
    /// The pid must be what the runtime reads as the owner: the whole content or its first line, parsed as an int, of a
    /// path that is a parameter, a field, a local assigned once and in scope, or a literal, not reassigned in the member.
    /// </summary>
    internal sealed class LivenessPlan
    {
        private LivenessPlan(SyntaxNode replaced, string pathText, ExpressionSyntax? assignedTo)
        {
            Replaced = replaced;
            PathText = pathText;
            AssignedTo = assignedTo;
        }

        /// <summary>The Any(...) expression or the try statement the new test replaces.</summary>
        public SyntaxNode Replaced { get; }

        public string PathText { get; }

        /// <summary>For the try shape written as assignments: the variable assigned.</summary>
        public ExpressionSyntax? AssignedTo { get; }

        public static LivenessPlan? TryCreate(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.TryCreate(model.Compilation);
            if (symbols == null || !(model.GetOperation(call, cancellationToken) is IInvocationOperation lookup) ||
                !KnownSymbols.Is(lookup.TargetMethod.ContainingType, symbols.Process))
            {
                return null;
            }

            SyntaxNode? replaced;
            IOperation? pid;
            ExpressionSyntax? assignedTo = null;
            if (lookup.TargetMethod.Name == "GetProcesses")
            {
                replaced = AnySearch(call, model, cancellationToken, out pid);
            }
            else if (lookup.TargetMethod.Name == "GetProcessById" && lookup.Arguments.Length == 1)
            {
                pid = lookup.Arguments[0].Value;
                replaced = TryShape(call, out assignedTo);
            }
            else
            {
                return null;
            }

            if (replaced == null || pid == null)
            {
                return null;
            }

            var path = FirstLinePidPath(pid, symbols);
            var pathText = path == null ? null : StablePathText(path, replaced, model, cancellationToken);
            return pathText == null ? null : new LivenessPlan(replaced, pathText, assignedTo);
        }

        /// <summary><c>Process.GetProcesses().Any(p =&gt; p.Id == pid)</c> (either operand order): the Any call.</summary>
        private static SyntaxNode? AnySearch(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken, out IOperation? pid)
        {
            pid = null;
            if (!(call.Parent is MemberAccessExpressionSyntax access) || access.Expression != call || access.Name.Identifier.ValueText != "Any" ||
                !(access.Parent is InvocationExpressionSyntax any) || any.ArgumentList.Arguments.Count != 1 ||
                !(model.GetOperation(any, cancellationToken) is IInvocationOperation anyCall) || anyCall.Arguments.Length == 0 ||
                anyCall.TargetMethod.ContainingType?.ToDisplayString() != "System.Linq.Enumerable")
            {
                return null;
            }

            var lambda = IOperationExtensions.Unwrap(anyCall.Arguments[anyCall.Arguments.Length - 1].Value);
            if (lambda is IDelegateCreationOperation delegateCreation)
            {
                lambda = delegateCreation.Target;
            }

            if (!(lambda is IAnonymousFunctionOperation function) || function.Symbol.Parameters.Length != 1 ||
                function.Body.Operations.Length != 1 || !(function.Body.Operations[0] is IReturnOperation returned) ||
                !(returned.ReturnedValue is IBinaryOperation equals) || equals.OperatorKind != BinaryOperatorKind.Equals)
            {
                return null;
            }

            var parameter = function.Symbol.Parameters[0];
            pid = IsIdOf(equals.LeftOperand, parameter) ? equals.RightOperand : IsIdOf(equals.RightOperand, parameter) ? equals.LeftOperand : null;
            return pid == null ? null : any;
        }

        private static bool IsIdOf(IOperation operation, IParameterSymbol parameter) =>
            IOperationExtensions.Unwrap(operation) is IPropertyReferenceOperation property && property.Property.Name == "Id" &&
            property.Instance is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

        /// <summary>The try statement whose block is only the lookup and a "alive" outcome, and whose catches only say "dead".</summary>
        private static TryStatementSyntax? TryShape(InvocationExpressionSyntax call, out ExpressionSyntax? assignedTo)
        {
            assignedTo = null;
            var tryStatement = call.FirstAncestorOrSelf<TryStatementSyntax>();
            if (tryStatement == null || tryStatement.Finally != null || tryStatement.Catches.Count == 0 ||
                call.FirstAncestorOrSelf<BlockSyntax>() != tryStatement.Block)
            {
                return null;
            }

            var statements = tryStatement.Block.Statements;
            string? variable = null;
            StatementSyntax outcome;
            if (statements.Count == 2)
            {
                var first = statements[0];
                if (first is LocalDeclarationStatementSyntax declaration && declaration.Declaration.Variables.Count == 1 &&
                    declaration.Declaration.Variables[0].Initializer?.Value == call)
                {
                    variable = declaration.Declaration.Variables[0].Identifier.ValueText;
                }
                else if (!(first is ExpressionStatementSyntax lookup && lookup.Expression == call))
                {
                    return null;
                }

                outcome = statements[1];
            }
            else if (statements.Count == 1)
            {
                outcome = statements[0];
            }
            else
            {
                return null;
            }

            if (!IsAliveOutcome(outcome, call, variable, out var target))
            {
                return null;
            }

            foreach (var catchClause in tryStatement.Catches)
            {
                if (catchClause.Filter != null || !CatchesLookupFailure(catchClause) || catchClause.Block.Statements.Count != 1 ||
                    !IsDeadOutcome(catchClause.Block.Statements[0], target))
                {
                    return null;
                }
            }

            assignedTo = target;
            return tryStatement;
        }

        /// <summary><c>return R;</c> or <c>x = R;</c> where R is <c>true</c> (after a lookup), <c>!p.HasExited</c>, or <c>!Process.GetProcessById(pid).HasExited</c>.</summary>
        private static bool IsAliveOutcome(StatementSyntax outcome, InvocationExpressionSyntax call, string? variable, out ExpressionSyntax? target)
        {
            target = null;
            ExpressionSyntax? value;
            switch (outcome)
            {
                case ReturnStatementSyntax returned:
                    value = returned.Expression;
                    break;
                case ExpressionStatementSyntax expression when expression.Expression is AssignmentExpressionSyntax assignment &&
                                                              assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left is IdentifierNameSyntax:
                    target = assignment.Left;
                    value = assignment.Right;
                    break;
                default:
                    return false;
            }

            if (value == null)
            {
                return false;
            }

            if (value.IsKind(SyntaxKind.TrueLiteralExpression))
            {
                return call.Parent is ExpressionStatementSyntax || variable != null;
            }

            if (!(value is PrefixUnaryExpressionSyntax not) || !not.IsKind(SyntaxKind.LogicalNotExpression) ||
                !(not.Operand is MemberAccessExpressionSyntax hasExited) || hasExited.Name.Identifier.ValueText != "HasExited")
            {
                return false;
            }

            return variable != null
                ? hasExited.Expression is IdentifierNameSyntax name && name.Identifier.ValueText == variable
                : hasExited.Expression == call;
        }

        private static bool IsDeadOutcome(StatementSyntax statement, ExpressionSyntax? target)
        {
            switch (statement)
            {
                case ReturnStatementSyntax returned when target == null:
                    return returned.Expression != null && returned.Expression.IsKind(SyntaxKind.FalseLiteralExpression);
                case ExpressionStatementSyntax expression when target != null && expression.Expression is AssignmentExpressionSyntax assignment &&
                                                              assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    return SyntaxFactory.AreEquivalent(assignment.Left, target) && assignment.Right.IsKind(SyntaxKind.FalseLiteralExpression);
                default:
                    return false;
            }
        }

        /// <summary>GetProcessById throws ArgumentException when no such process runs (InvalidOperationException when it exited meanwhile).</summary>
        private static bool CatchesLookupFailure(CatchClauseSyntax catchClause)
        {
            var type = catchClause.Declaration?.Type.ToString();
            return type == null || type == "ArgumentException" || type == "System.ArgumentException" ||
                   type == "InvalidOperationException" || type == "System.InvalidOperationException" ||
                   type == "Exception" || type == "System.Exception";
        }

        /// <summary>
        /// The lock path when the pid is the whole content or the first line of it, parsed as an int (what LockOwner reads
        /// as a legacy record's pid): int.Parse / Convert.ToInt32 / int.TryParse(..., out pid) of File.ReadAllText(p),
        /// File.ReadAllLines(p)[0] or File.ReadLines(p).First(), optionally trimmed.
        /// </summary>
        private static IOperation? FirstLinePidPath(IOperation pid, KnownSymbols symbols)
        {
            var value = IOperationExtensions.Unwrap(pid);
            if (value is ILocalReferenceOperation local)
            {
                IOperation? only = null;
                var count = 0;
                foreach (var assigned in MemberPathIndex.Of(value).AssignedValues(local.Local))
                {
                    only = assigned;
                    count++;
                }

                if (count != 1 || only == null)
                {
                    return null;
                }

                // For int.TryParse(text, out pid) the assigned value is the text; its call must be the parse.
                if (only.Parent is IArgumentOperation argument && argument.Parent is IInvocationOperation tryParse)
                {
                    return tryParse.TargetMethod.Name == "TryParse" && tryParse.TargetMethod.ContainingType?.SpecialType == SpecialType.System_Int32
                        ? ContentFirstLinePath(only, symbols)
                        : null;
                }

                value = IOperationExtensions.Unwrap(only);
            }

            if (!(value is IInvocationOperation parse) || parse.Arguments.Length != 1 ||
                !((parse.TargetMethod.Name == "Parse" && parse.TargetMethod.ContainingType?.SpecialType == SpecialType.System_Int32) ||
                  (parse.TargetMethod.Name == "ToInt32" && parse.TargetMethod.ContainingType?.ToDisplayString() == "System.Convert" &&
                   parse.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)))
            {
                return null;
            }

            return ContentFirstLinePath(parse.Arguments[0].Value, symbols);
        }

        private static IOperation? ContentFirstLinePath(IOperation text, KnownSymbols symbols)
        {
            text = IOperationExtensions.Unwrap(text);
            while (text is IInvocationOperation trim && trim.Arguments.Length == 0 && trim.Instance != null &&
                   trim.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String &&
                   (trim.TargetMethod.Name == "Trim" || trim.TargetMethod.Name == "TrimEnd" || trim.TargetMethod.Name == "TrimStart"))
            {
                text = IOperationExtensions.Unwrap(trim.Instance);
            }

            IOperation? read = null;
            string? expected = null;
            if (text is IArrayElementReferenceOperation element && element.Indices.Length == 1 &&
                element.Indices[0].ConstantValue is { HasValue: true, Value: 0 })
            {
                read = IOperationExtensions.Unwrap(element.ArrayReference);
                expected = "ReadAllLines";
            }
            else if (text is IInvocationOperation first && first.TargetMethod.Name == "First" && first.Arguments.Length == 1 &&
                     first.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable")
            {
                read = IOperationExtensions.Unwrap(first.Arguments[0].Value);
                expected = "ReadLines";
            }
            else
            {
                read = text;
                expected = "ReadAllText";
            }

            return read is IInvocationOperation file && file.TargetMethod.Name == expected && file.Arguments.Length == 1 &&
                   KnownSymbols.Is(file.TargetMethod.ContainingType, symbols.File)
                ? file.Arguments[0].Value
                : null;
        }

        /// <summary>The path's text when it names the same file at the replaced node: a literal, a constant, a parameter or
        /// field not assigned in the member, or a local assigned once and in scope there.</summary>
        private static string? StablePathText(IOperation path, SyntaxNode at, SemanticModel model, CancellationToken cancellationToken)
        {
            var unwrapped = IOperationExtensions.Unwrap(path);
            if (unwrapped.Type?.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            if (unwrapped.ConstantValue.HasValue)
            {
                return unwrapped.Syntax.ToString();
            }

            var root = IOperationExtensions.MemberRoot(unwrapped);
            switch (unwrapped)
            {
                case IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None && !Written(root, parameter.Parameter):
                    return unwrapped.Syntax.ToString();
                case IFieldReferenceOperation field when (field.Instance == null || field.Instance is IInstanceReferenceOperation) &&
                                                        (field.Field.IsReadOnly || !Written(root, field.Field)):
                    return unwrapped.Syntax.ToString();
                case ILocalReferenceOperation local when MemberPathIndex.Of(unwrapped).SingleValue(local.Local) != null &&
                                                        !Written(root, local.Local, allowDeclaration: true):
                    foreach (var symbol in model.LookupSymbols(at.SpanStart, name: local.Local.Name))
                    {
                        if (SymbolEqualityComparer.Default.Equals(symbol, local.Local))
                        {
                            return unwrapped.Syntax.ToString();
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>Assigned, or passed by ref/out, anywhere in the member (a local's own declaration aside).</summary>
        private static bool Written(IOperation root, ISymbol symbol, bool allowDeclaration = false)
        {
            foreach (var node in root.Descendants())
            {
                IOperation? target = node switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IArgumentOperation argument when argument.Parameter != null && argument.Parameter.RefKind != RefKind.None => argument.Value,
                    IIncrementOrDecrementOperation increment => increment.Target,
                    _ => null,
                };
                ISymbol? written = target switch
                {
                    ILocalReferenceOperation local when !(allowDeclaration && local.IsDeclaration) => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                if (written != null && SymbolEqualityComparer.Default.Equals(written, symbol))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
