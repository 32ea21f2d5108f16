using System;
using System.Linq;
using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Rules.LCK007
{
    /// <summary>
    /// The questions LCK007 asks about one delete: is it on a release path (a release-named member, a finally after
    /// an acquisition, right after closing the lock's handle), and does the member first prove the lock is still ours.
    /// </summary>
    internal sealed class ReleaseContext
    {
        private readonly KnownSymbols _symbols;
        private readonly LockPathRecognizer _recognizer;
        private readonly SemanticModel _model;
        private readonly IInvocationOperation _delete;
        private readonly IOperation _path;
        private readonly SyntaxNode _member;
        private readonly IOperation _root;

        public ReleaseContext(KnownSymbols symbols, LockPathRecognizer recognizer, SemanticModel model, IInvocationOperation delete, IOperation path, SyntaxNode member)
        {
            _symbols = symbols;
            _recognizer = recognizer;
            _model = model;
            _delete = delete;
            _path = path;
            _member = member;
            _root = IOperationExtensions.MemberRoot(delete);
        }

        private int DeleteStart => _delete.Syntax.SpanStart;

        /// <summary>The method, local function, accessor or finalizer holding the delete (lambdas belong to their member).</summary>
        public static SyntaxNode? EnclosingMember(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is BaseMethodDeclarationSyntax || ancestor is LocalFunctionStatementSyntax || ancestor is AccessorDeclarationSyntax)
                {
                    return ancestor;
                }

                if (ancestor is TypeDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>How the delete is a release ("on release", ...), or null when it is not on a release path.</summary>
        public string? Where()
        {
            // In a catch the exclusive create has just failed: no handle of ours was open, so a delete there is a
            // stale-lock break (LCK002/LCK003's business), not a close-then-delete release.
            if (ClosesHandleFirst() && !InsideCatch())
            {
                return LCK007ReleaseWithoutOwnershipCheckAnalyzer.AfterClosingHandle;
            }

            if (IsReleaseName(MemberName(_member)))
            {
                return LCK007ReleaseWithoutOwnershipCheckAnalyzer.OnRelease;
            }

            if (InFinallyAfterAcquisition())
            {
                return LCK007ReleaseWithoutOwnershipCheckAnalyzer.InFinally;
            }

            return null;
        }

        private bool InsideCatch()
        {
            for (var node = _delete.Syntax.Parent; node != null && node != _member; node = node.Parent)
            {
                if (node is CatchClauseSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static string? MemberName(SyntaxNode member) => member switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            LocalFunctionStatementSyntax local => local.Identifier.ValueText,
            DestructorDeclarationSyntax _ => "Finalize",
            _ => null,
        };

        internal bool IsReleaseName(string? name) => IsReleaseMemberName(name, _recognizer);

        /// <summary>Release, Unlock, Dispose, Close, …, or Remove/Delete/Drop of a lock (not a stale one's break).</summary>
        internal static bool IsReleaseMemberName(string? name, LockPathRecognizer recognizer)
        {
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            var words = IdentifierWords.Split(name!);
            if (words.Count == 0 || words.Any(IsBreakWord))
            {
                // RemoveStaleLock, DeleteExpiredLease: breaking someone else's lock, not releasing ours (LCK002/LCK003).
                return false;
            }

            switch (words[0])
            {
                case "release":
                case "unlock":
                case "dispose":
                case "close":
                case "exit":
                case "free":
                case "finalize":
                    return true;
                case "remove":
                case "delete":
                case "drop":
                    return words.Skip(1).Any(w => recognizer.IsLockName(w));
                default:
                    return false;
            }
        }

        private static bool IsBreakWord(string word) =>
            word == "stale" || word == "expired" || word == "orphaned" || word == "abandoned" || word == "dead" || word == "break" || word == "steal";

        private bool InFinallyAfterAcquisition()
        {
            var finallyClause = _delete.Syntax.FirstAncestorOrSelf<FinallyClauseSyntax>();
            if (finallyClause == null || !_member.Contains(finallyClause))
            {
                return false;
            }

            foreach (var operation in IOperationExtensions.DescendantsOf(_root))
            {
                if (operation.Syntax.SpanStart >= finallyClause.SpanStart)
                {
                    continue;
                }

                if (FileCalls.TryGetCertainCreate(operation, _symbols, out var created, out _) && PathIdentity.Same(created, _path))
                {
                    return true;
                }

                if (operation is IInvocationOperation call)
                {
                    var words = IdentifierWords.Split(call.TargetMethod.Name);
                    if (words.Contains("acquire") || (words.Count > 0 && (words[0] == "lock" || (words[0] == "try" && words.Count > 1 && words[1] == "lock"))))
                    {
                        return true;
                    }

                    // A helper that creates the lock (LockHelper.WriteLock(path)) acquires it, whatever its name.
                    foreach (var effect in CompilationState.EffectsOf(_model.Compilation).EffectsAt(call))
                    {
                        if ((effect.Kind == EffectKind.CreateOverwrite || effect.Kind == EffectKind.CreateExclusive || effect.Kind == EffectKind.HandleLock) &&
                            PathIdentity.Same(effect.Path, _path))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>A Dispose/Close of the lock's handle before the delete, or a using block over it that ended before.</summary>
        private bool ClosesHandleFirst()
        {
            // Both ways name a word in the text before the delete; most members say neither, and are not walked.
            var before = TextSpan.FromBounds(Math.Min(_root.Syntax.SpanStart, DeleteStart), DeleteStart);
            if (!TextHits.Of(_delete.Syntax.SyntaxTree).SpanMayContainWord(before, CloseWords))
            {
                return false;
            }

            foreach (var operation in IOperationExtensions.DescendantsOf(_root))
            {
                if (operation.Syntax.SpanStart >= DeleteStart)
                {
                    continue;
                }

                switch (operation)
                {
                    case IInvocationOperation close when IsCloseName(close.TargetMethod.Name) && close.Instance != null &&
                                                         IsHandleType(close.Instance.Type) && IsLockHandle(close.Instance):
                        return true;

                    case IUsingOperation usingOperation when usingOperation.Syntax.Span.End <= DeleteStart &&
                                                             !usingOperation.Syntax.Span.Contains(_delete.Syntax.Span) &&
                                                             OpensSamePath(usingOperation.Resources):
                        return true;
                }
            }

            return false;
        }

        private static bool IsCloseName(string name) => name == "Dispose" || name == "Close" || name == "DisposeAsync";

        private static readonly string[] CloseWords = { "Dispose", "Close", "DisposeAsync", "using" };

        private bool IsHandleType(ITypeSymbol? type) =>
            KnownSymbols.InheritsFromOrIs(type, _symbols.Stream) || type?.Name == "SafeFileHandle";

        private bool OpensSamePath(IOperation resources)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelf(resources))
            {
                if (FileCalls.TryGetCertainCreate(operation, _symbols, out var opened, out _) && PathIdentity.Same(opened, _path))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The closed handle is the lock's: named like a lock, or opened on the same path in this member or type.</summary>
        private bool IsLockHandle(IOperation handle)
        {
            handle = IOperationExtensions.Unwrap(handle);
            if (handle is IConditionalAccessInstanceOperation)
            {
                // _handle?.Dispose(): the receiver is the conditional access's operand.
                for (var parent = handle.Parent; parent != null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation access)
                    {
                        handle = IOperationExtensions.Unwrap(access.Operation);
                        break;
                    }
                }
            }

            ISymbol? symbol = handle switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => property.Property,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            if (symbol == null)
            {
                return false;
            }

            if (_recognizer.IsLockName(symbol.Name))
            {
                return true;
            }

            var scope = symbol is ILocalSymbol ? _member : _member.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (scope == null)
            {
                return false;
            }

            foreach (var node in scope.DescendantNodes())
            {
                ExpressionSyntax? value = node switch
                {
                    AssignmentExpressionSyntax assignment when LastName(assignment.Left) == symbol.Name => assignment.Right,
                    VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == symbol.Name => declarator.Initializer?.Value,
                    _ => null,
                };
                if (value == null)
                {
                    continue;
                }

                var operation = _model.GetOperation(value);
                if (operation != null && FileCalls.TryGetCertainCreate(IOperationExtensions.Unwrap(operation), _symbols, out var opened, out _) &&
                    (PathIdentity.Same(opened, _path) || _recognizer.IsLockPath(opened)))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? LastName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// Before the delete, the member reads the lock (its content, owner record or timestamps) and compares what it
        /// read; or it calls the runtime; or it asks a bool helper of this type whether the lock is still ours; or an
        /// <see cref="OwnershipFlag"/> set only by this instance's create guards it.
        /// </summary>
        public bool HasOwnershipEvidence()
        {
            var read = false;
            var compared = false;
            foreach (var operation in IOperationExtensions.DescendantsOf(_root))
            {
                if (operation.Syntax.SpanStart >= DeleteStart)
                {
                    continue;
                }

                if (operation is IInvocationOperation call)
                {
                    if (IsRuntime(call.TargetMethod.ContainingType))
                    {
                        return true;
                    }

                    if (IsComparisonCall(call))
                    {
                        compared = true;
                    }

                    if (IsSameTypeHelper(call.TargetMethod))
                    {
                        if (IsBoolOrTaskOfBool(call.TargetMethod.ReturnType) && HasOwnershipWord(call.TargetMethod.Name))
                        {
                            return true;
                        }

                        var (helperReads, helperCompares) = ExamineHelper(call.TargetMethod);
                        read |= helperReads;
                        compared |= helperReads && helperCompares;
                    }
                }

                if (IsComparison(operation))
                {
                    compared = true;
                }

                if (FileCalls.TryGetRead(operation, _symbols, out var readPath) &&
                    (PathIdentity.Same(readPath, _path) || _recognizer.IsLockPath(readPath)))
                {
                    read = true;
                }

                if (read && compared)
                {
                    return true;
                }
            }

            return OwnershipFlag.Guards(_symbols, _model, _delete, _path, _member);
        }

        private static bool IsRuntime(INamedTypeSymbol? type) =>
            type != null && type.ContainingNamespace?.ToDisplayString() == "LockAnalyzers.Runtime";

        private static bool IsComparisonCall(IInvocationOperation call)
        {
            var name = call.TargetMethod.Name;
            return name == "Equals" || name == "SequenceEqual" || name == "CompareOrdinal" || name == "Compare";
        }

        private static bool IsComparison(IOperation operation) => operation switch
        {
            IBinaryOperation binary => (binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals) &&
                                       !IsNull(binary.LeftOperand) && !IsNull(binary.RightOperand),
            IIsPatternOperation pattern => pattern.Pattern is IConstantPatternOperation constant && !IsNull(constant.Value),
            _ => false,
        };

        private static bool IsNull(IOperation operation) =>
            operation.ConstantValue.HasValue && operation.ConstantValue.Value == null;

        /// <summary>bool, or an awaited <c>Task&lt;bool&gt;</c>/<c>ValueTask&lt;bool&gt;</c> (<c>if (await LockNotOwnedOrTimedOut()) return;</c>).</summary>
        private static bool IsBoolOrTaskOfBool(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_Boolean ||
            (type is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1 &&
             (named.Name == "Task" || named.Name == "ValueTask") && named.TypeArguments[0].SpecialType == SpecialType.System_Boolean);

        private static bool HasOwnershipWord(string name)
        {
            foreach (var word in IdentifierWords.Split(name))
            {
                switch (word)
                {
                    case "owned":
                    case "owns":
                    case "owner":
                    case "ours":
                    case "mine":
                    case "own":
                        return true;
                }
            }

            return false;
        }

        private bool IsSameTypeHelper(IMethodSymbol method)
        {
            var containing = _model.GetEnclosingSymbol(DeleteStart)?.ContainingType;
            return containing != null && SymbolEqualityComparer.Default.Equals(method.ContainingType, containing) &&
                   method.DeclaringSyntaxReferences.Length == 1 &&
                   method.DeclaringSyntaxReferences[0].SyntaxTree == _model.SyntaxTree &&
                   !_member.Span.Contains(method.DeclaringSyntaxReferences[0].Span);
        }

        /// <summary>One call deep: does the helper read the lock, and does it compare anything.</summary>
        private (bool Reads, bool Compares) ExamineHelper(IMethodSymbol method)
        {
            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
            SyntaxNode? body = declaration switch
            {
                MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                _ => null,
            };
            if (body == null)
            {
                return (false, false);
            }

            var operation = _model.GetOperation(body);
            if (operation == null)
            {
                return (false, false);
            }

            bool reads = false, compares = false;
            foreach (var descendant in IOperationExtensions.DescendantsAndSelf(operation))
            {
                if (IsComparison(descendant) || (descendant is IInvocationOperation call && IsComparisonCall(call)))
                {
                    compares = true;
                }

                if (FileCalls.TryGetRead(descendant, _symbols, out _))
                {
                    reads = true;
                }
            }

            return (reads, compares);
        }
    }
}
