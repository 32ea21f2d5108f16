using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What <see cref="LockPathRecognizer"/> looks up in a member, gathered in one walk per member body and shared by
    /// every rule and every path asked about: the values assigned to each local (in tree order) and the keys of the
    /// paths opened with <c>FileMode.CreateNew</c>. Before, each local followed and each path tested walked the member
    /// again. Keyed weakly by the member's root operation, so nothing outlives the driver's operation tree.
    /// </summary>
    internal sealed class MemberPathIndex
    {
        private const int FileModeCreateNew = 1;

        private static readonly ConditionalWeakTable<IOperation, MemberPathIndex> ByRoot = new ConditionalWeakTable<IOperation, MemberPathIndex>();
        private static readonly ConditionalWeakTable<IOperation, MemberPathIndex>.CreateValueCallback Build = root => new MemberPathIndex(root);
        private static readonly List<IOperation> None = new List<IOperation>();

        private readonly Dictionary<ILocalSymbol, List<IOperation>> _localValues = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        private readonly HashSet<string> _createNewKeys = new HashSet<string>();

        private MemberPathIndex(IOperation root)
        {
            foreach (var descendant in root.Descendants())
            {
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator:
                        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer != null)
                        {
                            Add(declarator.Symbol, initializer.Value);
                        }

                        break;

                    case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target:
                        Add(target.Local, assignment.Value);
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

        public static MemberPathIndex Of(IOperation root) => ByRoot.GetValue(root, Build);

        /// <summary>The values the member's declarators and simple assignments give <paramref name="local"/>, in tree order.</summary>
        public List<IOperation> ValuesOf(ILocalSymbol local) => _localValues.TryGetValue(local, out var values) ? values : None;

        /// <summary>Whether a call or constructor in the member opens the path with this key with <c>FileMode.CreateNew</c>.</summary>
        public bool OpensCreateNew(string key) => _createNewKeys.Contains(key);

        private void Add(ILocalSymbol local, IOperation value)
        {
            if (!_localValues.TryGetValue(local, out var values))
            {
                values = new List<IOperation>(1);
                _localValues.Add(local, values);
            }

            values.Add(value);
        }

        private void AddIfCreateNew(ImmutableArray<IArgumentOperation> arguments)
        {
            if (arguments.Length < 2)
            {
                return;
            }

            var createNew = false;
            foreach (var argument in arguments)
            {
                if (IsCreateNew(argument))
                {
                    createNew = true;
                    break;
                }
            }

            var opened = createNew ? PathIdentity.KeyOf(arguments[0].Value) : null;
            if (opened != null)
            {
                _createNewKeys.Add(opened);
            }
        }

        private static bool IsCreateNew(IArgumentOperation argument) =>
            argument.Value.Type?.Name == "FileMode" &&
            argument.Value.ConstantValue.HasValue &&
            argument.Value.ConstantValue.Value is int mode &&
            mode == FileModeCreateNew;
    }
}
