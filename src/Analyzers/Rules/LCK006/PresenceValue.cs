using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>
    /// A value read from the lock that is null when the lock file is missing (<c>Pid.GetPid()</c>, <c>ReadPid()</c>,
    /// <c>locker.GetLockedProcess()</c>, or a local holding one), so that comparing it with null tests the lock:
    /// <c>if (Pid.GetPid() != null) ... else create</c>, <c>var p = locker.GetLockedProcess(); if (p == null) { ... create }</c>.
    /// </summary>
    internal static class PresenceValue
    {
        /// <summary>
        /// Whether <paramref name="value"/> is null whenever <paramref name="createPath"/> is missing; the local it was
        /// read through, if any (an operand that uses that local judges the same lock).
        /// </summary>
        public static bool Of(IOperation value, EffectSummaries effects, SemanticModel model, IOperation createPath, out ILocalSymbol? local)
        {
            local = null;
            value = IOperationExtensions.Unwrap(value);
            if (value is ILocalReferenceOperation reference)
            {
                var read = SingleValue(reference.Local, model);
                if (read == null)
                {
                    return false;
                }

                local = reference.Local;
                value = read;
            }

            return (value is IInvocationOperation || value is IPropertyReferenceOperation) &&
                   effects.TryGetReturnedPresence(value, out var test) && test != null && PathIdentity.Same(test.Path, createPath);
        }

        /// <summary>The local's initializer when it is a call or property read and the local is never written again.</summary>
        private static IOperation? SingleValue(ILocalSymbol local, SemanticModel model)
        {
            if (local.DeclaringSyntaxReferences.Length != 1 || local.IsRef ||
                !(local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax declarator) || declarator.Initializer == null ||
                declarator.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            var scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<CompilationUnitSyntax>();
            if (scope == null)
            {
                return null;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name && SyntaxWrites.IsWritten(name, out _) &&
                    SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local))
                {
                    return null;
                }
            }

            var initializer = model.GetOperation(declarator.Initializer.Value);
            return initializer == null ? null : IOperationExtensions.Unwrap(initializer);
        }

        /// <summary>
        /// Whether <paramref name="operand"/> judges the same lock: it uses the local the presence value was read through
        /// (<c>IsProcessRunning(pid.Value)</c>), it reads the lock itself through a call (<c>IsStale(lockPath)</c>), or it
        /// asks an object built with the lock's path (<c>!await content.CanModify()</c> with <c>content = new
        /// LockModel(lockPath)</c>). An unrelated flag (<c>&amp;&amp; !force</c>) does not.
        /// </summary>
        public static bool Judges(IOperation operand, ILocalSymbol? local, EffectSummaries? effects, KnownSymbols symbols, IOperation createPath)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(operand))
            {
                if (local != null && operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }

                if (!(operation is IInvocationOperation || operation is IPropertyReferenceOperation || operation is IObjectCreationOperation))
                {
                    continue;
                }

                // A question to the lock's own object (content.CanModify(), built as new LockModel(lockPath)).
                var receiver = operation is IInvocationOperation invocation ? invocation.Instance : (operation as IPropertyReferenceOperation)?.Instance;
                if (effects != null && receiver != null && !(receiver is IInstanceReferenceOperation) && effects.Receivers.IsBuiltWith(receiver, createPath))
                {
                    return true;
                }

                var direct = DirectEffects.Of(operation, symbols);
                if (direct != null)
                {
                    if (direct.Path != null && PathIdentity.Same(direct.Path, createPath))
                    {
                        return true;
                    }

                    continue;
                }

                if (effects == null)
                {
                    continue;
                }

                foreach (var effect in effects.EffectsAt(operation))
                {
                    if (effect.Path != null && PathIdentity.Same(effect.Path, createPath))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
