using System;
using System.Collections.Concurrent;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// Maps a callee's own field to what the caller passed when it built the callee's object: <c>_content = new
    /// LockModel(_path)</c> in the lock class, <c>LockModel(string path) { _path = path; }</c>, so the write that
    /// <c>_content.TrySetReleaseDate(...)</c> does to <c>LockModel._path</c> is a write to the lock class's <c>_path</c>.
    /// Only where the code says so without a guess: the callee's field is assigned once, in a constructor, straight from
    /// one of its parameters; the receiver is a field or property of the caller's type (or the object being constructed)
    /// assigned once, with that constructor; and the argument is something the caller can name itself (its own field or
    /// property, a constant).
    /// </summary>
    /// <remarks>Both look-ups scan the declaring type's syntax once per member and are kept for the compilation.</remarks>
    internal sealed class ReceiverPaths
    {
        private readonly Func<SyntaxTree, SemanticModel?> _modelOf;
        private readonly ConcurrentDictionary<ISymbol, (IMethodSymbol? Constructor, int Ordinal)> _fromParameter =
            new ConcurrentDictionary<ISymbol, (IMethodSymbol?, int)>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<ISymbol, IObjectCreationOperation?> _builtWith =
            new ConcurrentDictionary<ISymbol, IObjectCreationOperation?>(SymbolEqualityComparer.Default);

        public ReceiverPaths(Func<SyntaxTree, SemanticModel?> modelOf)
        {
            _modelOf = modelOf;
        }

        /// <summary>
        /// The caller's name for <paramref name="path"/> (a member of the callee's own object) at <paramref name="call"/>,
        /// or null when it has none.
        /// </summary>
        public IOperation? Map(IOperation path, IMethodSymbol callee, IOperation call)
        {
            var member = OwnMember(path);
            if (member == null || callee.IsStatic || !SameType(member.ContainingType, callee.ContainingType))
            {
                return null;
            }

            var (constructor, ordinal) = _fromParameter.GetOrAdd(member, FindParameter);
            if (constructor == null)
            {
                return null;
            }

            IObjectCreationOperation? creation;
            bool nameable;
            switch (call)
            {
                case IObjectCreationOperation created:
                    // The object being built: the caller wrote the argument itself.
                    creation = created;
                    nameable = false;
                    break;
                case IInvocationOperation invocation when invocation.Instance != null:
                    creation = BuiltWith(invocation.Instance);
                    nameable = true;
                    break;
                case IPropertyReferenceOperation property when property.Instance != null:
                    creation = BuiltWith(property.Instance);
                    nameable = true;
                    break;
                default:
                    return null;
            }

            if (creation?.Constructor == null || !SymbolEqualityComparer.Default.Equals(creation.Constructor.OriginalDefinition, constructor))
            {
                return null;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return !nameable || IsNameable(argument.Value) ? argument.Value : null;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="receiver"/> (a field or property of the caller's type) is always built with
        /// <paramref name="path"/> as one of its constructor's arguments: the object stands for that file.
        /// </summary>
        public bool IsBuiltWith(IOperation receiver, IOperation path)
        {
            var creation = BuiltWith(receiver);
            if (creation == null)
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && PathIdentity.Same(argument.Value, path))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A field or property of the object itself (<c>_path</c>, <c>this.Path</c>).</summary>
        private static ISymbol? OwnMember(IOperation path) => IOperationExtensions.Unwrap(path) switch
        {
            IFieldReferenceOperation field when field.Instance is IInstanceReferenceOperation && !field.Field.IsStatic => field.Field.OriginalDefinition,
            IPropertyReferenceOperation property when property.Instance is IInstanceReferenceOperation && !property.Property.IsStatic &&
                                                      property.Arguments.IsEmpty => property.Property.OriginalDefinition,
            _ => null,
        };

        private static bool SameType(INamedTypeSymbol? a, INamedTypeSymbol? b) =>
            a != null && b != null && SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);

        /// <summary>The object creation the receiver (a field or property of the caller's type) is always built with.</summary>
        private IObjectCreationOperation? BuiltWith(IOperation receiver)
        {
            var member = IOperationExtensions.Unwrap(receiver) switch
            {
                IFieldReferenceOperation field when field.Instance == null || field.Instance is IInstanceReferenceOperation => (ISymbol)field.Field.OriginalDefinition,
                IPropertyReferenceOperation property when (property.Instance == null || property.Instance is IInstanceReferenceOperation) &&
                                                          property.Arguments.IsEmpty => property.Property.OriginalDefinition,
                _ => null,
            };
            return member == null ? null : _builtWith.GetOrAdd(member, FindCreation);
        }

        /// <summary>Whether the caller can name the argument as it is: its own field or property, or a constant.</summary>
        private static bool IsNameable(IOperation argument) =>
            IOperationExtensions.Unwrap(argument) switch
            {
                IFieldReferenceOperation field => field.Instance == null || field.Instance is IInstanceReferenceOperation,
                IPropertyReferenceOperation property => (property.Instance == null || property.Instance is IInstanceReferenceOperation) && property.Arguments.IsEmpty,
                var other => other.ConstantValue.HasValue,
            };

        /// <summary>The constructor and parameter a member is assigned from, when that is its only assignment.</summary>
        private (IMethodSymbol? Constructor, int Ordinal) FindParameter(ISymbol member)
        {
            (IMethodSymbol?, int) found = (null, -1);
            var assignments = 0;
            foreach (var (value, model, declaration) in Assignments(member))
            {
                if (++assignments > 1 || value == null || !(declaration is ConstructorDeclarationSyntax constructor) || constructor.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StaticKeyword))
                {
                    return (null, -1);
                }

                var operation = model.GetOperation(value);
                if (operation == null || !(IOperationExtensions.Unwrap(operation) is IParameterReferenceOperation parameter) ||
                    !(parameter.Parameter.ContainingSymbol is IMethodSymbol owner) || owner.MethodKind != MethodKind.Constructor)
                {
                    return (null, -1);
                }

                found = (owner.OriginalDefinition, parameter.Parameter.Ordinal);
            }

            return found;
        }

        /// <summary>The object creation a receiver member is built with, when that is its only assignment.</summary>
        private IObjectCreationOperation? FindCreation(ISymbol member)
        {
            IObjectCreationOperation? found = null;
            var assignments = 0;
            foreach (var (value, model, _) in Assignments(member))
            {
                if (++assignments > 1 || value == null)
                {
                    return null;
                }

                found = model.GetOperation(value) is IOperation operation ? IOperationExtensions.Unwrap(operation) as IObjectCreationOperation : null;
                if (found == null)
                {
                    return null;
                }
            }

            return found;
        }

        /// <summary>
        /// Every place the member gets a value in its type's source: initializers and assignments (the assigned
        /// expression, null when it is written another way, such as <c>ref</c> or <c>+=</c>), with the member that does it.
        /// </summary>
        private System.Collections.Generic.IEnumerable<(ExpressionSyntax? Value, SemanticModel Model, SyntaxNode? Member)> Assignments(ISymbol member)
        {
            var type = member.ContainingType;
            if (type == null)
            {
                yield break;
            }

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax();
                var model = _modelOf(declaration.SyntaxTree);
                if (model == null)
                {
                    yield return (null, null!, null);
                    yield break;
                }

                switch (declaration)
                {
                    case VariableDeclaratorSyntax variable when variable.Initializer != null:
                        yield return (variable.Initializer.Value, model, null);
                        break;
                    case PropertyDeclarationSyntax property when property.Initializer != null:
                        yield return (property.Initializer.Value, model, null);
                        break;
                    case PropertyDeclarationSyntax property when property.ExpressionBody != null || HasAccessorBody(property):
                        // Computed: not one stored value.
                        yield return (null, model, null);
                        yield break;
                }
            }

            foreach (var typeReference in type.DeclaringSyntaxReferences)
            {
                var typeSyntax = typeReference.GetSyntax();
                var model = _modelOf(typeSyntax.SyntaxTree);
                if (model == null)
                {
                    yield return (null, null!, null);
                    yield break;
                }

                foreach (var node in typeSyntax.DescendantNodes())
                {
                    if (!(node is IdentifierNameSyntax name) || name.Identifier.ValueText != member.Name || !SyntaxWrites.IsWritten(name, out var value))
                    {
                        continue;
                    }

                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, member))
                    {
                        continue;
                    }

                    yield return (value, model, EnclosingMember(name));
                }
            }
        }

        private static bool HasAccessorBody(PropertyDeclarationSyntax property)
        {
            if (property.AccessorList == null)
            {
                return false;
            }

            foreach (var accessor in property.AccessorList.Accessors)
            {
                if (accessor.Body != null || accessor.ExpressionBody != null)
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? EnclosingMember(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is MemberDeclarationSyntax)
                {
                    return ancestor;
                }
            }

            return null;
        }
    }
}
