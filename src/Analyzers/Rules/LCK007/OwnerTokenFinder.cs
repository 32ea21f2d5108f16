using System;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK007
{
    /// <summary>
    /// Finds what this type writes into the lock at acquisition (<c>File.WriteAllText(lockPath, X)</c>) when X can be
    /// written again at release and mean the same thing: a field holding a token, the process id, literals and their
    /// ToString/interpolation. The LCK007 fix passes that text to <c>LockFile.Release(path, ownerToken)</c>. A handle
    /// whose lock is written by the type that constructs it is left to <see cref="ConstructedOwnerToken"/>.
    /// </summary>
    internal static class OwnerTokenFinder
    {
        public static string? Find(KnownSymbols symbols, SemanticModel model, IInvocationOperation delete, IOperation path)
        {
            var type = delete.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            var releaseSymbol = model.GetEnclosingSymbol(delete.Syntax.SpanStart);
            if (type == null || releaseSymbol == null)
            {
                return null;
            }

            var releaseIsStatic = IsInStaticContext(releaseSymbol);
            string? found = null;
            var writesFound = false;
            foreach (var node in type.DescendantNodes())
            {
                if (!(node is InvocationExpressionSyntax invocationSyntax) || !(invocationSyntax.Expression is MemberAccessExpressionSyntax access) ||
                    (access.Name.Identifier.ValueText != "WriteAllText" && access.Name.Identifier.ValueText != "WriteAllTextAsync"))
                {
                    continue;
                }

                if (!(model.GetOperation(invocationSyntax) is IInvocationOperation write) ||
                    !KnownSymbols.Is(write.TargetMethod.ContainingType, symbols.File) || write.Arguments.Length < 2 ||
                    !PathIdentity.Same(write.Arguments[0].Value, path))
                {
                    continue;
                }

                writesFound = true;
                var token = TokenText(symbols, write.Arguments[1].Value, releaseIsStatic, 0);
                if (token == null || (found != null && found != token))
                {
                    // A write we cannot repeat, or two acquisitions writing different things: no honest token.
                    return null;
                }

                found = token;
            }

            return found ?? (writesFound ? null : ConstructedOwnerToken.Find(symbols, model, delete, path));
        }

        private static bool IsInStaticContext(ISymbol symbol)
        {
            for (var current = symbol; current != null && !(current is INamedTypeSymbol); current = current.ContainingSymbol)
            {
                if (current.IsStatic && !(current is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) &&
                    !(current is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The source text of a value that evaluates to the same string at release, or null.</summary>
        private static string? TokenText(KnownSymbols symbols, IOperation value, bool releaseIsStatic, int depth)
        {
            if (depth > 4)
            {
                return null;
            }

            value = IOperationExtensions.Unwrap(value);
            if (value is ILocalReferenceOperation local)
            {
                return LocalTokenText(symbols, local, releaseIsStatic, depth);
            }

            return IsRepeatable(symbols, value, releaseIsStatic) ? value.Syntax.ToString() : null;
        }

        /// <summary>A local written into the lock: the field it is stored in, or its initializer when repeatable.</summary>
        private static string? LocalTokenText(KnownSymbols symbols, ILocalReferenceOperation local, bool releaseIsStatic, int depth)
        {
            foreach (var operation in IOperationExtensions.DescendantsOf(IOperationExtensions.MemberRoot(local)))
            {
                if (operation is ISimpleAssignmentOperation assignment &&
                    IOperationExtensions.Unwrap(assignment.Value) is ILocalReferenceOperation stored &&
                    SymbolEqualityComparer.Default.Equals(stored.Local, local.Local) &&
                    (assignment.Target is IFieldReferenceOperation || assignment.Target is IPropertyReferenceOperation) &&
                    IsRepeatable(symbols, assignment.Target, releaseIsStatic))
                {
                    return assignment.Target.Syntax.ToString();
                }
            }

            var initializer = MemberPathIndex.Of(local).DeclaredValue(local.Local);
            return initializer == null ? null : TokenText(symbols, initializer, releaseIsStatic, depth + 1);
        }

        private static bool IsRepeatable(KnownSymbols symbols, IOperation value, bool releaseIsStatic)
        {
            value = IOperationExtensions.Unwrap(value);
            switch (value)
            {
                case ILiteralOperation _:
                    return true;

                case IFieldReferenceOperation field:
                    return field.Field.IsStatic ? field.Instance == null : (!releaseIsStatic && field.Instance is IInstanceReferenceOperation);

                case IPropertyReferenceOperation property:
                    if (IsProcessId(symbols, property))
                    {
                        return true;
                    }

                    if (property.Property.ContainingType?.Name == "CultureInfo" || (KnownSymbols.Is(property.Property.ContainingType, symbols.Environment) && property.Property.Name == "MachineName"))
                    {
                        return true;
                    }

                    return property.Property.IsStatic
                        ? property.Instance == null && property.Property.DeclaringSyntaxReferences.Length > 0
                        : !releaseIsStatic && property.Instance is IInstanceReferenceOperation && property.Property.DeclaringSyntaxReferences.Length > 0;

                case IInvocationOperation invocation when invocation.TargetMethod.Name == "ToString" && invocation.Instance != null:
                    if (!IsRepeatable(symbols, invocation.Instance, releaseIsStatic))
                    {
                        return false;
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (!IsRepeatable(symbols, argument.Value, releaseIsStatic))
                        {
                            return false;
                        }
                    }

                    return true;

                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole &&
                            (!IsRepeatable(symbols, hole.Expression, releaseIsStatic) || (hole.FormatString != null && !(hole.FormatString is ILiteralOperation))))
                        {
                            return false;
                        }
                    }

                    return true;

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add:
                    return IsRepeatable(symbols, binary.LeftOperand, releaseIsStatic) && IsRepeatable(symbols, binary.RightOperand, releaseIsStatic);

                default:
                    return false;
            }
        }

        /// <summary><c>Environment.ProcessId</c> or <c>Process.GetCurrentProcess().Id</c>.</summary>
        private static bool IsProcessId(KnownSymbols symbols, IPropertyReferenceOperation property)
        {
            if (property.Property.Name == "ProcessId" && KnownSymbols.Is(property.Property.ContainingType, symbols.Environment))
            {
                return true;
            }

            return property.Property.Name == "Id" && KnownSymbols.Is(property.Property.ContainingType, symbols.Process) &&
                   property.Instance is IInvocationOperation current && current.TargetMethod.Name == "GetCurrentProcess";
        }
    }
}
