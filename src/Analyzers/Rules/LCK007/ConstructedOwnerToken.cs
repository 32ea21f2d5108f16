using System.Linq;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK007
{
    /// <summary>
    /// The owner token of a release handle that another type fills in (seed 004: <c>FleetRestartLock.Acquire</c> writes
    /// <c>Format(token)</c> into the lock and returns <c>new RestartGuard(lockPath, token)</c>, whose
    /// <c>Release()</c> deletes <c>LockPath</c>). The token is the handle's member set from the constructor parameter
    /// that every construction in the handle's files passes next to the path, where each create of that path in the
    /// constructing member writes text holding the token as a whole word (what <c>LockFile.Release</c> matches).
    /// Anything less certain gives no token, so no fix.
    /// </summary>
    internal static class ConstructedOwnerToken
    {
        public static string? Find(KnownSymbols symbols, SemanticModel model, IInvocationOperation delete, IOperation path)
        {
            var release = model.GetEnclosingSymbol(delete.Syntax.SpanStart);
            var handle = release?.ContainingType;
            if (release == null || release.IsStatic || handle == null || !(StoredMember(IOperationExtensions.Unwrap(path)) is ISymbol pathMember) ||
                !SymbolEqualityComparer.Default.Equals(pathMember.ContainingType, handle))
            {
                return null;
            }

            string? found = null;
            foreach (var constructor in handle.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (!(reference.GetSyntax() is ConstructorDeclarationSyntax syntax) || syntax.SyntaxTree != delete.Syntax.SyntaxTree ||
                        !(model.GetOperation(syntax) is IOperation body))
                    {
                        continue;
                    }

                    var pathParameter = ParameterStoredIn(body, pathMember);
                    if (pathParameter == null)
                    {
                        continue;
                    }

                    foreach (var candidate in handle.GetMembers())
                    {
                        if (!IsReadOnlyState(candidate) || SymbolEqualityComparer.Default.Equals(candidate, pathMember) ||
                            !(ParameterStoredIn(body, candidate) is IParameterSymbol tokenParameter) ||
                            !EveryConstructionWritesToken(symbols, model, handle, constructor, pathParameter, tokenParameter))
                        {
                            continue;
                        }

                        if (found != null && found != candidate.Name)
                        {
                            return null;
                        }

                        found = candidate.Name;
                    }
                }
            }

            return found;
        }

        private static ISymbol? StoredMember(IOperation operation) =>
            operation switch
            {
                IPropertyReferenceOperation property when property.Instance is IInstanceReferenceOperation => property.Property,
                IFieldReferenceOperation field when field.Instance is IInstanceReferenceOperation => field.Field,
                _ => null,
            };

        /// <summary>A get-only auto-property or a readonly field: set in the constructor, never changed afterwards.</summary>
        private static bool IsReadOnlyState(ISymbol member) =>
            !member.IsStatic && member.DeclaringSyntaxReferences.Length > 0 &&
            (member is IFieldSymbol { IsReadOnly: true, Type.SpecialType: SpecialType.System_String } ||
             (member is IPropertySymbol { SetMethod: null, Type.SpecialType: SpecialType.System_String, IsIndexer: false } property &&
              property.DeclaringSyntaxReferences.All(r => r.GetSyntax() is PropertyDeclarationSyntax p && p.ExpressionBody == null &&
                                                          p.AccessorList != null && p.AccessorList.Accessors.All(a => a.Body == null && a.ExpressionBody == null))));

        /// <summary>The constructor parameter the member is assigned from, when that is its only assignment there.</summary>
        private static IParameterSymbol? ParameterStoredIn(IOperation constructorBody, ISymbol member)
        {
            IParameterSymbol? parameter = null;
            foreach (var operation in IOperationExtensions.DescendantsOf(constructorBody))
            {
                if (operation is ISimpleAssignmentOperation assignment && StoredMember(assignment.Target) is ISymbol target &&
                    SymbolEqualityComparer.Default.Equals(target, member))
                {
                    if (parameter != null || !(IOperationExtensions.Unwrap(assignment.Value) is IParameterReferenceOperation value))
                    {
                        return null;
                    }

                    parameter = value.Parameter;
                }
            }

            return parameter;
        }

        /// <summary>
        /// Every <c>new Handle(path, token)</c> in the handle's file comes after creates of that path that all write the
        /// token; and there is at least one.
        /// </summary>
        private static bool EveryConstructionWritesToken(KnownSymbols symbols, SemanticModel model, INamedTypeSymbol handle, IMethodSymbol constructor, IParameterSymbol pathParameter, IParameterSymbol tokenParameter)
        {
            var constructions = 0;
            foreach (var node in model.SyntaxTree.GetRoot().DescendantNodes())
            {
                if (!(node is BaseObjectCreationExpressionSyntax) || !(model.GetOperation(node) is IObjectCreationOperation creation) ||
                    !SymbolEqualityComparer.Default.Equals(creation.Type, handle))
                {
                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(creation.Constructor, constructor))
                {
                    return false;
                }

                var lockPath = creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, pathParameter))?.Value;
                var token = IOperationExtensions.Unwrap(creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, tokenParameter))?.Value ?? creation);
                if (lockPath == null || !(token is ILocalReferenceOperation || token is IParameterReferenceOperation) ||
                    !CreatesWriteToken(symbols, model, IOperationExtensions.MemberRoot(creation), lockPath, token))
                {
                    return false;
                }

                constructions++;
            }

            return constructions > 0;
        }

        private static bool CreatesWriteToken(KnownSymbols symbols, SemanticModel model, IOperation member, IOperation lockPath, IOperation token)
        {
            var creates = 0;
            foreach (var operation in IOperationExtensions.DescendantsOf(member))
            {
                if (!(operation is IInvocationOperation || operation is IObjectCreationOperation))
                {
                    continue;
                }

                var created = FileCalls.TryGetCreate(operation, symbols, out var create) ? create.Path : null;
                if (created == null || !PathIdentity.Same(created, lockPath))
                {
                    continue;
                }

                creates++;
                if (operation is IInvocationOperation { TargetMethod.Name: "WriteAllText" or "WriteAllTextAsync" } writeAll && writeAll.Arguments.Length >= 2)
                {
                    if (!TokenText.Holds(model, writeAll.Arguments[1].Value, token, 0))
                    {
                        return false;
                    }
                }
                else if (!(operation is IObjectCreationOperation) || !WritersHoldToken(model, member, token))
                {
                    return false;
                }
            }

            return creates > 0;
        }

        /// <summary>A stream opened on the path: every StreamWriter write in the member writes text holding the token.</summary>
        private static bool WritersHoldToken(SemanticModel model, IOperation member, IOperation token)
        {
            var writes = 0;
            foreach (var operation in IOperationExtensions.DescendantsOf(member))
            {
                if (operation is IInvocationOperation call && call.Instance?.Type?.Name == "StreamWriter" &&
                    call.TargetMethod.Name.StartsWith("Write", System.StringComparison.Ordinal))
                {
                    if (call.Arguments.Length != 1 || !TokenText.Holds(model, call.Arguments[0].Value, token, 0))
                    {
                        return false;
                    }

                    writes++;
                }
            }

            return writes > 0;
        }

        /// <summary>Text that holds the token as a whole word: the token itself, an interpolation with it between separators, or a helper returning such text.</summary>
        private static class TokenText
        {
            public static bool Holds(SemanticModel model, IOperation value, IOperation token, int depth)
            {
                value = IOperationExtensions.Unwrap(value);
                if (depth > 2)
                {
                    return false;
                }

                if (PathIdentity.Same(value, token) && (value is ILocalReferenceOperation || value is IParameterReferenceOperation))
                {
                    return true;
                }

                if (value is IInterpolatedStringOperation interpolated)
                {
                    var parts = interpolated.Parts;
                    for (var i = 0; i < parts.Length; i++)
                    {
                        if (parts[i] is IInterpolationOperation hole && hole.Alignment == null && hole.FormatString == null &&
                            Holds(model, hole.Expression, token, depth) &&
                            Separated(i == 0 ? null : parts[i - 1], atEnd: true) && Separated(i == parts.Length - 1 ? null : parts[i + 1], atEnd: false))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                // A same-type helper with an expression body: Format(token) => $"{pid}\n{stamp}\n{token}\n".
                if (value is IInvocationOperation helper && helper.TargetMethod.DeclaringSyntaxReferences.Length == 1 &&
                    helper.TargetMethod.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax { ExpressionBody: { } body } declaration &&
                    declaration.SyntaxTree == model.SyntaxTree)
                {
                    var argument = helper.Arguments.FirstOrDefault(a => a.Value != null && Holds(model, a.Value, token, depth + 1) &&
                                                                        IOperationExtensions.Unwrap(a.Value) is ILocalReferenceOperation or IParameterReferenceOperation);
                    if (argument?.Parameter == null || !(model.GetOperation(body.Expression) is IOperation returned))
                    {
                        return false;
                    }

                    var parameterUse = IOperationExtensions.DescendantsOf(returned).OfType<IParameterReferenceOperation>()
                        .FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Parameter, argument.Parameter));
                    return parameterUse != null && Holds(model, returned, parameterUse, depth + 1);
                }

                return false;
            }

            /// <summary>The text next to the hole does not run into it (a letter or digit would hide the token from a whole-word match).</summary>
            private static bool Separated(IOperation? neighbour, bool atEnd)
            {
                if (neighbour == null)
                {
                    return true;
                }

                if (!(neighbour is IInterpolatedStringTextOperation text) || !(text.Text.ConstantValue.Value is string literal) || literal.Length == 0)
                {
                    return false;
                }

                var next = atEnd ? literal[literal.Length - 1] : literal[0];
                return !char.IsLetterOrDigit(next);
            }
        }
    }
}
