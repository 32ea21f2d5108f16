using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>
    /// Finds the existence test a create is control-dependent on, by walking from the create up to its member:
    /// enclosing branches, earlier guard statements and wait loops in enclosing blocks, and catches of failed reads.
    /// The test may be a bool member of any source type (<c>if (!IsLocked) ...</c>, <c>if (lockIo.LockExists(p)) ...</c>)
    /// whose result is an existence test, through up to <see cref="EffectSummaries.MaxChain"/> calls.
    /// </summary>
    internal sealed class ExistenceGuard
    {
        public const string ShapeProperty = "Shape";
        public const string TestStartProperty = "TestStart";
        public const string TestLengthProperty = "TestLength";

        private readonly KnownSymbols _symbols;
        private readonly EffectSummaries? _effects;
        private readonly SemanticModel _model;
        private readonly IOperation _createPath;
        private bool _stop;

        // The last condition looked at tested more than existence: a value read from the lock, or a judgement of it.
        private bool _judged;

        private ExistenceGuard(KnownSymbols symbols, EffectSummaries? effects, SemanticModel model, IOperation createPath)
        {
            _symbols = symbols;
            _effects = effects;
            _model = model;
            _createPath = createPath;
        }

        /// <summary>When a "not exists" outcome of a condition holds.</summary>
        private enum Polarity
        {
            Unknown,
            NotExistsWhenTrue,
            NotExistsWhenFalse,
        }

        public static bool TryFind(KnownSymbols symbols, EffectSummaries? effects, SemanticModel model, SyntaxNode create, IOperation createPath, out SyntaxNode? test, out GuardShape shape)
        {
            var guard = new ExistenceGuard(symbols, effects, model, createPath);
            if (!guard.Find(create, out test, out shape))
            {
                return false;
            }

            if (guard._judged)
            {
                // Replacing such a test with the exclusive create would drop what it judged: no fix.
                shape = GuardShape.Judged;
            }

            // The test guards only making sure a file exists; the lock taken later is the handle.
            if (LaterHandleLock.Follows(create, createPath, symbols))
            {
                test = null;
                return false;
            }

            return true;
        }

        /// <summary>
        /// Syntax-only superset of <see cref="Find"/>: some place <see cref="Find"/> looks at holds a condition that could
        /// test existence (it names <c>Exists</c> or calls something, possibly a one-deep helper), or the create sits in
        /// a catch. Runs before anything is bound, so a create with no possible guard costs no semantic work.
        /// </summary>
        public static bool MayExist(SyntaxNode create)
        {
            var current = create;
            var parent = create.Parent;
            while (parent != null && !IsMemberBoundary(parent))
            {
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when current == ifStatement.Statement:
                        if (MayTest(ifStatement.Condition))
                        {
                            return true;
                        }

                        break;

                    case ElseClauseSyntax elseClause when elseClause.Parent is IfStatementSyntax owner:
                        if (MayTest(owner.Condition))
                        {
                            return true;
                        }

                        break;

                    case WhileStatementSyntax whileStatement when current == whileStatement.Statement:
                        if (MayTest(whileStatement.Condition))
                        {
                            return true;
                        }

                        break;

                    case ConditionalExpressionSyntax conditional when current == conditional.WhenTrue || current == conditional.WhenFalse:
                        if (MayTest(conditional.Condition))
                        {
                            return true;
                        }

                        break;

                    case BinaryExpressionSyntax binary when current == binary.Right &&
                                                            (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression)):
                        if (MayTest(binary.Left))
                        {
                            return true;
                        }

                        break;

                    case BlockSyntax block when current is StatementSyntax statement:
                        if (MayGuardEarlier(block.Statements, statement))
                        {
                            return true;
                        }

                        break;

                    case SwitchSectionSyntax section when current is StatementSyntax statement:
                        if (MayGuardEarlier(section.Statements, statement))
                        {
                            return true;
                        }

                        break;

                    case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                        var members = unit.Members;
                        for (var i = members.IndexOf(global) - 1; i >= 0; i--)
                        {
                            if (members[i] is GlobalStatementSyntax earlier && MayBeGuard(earlier.Statement))
                            {
                                return true;
                            }
                        }

                        break;

                    case CatchClauseSyntax catchClause when current == catchClause.Block && catchClause.Parent is TryStatementSyntax:
                        return true;
                }

                current = parent;
                parent = parent.Parent;
            }

            return false;
        }

        private static bool MayGuardEarlier(SyntaxList<StatementSyntax> statements, StatementSyntax statement)
        {
            for (var i = statements.IndexOf(statement) - 1; i >= 0; i--)
            {
                if (MayBeGuard(statements[i]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The syntactic half of <see cref="IsGuard"/>.</summary>
        private static bool MayBeGuard(StatementSyntax earlier) =>
            earlier switch
            {
                IfStatementSyntax ifStatement => ifStatement.Else == null && (AlwaysExits(ifStatement.Statement) || MayExit(ifStatement.Statement)) && MayTest(ifStatement.Condition),
                WhileStatementSyntax whileStatement => MayTest(whileStatement.Condition),
                DoStatementSyntax doStatement => MayTest(doStatement.Condition),
                _ => false,
            };

        /// <summary>
        /// Whether <see cref="Of(ExpressionSyntax)"/> could be other than Unknown: every known outcome ends in an
        /// <c>Exists</c> call or property, or in a call to a helper or a read of a property.
        /// </summary>
        /// <remarks>Read from the tokens, without allocating: a name's token is its identifier, an invocation's is the open parenthesis of its arguments.</remarks>
        private static bool MayTest(ExpressionSyntax condition)
        {
            foreach (var token in TokenWalk.In(condition))
            {
                if (token.Parent is IdentifierNameSyntax ||
                    token.IsKind(SyntaxKind.OpenParenToken) && token.Parent is ArgumentListSyntax { Parent: InvocationExpressionSyntax })
                {
                    return true;
                }
            }

            return false;
        }

        private bool Find(SyntaxNode create, out SyntaxNode? test, out GuardShape shape)
        {
            test = null;
            shape = GuardShape.Branch;
            var current = create;
            var parent = create.Parent;
            while (parent != null && !IsMemberBoundary(parent) && !_stop)
            {
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when current == ifStatement.Statement:
                        if (Of(ifStatement.Condition) == Polarity.NotExistsWhenTrue)
                        {
                            test = ifStatement.Condition;
                            shape = GuardShape.Branch;
                            return true;
                        }

                        break;

                    case ElseClauseSyntax elseClause when elseClause.Parent is IfStatementSyntax owner:
                        if (Of(owner.Condition) == Polarity.NotExistsWhenFalse)
                        {
                            test = owner.Condition;
                            shape = GuardShape.Branch;
                            return true;
                        }

                        break;

                    case WhileStatementSyntax whileStatement when current == whileStatement.Statement:
                        if (Of(whileStatement.Condition) == Polarity.NotExistsWhenTrue)
                        {
                            test = whileStatement.Condition;
                            shape = GuardShape.Branch;
                            return true;
                        }

                        break;

                    case ConditionalExpressionSyntax conditional when current == conditional.WhenTrue || current == conditional.WhenFalse:
                        var wanted = current == conditional.WhenTrue ? Polarity.NotExistsWhenTrue : Polarity.NotExistsWhenFalse;
                        if (Of(conditional.Condition) == wanted)
                        {
                            test = conditional.Condition;
                            shape = GuardShape.Expression;
                            return true;
                        }

                        break;

                    case BinaryExpressionSyntax binary when current == binary.Right &&
                                                            (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression)):
                        var needed = binary.IsKind(SyntaxKind.LogicalAndExpression) ? Polarity.NotExistsWhenTrue : Polarity.NotExistsWhenFalse;
                        if (Of(binary.Left) == needed)
                        {
                            test = binary.Left;
                            shape = GuardShape.Expression;
                            return true;
                        }

                        break;

                    case BlockSyntax block when current is StatementSyntax statement:
                        if (FindEarlier(block.Statements, statement, out test, out shape))
                        {
                            return true;
                        }

                        break;

                    case SwitchSectionSyntax section when current is StatementSyntax statement:
                        if (FindEarlier(section.Statements, statement, out test, out shape))
                        {
                            return true;
                        }

                        break;

                    case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                        if (FindEarlierGlobal(unit, global, out test, out shape))
                        {
                            return true;
                        }

                        break;

                    case CatchClauseSyntax catchClause when current == catchClause.Block && catchClause.Parent is TryStatementSyntax tryStatement:
                        if (CatchesMissingFile(catchClause) && ReadsSamePath(tryStatement.Block))
                        {
                            test = tryStatement.Block;
                            shape = GuardShape.FailedRead;
                            _judged = false;
                            return true;
                        }

                        break;
                }

                current = parent;
                parent = parent.Parent;
            }

            return false;
        }

        private static bool IsMemberBoundary(SyntaxNode node) =>
            node is BaseMethodDeclarationSyntax || node is AccessorDeclarationSyntax || node is LocalFunctionStatementSyntax ||
            node is AnonymousFunctionExpressionSyntax || node is TypeDeclarationSyntax;

        private bool FindEarlier(SyntaxList<StatementSyntax> statements, StatementSyntax statement, out SyntaxNode? test, out GuardShape shape)
        {
            var index = statements.IndexOf(statement);
            for (var i = index - 1; i >= 0; i--)
            {
                if (CreatesSamePath(statements[i]))
                {
                    // The lock was already created above: this is a rewrite of our own lock, reported once at the first create.
                    _stop = true;
                    break;
                }

                if (IsGuard(statements[i], out test, out shape))
                {
                    return true;
                }
            }

            test = null;
            shape = GuardShape.Branch;
            return false;
        }

        private bool CreatesSamePath(StatementSyntax statement)
        {
            foreach (var node in statement.DescendantNodesAndSelf())
            {
                if (!(node is InvocationExpressionSyntax) && !(node is ObjectCreationExpressionSyntax))
                {
                    continue;
                }

                var operation = _model.GetOperation(node);
                if (operation != null && FileCalls.TryGetCertainCreate(operation, _symbols, out var created, out _) && PathIdentity.Same(created, _createPath))
                {
                    return true;
                }
            }

            return false;
        }

        private bool FindEarlierGlobal(CompilationUnitSyntax unit, GlobalStatementSyntax global, out SyntaxNode? test, out GuardShape shape)
        {
            var index = unit.Members.IndexOf(global);
            for (var i = index - 1; i >= 0; i--)
            {
                if (unit.Members[i] is GlobalStatementSyntax earlier && IsGuard(earlier.Statement, out test, out shape))
                {
                    return true;
                }
            }

            test = null;
            shape = GuardShape.Branch;
            return false;
        }

        /// <summary>An earlier statement that lets control reach the create only when the file did not exist.</summary>
        private bool IsGuard(StatementSyntax earlier, out SyntaxNode? test, out GuardShape shape)
        {
            test = null;
            shape = GuardShape.EarlyExit;
            switch (earlier)
            {
                case IfStatementSyntax ifStatement when ifStatement.Else == null && AlwaysExits(ifStatement.Statement) &&
                                                        Of(ifStatement.Condition) == Polarity.NotExistsWhenFalse:
                    test = ifStatement.Condition;
                    shape = GuardShape.EarlyExit;
                    return true;

                case IfStatementSyntax judged when judged.Else == null && MayExit(judged.Statement) &&
                                                   Of(judged.Condition) == Polarity.NotExistsWhenFalse:
                    // "if (exists) { ... return false when held ... }": a missing file falls through to the create.
                    test = judged.Condition;
                    shape = GuardShape.Judged;
                    return true;

                case WhileStatementSyntax whileStatement when !ContainsBreak(whileStatement.Statement) &&
                                                              Of(whileStatement.Condition) == Polarity.NotExistsWhenFalse:
                    test = whileStatement.Condition;
                    shape = GuardShape.WaitLoop;
                    return true;

                case DoStatementSyntax doStatement when !ContainsBreak(doStatement.Statement) &&
                                                        Of(doStatement.Condition) == Polarity.NotExistsWhenFalse:
                    test = doStatement.Condition;
                    shape = GuardShape.WaitLoop;
                    return true;

                default:
                    return false;
            }
        }

        private static bool AlwaysExits(StatementSyntax statement)
        {
            while (statement is BlockSyntax block)
            {
                if (block.Statements.Count == 0)
                {
                    return false;
                }

                statement = block.Statements[block.Statements.Count - 1];
            }

            return statement is ReturnStatementSyntax || statement is ThrowStatementSyntax || statement is ContinueStatementSyntax ||
                   statement is BreakStatementSyntax || statement is GotoStatementSyntax ||
                   (statement is ExpressionStatementSyntax expression && expression.Expression is ThrowExpressionSyntax);
        }

        /// <summary>Whether some path through the branch leaves the member (a return or throw outside lambdas).</summary>
        private static bool MayExit(StatementSyntax body)
        {
            foreach (var node in body.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax || node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsBreak(StatementSyntax body)
        {
            foreach (var node in body.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is BreakStatementSyntax || node is ReturnStatementSyntax || node is GotoStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CatchesMissingFile(CatchClauseSyntax catchClause)
        {
            if (catchClause.Declaration == null)
            {
                return true;
            }

            var name = catchClause.Declaration.Type.ToString();
            var lastDot = name.LastIndexOf('.');
            name = lastDot >= 0 ? name.Substring(lastDot + 1) : name;
            return name == "FileNotFoundException" || name == "IOException" || name == "Exception" || name == "DirectoryNotFoundException";
        }

        private bool ReadsSamePath(BlockSyntax tryBlock)
        {
            foreach (var node in tryBlock.DescendantNodes())
            {
                if (!(node is InvocationExpressionSyntax) && !(node is ObjectCreationExpressionSyntax))
                {
                    continue;
                }

                var operation = _model.GetOperation(node);
                if (operation != null && FileCalls.TryGetRead(operation, _symbols, out var readPath) && PathIdentity.Same(readPath, _createPath))
                {
                    return true;
                }
            }

            return false;
        }

        private Polarity Of(ExpressionSyntax condition)
        {
            _judged = false;
            var operation = _model.GetOperation(condition);
            return operation == null ? Polarity.Unknown : Of(operation);
        }

        /// <summary>When the condition being true or false implies that the create's path does not exist.</summary>
        private Polarity Of(IOperation condition)
        {
            condition = IOperationExtensions.Unwrap(condition);
            switch (condition)
            {
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    return Flip(Of(unary.Operand));

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalAnd:
                    {
                        var left = Of(binary.LeftOperand);
                        var right = Of(binary.RightOperand);
                        if (left == Polarity.NotExistsWhenTrue || right == Polarity.NotExistsWhenTrue)
                        {
                            return Polarity.NotExistsWhenTrue;
                        }

                        // "held = there and judged alive or fresh": false whenever the file is missing, so the create on the
                        // false side runs when it is missing (the stale case also reaches it, which LCK002/LCK003 judge).
                        return (left == Polarity.NotExistsWhenFalse && JudgesSameLock(binary.RightOperand, binary.LeftOperand)) ||
                               (right == Polarity.NotExistsWhenFalse && JudgesSameLock(binary.LeftOperand, binary.RightOperand))
                            ? Polarity.NotExistsWhenFalse
                            : Polarity.Unknown;
                    }

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalOr:
                    return Of(binary.LeftOperand) == Polarity.NotExistsWhenFalse ||
                           Of(binary.RightOperand) == Polarity.NotExistsWhenFalse
                        ? Polarity.NotExistsWhenFalse
                        : Polarity.Unknown;

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals:
                    {
                        var (other, literal) = BoolLiteralSide(binary.LeftOperand, binary.RightOperand);
                        if (other == null)
                        {
                            // "value != null": the value read from the lock is there only when the file is.
                            var value = NullComparedSide(binary.LeftOperand, binary.RightOperand);
                            return value == null || !IsPresence(value)
                                ? Polarity.Unknown
                                : binary.OperatorKind == BinaryOperatorKind.NotEquals ? Polarity.NotExistsWhenFalse : Polarity.NotExistsWhenTrue;
                        }

                        var inner = Of(other);
                        var keeps = literal == (binary.OperatorKind == BinaryOperatorKind.Equals);
                        return keeps ? inner : Flip(inner);
                    }

                case IIsPatternOperation isPattern when isPattern.Pattern is IConstantPatternOperation constant &&
                                                        constant.Value.ConstantValue.HasValue && constant.Value.ConstantValue.Value is bool value:
                    {
                        var inner = Of(isPattern.Value);
                        return value ? inner : Flip(inner);
                    }

                case IIsPatternOperation isNull when IsNullPattern(isNull.Pattern, out var negated):
                    return !IsPresence(isNull.Value) ? Polarity.Unknown : negated ? Polarity.NotExistsWhenFalse : Polarity.NotExistsWhenTrue;

                case IPropertyReferenceOperation hasValue when hasValue.Property.Name == "HasValue" && hasValue.Instance != null &&
                                                               hasValue.Property.ContainingType?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                    return IsPresence(hasValue.Instance) ? Polarity.NotExistsWhenFalse : Polarity.Unknown;

                case IInvocationOperation invocation when !KnownSymbols.Is(invocation.TargetMethod.ContainingType, _symbols.File):
                    return OfHelper(invocation);

                case IPropertyReferenceOperation property when !property.Property.DeclaringSyntaxReferences.IsEmpty:
                    return OfHelper(property);
            }

            if (FileCalls.TryGetExistenceTest(condition, _symbols, out var testedPath) && PathIdentity.Same(testedPath, _createPath))
            {
                return Polarity.NotExistsWhenFalse;
            }

            return Polarity.Unknown;
        }

        /// <summary>
        /// A call or property read standing for an existence test: a file-system abstraction's Exists, or a bool source
        /// member whose result is one (its summary says which path and which way round).
        /// </summary>
        private Polarity OfHelper(IOperation call)
        {
            var direct = DirectEffects.Of(call, _symbols);
            if (direct != null)
            {
                return direct.Kind == EffectKind.Exists && PathIdentity.Same(direct.Path, _createPath) ? Polarity.NotExistsWhenFalse : Polarity.Unknown;
            }

            if (_effects == null || !_effects.TryGetReturnedTest(call, out var test, out var trueWhenExists) || test == null ||
                !PathIdentity.Same(test.Path, _createPath))
            {
                return Polarity.Unknown;
            }

            return trueWhenExists ? Polarity.NotExistsWhenFalse : Polarity.NotExistsWhenTrue;
        }

        /// <summary>A value read from the lock that is null when the lock file is missing (<see cref="PresenceValue"/>).</summary>
        private bool IsPresence(IOperation value)
        {
            if (_effects == null || !PresenceValue.Of(value, _effects, _model, _createPath, out _))
            {
                return false;
            }

            _judged = true;
            return true;
        }

        /// <summary>
        /// Whether the other operand of an <c>&amp;&amp;</c> with an existence or presence test judges the same lock (its
        /// liveness or age), so the whole condition is the "held" test.
        /// </summary>
        private bool JudgesSameLock(IOperation operand, IOperation test)
        {
            ILocalSymbol? local = null;
            var value = IOperationExtensions.Unwrap(test);
            if (value is IPropertyReferenceOperation hasValue && hasValue.Property.Name == "HasValue" && hasValue.Instance != null)
            {
                value = IOperationExtensions.Unwrap(hasValue.Instance);
            }
            else if (value is IBinaryOperation binary)
            {
                value = NullComparedSide(binary.LeftOperand, binary.RightOperand) ?? value;
            }
            else if (value is IIsPatternOperation isPattern)
            {
                value = IOperationExtensions.Unwrap(isPattern.Value);
            }

            if (value is ILocalReferenceOperation reference)
            {
                local = reference.Local;
            }

            if (!PresenceValue.Judges(operand, local, _effects, _symbols, _createPath))
            {
                return false;
            }

            _judged = true;
            return true;
        }

        private static IOperation? NullComparedSide(IOperation left, IOperation right)
        {
            if (IsNullConstant(right))
            {
                return left;
            }

            return IsNullConstant(left) ? right : null;
        }

        private static bool IsNullConstant(IOperation operand)
        {
            var unwrapped = IOperationExtensions.Unwrap(operand);
            return unwrapped.ConstantValue.HasValue && unwrapped.ConstantValue.Value == null;
        }

        /// <summary><c>is null</c>, or <c>is not null</c> (<paramref name="negated"/>).</summary>
        private static bool IsNullPattern(IPatternOperation pattern, out bool negated)
        {
            negated = false;
            if (pattern is INegatedPatternOperation not)
            {
                negated = true;
                pattern = not.Pattern;
            }

            return pattern is IConstantPatternOperation constant && IsNullConstant(constant.Value);
        }

        private static (IOperation? Other, bool Literal) BoolLiteralSide(IOperation left, IOperation right)
        {
            if (right.ConstantValue.HasValue && right.ConstantValue.Value is bool r)
            {
                return (left, r);
            }

            if (left.ConstantValue.HasValue && left.ConstantValue.Value is bool l)
            {
                return (right, l);
            }

            return (null, false);
        }

        private static Polarity Flip(Polarity polarity) =>
            polarity == Polarity.NotExistsWhenTrue ? Polarity.NotExistsWhenFalse :
            polarity == Polarity.NotExistsWhenFalse ? Polarity.NotExistsWhenTrue : Polarity.Unknown;
    }
}
