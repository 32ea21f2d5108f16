using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// One level into a helper the lock code calls: a method of the same type declared in the same file, and the
    /// mapping of its parameters back to the call's arguments. Used by the steal family (LCK002, LCK003) and the LCK003 fix.
    /// </summary>
    internal static class SameTypeHelpers
    {
        /// <summary>The body operation of a method of <paramref name="owningSymbol"/>'s type declared in the same file, or null.</summary>
        public static IOperation? BodyOf(IInvocationOperation invocation, ISymbol owningSymbol)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind != MethodKind.Ordinary || owningSymbol.ContainingType == null ||
                !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, owningSymbol.ContainingType.OriginalDefinition) ||
                method.DeclaringSyntaxReferences.Length != 1 || invocation.SemanticModel == null)
            {
                return null;
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (syntax.SyntaxTree != invocation.Syntax.SyntaxTree || !(syntax is MethodDeclarationSyntax declaration))
            {
                return null;
            }

            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            return body == null ? null : invocation.SemanticModel.GetOperation(declaration);
        }

        /// <summary>Maps a helper's parameter reference back to the argument the call passes for it.</summary>
        public static IOperation? MapToCallSite(IOperation? helperPath, IInvocationOperation call)
        {
            if (helperPath == null)
            {
                return null;
            }

            if (helperPath.Unwrap() is IParameterReferenceOperation parameter)
            {
                foreach (var argument in call.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.Parameter.OriginalDefinition))
                    {
                        return argument.Value;
                    }
                }

                return null;
            }

            return helperPath;
        }
    }
}
