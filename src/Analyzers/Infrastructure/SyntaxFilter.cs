using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>Name-only tests on syntax, run before anything is bound, so most calls cost a string compare.</summary>
    internal static class SyntaxFilter
    {
        /// <summary>The simple name a call invokes (<c>File.Delete(x)</c>, <c>info.Delete()</c>, <c>Delete(x)</c>), else null.</summary>
        public static string? InvokedName(SyntaxNode node)
        {
            if (!(node is InvocationExpressionSyntax invocation))
            {
                return null;
            }

            return invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax name => name.Identifier.ValueText,
                _ => null,
            };
        }

        /// <summary>A call with a creating name, <c>new FileStream/StreamWriter(...)</c>, or a target-typed <c>new(...)</c>.</summary>
        public static bool MayBeCreate(SyntaxNode node)
        {
            switch (node)
            {
                case InvocationExpressionSyntax _:
                    var name = InvokedName(node);
                    return name != null && FileCalls.MayBeCreateName(name);
                case ObjectCreationExpressionSyntax _:
                    var typeName = CreatedTypeName(node);
                    return typeName == "FileStream" || typeName == "StreamWriter";
                case ImplicitObjectCreationExpressionSyntax _:
                    return MayBeFileStreamOrWriter(node);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether a target-typed <c>new(...)</c> may create a FileStream or StreamWriter from a path: it has arguments
        /// (neither type has a parameterless constructor), and when it initializes a declaration, the declared type may be
        /// one (a keyword, generic, array, tuple or pointer type never is, alias or not).
        /// </summary>
        public static bool MayBeFileStreamOrWriter(SyntaxNode node)
        {
            if (!(node is ImplicitObjectCreationExpressionSyntax creation) || creation.ArgumentList.Arguments.Count == 0)
            {
                return false;
            }

            var declared = creation.Parent is EqualsValueClauseSyntax initializer
                ? initializer.Parent switch
                {
                    VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
                    PropertyDeclarationSyntax property => property.Type,
                    _ => null,
                }
                : null;
            while (declared is NullableTypeSyntax nullable)
            {
                declared = nullable.ElementType;
            }

            if (declared is QualifiedNameSyntax qualified)
            {
                declared = qualified.Right;
            }
            else if (declared is AliasQualifiedNameSyntax aliasQualified)
            {
                declared = aliasQualified.Name;
            }

            return !(declared is PredefinedTypeSyntax || declared is GenericNameSyntax || declared is ArrayTypeSyntax ||
                declared is TupleTypeSyntax || declared is PointerTypeSyntax || declared is FunctionPointerTypeSyntax);
        }

        /// <summary>The simple type name of <c>new T(...)</c> (<c>new System.IO.FileStream(...)</c> gives FileStream), else null.</summary>
        public static string? CreatedTypeName(SyntaxNode node)
        {
            if (!(node is ObjectCreationExpressionSyntax creation))
            {
                return null;
            }

            return creation.Type switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
        }
    }
}
