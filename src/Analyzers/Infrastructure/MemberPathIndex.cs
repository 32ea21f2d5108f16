using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>How a value reached a local or field.</summary>
    internal enum AssignmentKind
    {
        /// <summary>The local's declaration initializer.</summary>
        Declaration,

        /// <summary><c>x = value</c>.</summary>
        Simple,

        /// <summary><c>x += value</c>, <c>x ??= value</c> and the other compound forms.</summary>
        Compound,

        /// <summary><c>Parse(text, out x)</c>: the value recorded is the call's first argument, the text parsed.</summary>
        OutArgument,
    }

    /// <summary>One value a local or field gets in the member, in tree order.</summary>
    internal readonly struct AssignedValue
    {
        public AssignedValue(IOperation value, AssignmentKind kind)
        {
            Value = value;
            Kind = kind;
        }

        public IOperation Value { get; }

        public AssignmentKind Kind { get; }
    }

    /// <summary>
    /// The values a member gives its locals and fields, and the keys of the paths it opens with
    /// <c>FileMode.CreateNew</c>, gathered in one walk per member body and shared by every rule and fix that follows a
    /// value: no rule walks a member to find what a local holds. Keyed weakly by the member's root operation, so
    /// nothing outlives the driver's operation tree.
    /// </summary>
    internal sealed class MemberPathIndex
    {
        private static readonly ConditionalWeakTable<IOperation, MemberPathIndex> ByRoot = new ConditionalWeakTable<IOperation, MemberPathIndex>();
        private static readonly ConditionalWeakTable<IOperation, MemberPathIndex>.CreateValueCallback Build = root => new MemberPathIndex(root);
        private static readonly List<AssignedValue> None = new List<AssignedValue>();

        private readonly Dictionary<ISymbol, List<AssignedValue>> _values = new Dictionary<ISymbol, List<AssignedValue>>(SymbolEqualityComparer.Default);
        private List<IOperation>? _createNewPaths;

        private MemberPathIndex(IOperation root)
        {
            foreach (var descendant in IOperationExtensions.DescendantsOf(root))
            {
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator:
                        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer != null)
                        {
                            Add(declarator.Symbol, initializer.Value, AssignmentKind.Declaration);
                        }

                        break;

                    case IAssignmentOperation assignment when TargetOf(assignment.Target) is ISymbol target:
                        Add(target, assignment.Value, assignment is ISimpleAssignmentOperation ? AssignmentKind.Simple : AssignmentKind.Compound);
                        break;

                    case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.Out &&
                                                          argument.Parent is IInvocationOperation call && call.Arguments.Length > 0 &&
                                                          OutTargetOf(argument.Value) is ISymbol outTarget:
                        Add(outTarget, call.Arguments[0].Value, AssignmentKind.OutArgument);
                        break;

                    case IObjectCreationOperation creation:
                        AddIfCreateNew(creation.Arguments);
                        break;

                    case IInvocationOperation invocation:
                        AddIfCreateNew(invocation.Arguments);
                        break;
                }
            }
        }

        /// <summary>The index of the member that holds <paramref name="operation"/>.</summary>
        public static MemberPathIndex Of(IOperation operation) => ByRoot.GetValue(operation.MemberRoot(), Build);

        /// <summary>Every value the member gives <paramref name="symbol"/> (a local or a field), in tree order.</summary>
        public List<AssignedValue> AssignmentsOf(ISymbol symbol) => _values.TryGetValue(symbol, out var values) ? values : None;

        /// <summary>The values the member's declarators and simple assignments give <paramref name="local"/>, in tree order.</summary>
        public IEnumerable<IOperation> ValuesOf(ILocalSymbol local)
        {
            foreach (var assigned in AssignmentsOf(local))
            {
                if (assigned.Kind == AssignmentKind.Declaration || assigned.Kind == AssignmentKind.Simple)
                {
                    yield return assigned.Value;
                }
            }
        }

        /// <summary>Every value assigned to a local or field: initializer, assignments, and the text a Parse-like call reads into it.</summary>
        public IEnumerable<IOperation> AssignedValues(ISymbol symbol)
        {
            foreach (var assigned in AssignmentsOf(symbol))
            {
                yield return assigned.Value;
            }
        }

        /// <summary>The local's declaration initializer, or null.</summary>
        public IOperation? DeclaredValue(ILocalSymbol local)
        {
            foreach (var assigned in AssignmentsOf(local))
            {
                if (assigned.Kind == AssignmentKind.Declaration)
                {
                    return assigned.Value;
                }
            }

            return null;
        }

        /// <summary>The value a local gets when it is assigned exactly once in the member (declaration, assignment or out argument).</summary>
        public IOperation? SingleValue(ILocalSymbol local)
        {
            var values = AssignmentsOf(local);
            return values.Count == 1 ? values[0].Value : null;
        }

        /// <summary>The local's declaration initializer when no assignment (simple or compound) changes it afterwards.</summary>
        public IOperation? UnchangedInitializer(ILocalSymbol local)
        {
            IOperation? initializer = null;
            foreach (var assigned in AssignmentsOf(local))
            {
                switch (assigned.Kind)
                {
                    case AssignmentKind.Declaration:
                        initializer = assigned.Value;
                        break;
                    case AssignmentKind.Simple:
                    case AssignmentKind.Compound:
                        return null;
                }
            }

            return initializer;
        }

        /// <summary>The path operands (first arguments) of the member's calls and constructors that pass <c>FileMode.CreateNew</c>.</summary>
        public IReadOnlyList<IOperation> CreateNewPaths => (IReadOnlyList<IOperation>?)_createNewPaths ?? System.Array.Empty<IOperation>();

        private static ISymbol? TargetOf(IOperation target) =>
            target switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };

        private static ISymbol? OutTargetOf(IOperation value) =>
            value switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                IDeclarationExpressionOperation declaration when declaration.Expression is ILocalReferenceOperation declared => declared.Local,
                _ => null,
            };

        private void Add(ISymbol symbol, IOperation value, AssignmentKind kind)
        {
            if (!_values.TryGetValue(symbol, out var values))
            {
                values = new List<AssignedValue>(1);
                _values.Add(symbol, values);
            }

            values.Add(new AssignedValue(value, kind));
        }

        private void AddIfCreateNew(ImmutableArray<IArgumentOperation> arguments)
        {
            if (arguments.Length < 2)
            {
                return;
            }

            foreach (var argument in arguments)
            {
                if (KnownSymbols.IsFileModeType(argument.Value.Type) &&
                    argument.Value.ConstantValue.HasValue &&
                    argument.Value.ConstantValue.Value is int mode &&
                    mode == KnownSymbols.FileModeCreateNew)
                {
                    (_createNewPaths ??= new List<IOperation>(1)).Add(arguments[0].Value);
                    return;
                }
            }
        }
    }
}
