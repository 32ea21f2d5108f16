using System;
using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// Whether an identifier with a lock word may stand for a lock file where it is written: a path (a string, a
    /// <c>FileInfo</c>), an object of a source type that may wrap one (<c>_fileLock</c>), a lock-named source type
    /// (<c>FileLock</c>), or a source member that may touch files (<c>DeleteLock</c>, <c>IsLocked</c>). Judged from
    /// syntax and the declaration table only, before anything is bound.
    /// </summary>
    /// <remarks>
    /// A lock word is just as often on things that cannot be: a framework member or type (<c>bmp.LockBits</c>,
    /// <c>ImageLockMode</c>, <c>SemaphoreSlim</c>), an in-process lock kept in a field (<c>ReaderWriterLockSlim
    /// DbLock</c>, <c>Dictionary&lt;Guid, SemaphoreSlim&gt; _userLocks</c>), a flag or a count (<c>bool lockBitmap</c>,
    /// <c>bool? LockData</c>), or a source member with no file in reach (<c>LockCursorToWindow</c>). Such a word makes
    /// no block a lock context: every through-helper finding needs its path to be a lock path, and none of these
    /// can give it one.
    /// </remarks>
    internal static class LockWordUses
    {
        /// <summary>Types a lock path or an open lock file is held in, by name (System.IO and System.IO.Abstractions).</summary>
        private static readonly HashSet<string> PathTypeNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "String", "FileInfo", "IFileInfo", "FileSystemInfo", "IFileSystemInfo", "FileStream", "Stream", "SafeFileHandle",
        };

        /// <param name="token">An identifier token whose name has a lock word.</param>
        /// <param name="block">The code block that holds it.</param>
        /// <param name="lockWordPositions">Where the tree's text holds a lock word, ascending.</param>
        /// <param name="locals">The block's declared names with a lock word, filled on first use.</param>
        public static bool MayNameLockFile(SyntaxToken token, SyntaxNode block, IReadOnlyList<int> lockWordPositions, ref Dictionary<string, LocalDeclaration>? locals, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            switch (token.Parent)
            {
                case VariableDeclaratorSyntax declarator:
                    return DeclaredMayHold((declarator.Parent as VariableDeclarationSyntax)?.Type, declarator.Initializer?.Value, effects);
                case ParameterSyntax parameter:
                    return TypeMayHold(parameter.Type, effects);
                case SingleVariableDesignationSyntax designation:
                    return TypeMayHold(DesignatedType(designation), effects);
                case ForEachStatementSyntax forEach:
                    return TypeMayHold(forEach.Type, effects);
                case CatchDeclarationSyntax caught:
                    return TypeMayHold(caught.Type, effects);
                case MethodDeclarationSyntax method:
                    return TakesPath(method.ParameterList);
                case ConstructorDeclarationSyntax _:
                case DestructorDeclarationSyntax _:
                    // The type's name: a lock-named type makes all its blocks lock context already.
                    return false;
                case LocalFunctionStatementSyntax local:
                    return TakesPath(local.ParameterList);
                case SimpleNameSyntax name:
                    return NameMayNameLockFile(name, block, lockWordPositions, ref locals, effects, recognizer);
                default:
                    return true;
            }
        }

        /// <summary>
        /// A member named for a lock makes its path parameters lock paths (<c>DeleteLock(string path)</c>); one that
        /// takes none (a test named <c>LockAsync_WhenDisposed_Throws</c>) says nothing by its name.
        /// </summary>
        private static bool TakesPath(ParameterListSyntax parameters)
        {
            foreach (var parameter in parameters.Parameters)
            {
                switch (parameter.Type)
                {
                    case null:
                        return true;
                    case PredefinedTypeSyntax predefined when predefined.Keyword.IsKind(SyntaxKind.StringKeyword):
                        return true;
                    case NullableTypeSyntax nullable when nullable.ElementType is PredefinedTypeSyntax element && element.Keyword.IsKind(SyntaxKind.StringKeyword):
                        return true;
                    case TypeSyntax type when PathTypeNames.Contains(RightmostName(type)):
                        return true;
                }
            }

            return false;
        }

        private static string RightmostName(TypeSyntax type) => type switch
        {
            NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };

        private static bool NameMayNameLockFile(SimpleNameSyntax name, SyntaxNode block, IReadOnlyList<int> lockWordPositions, ref Dictionary<string, LocalDeclaration>? locals, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            var text = name.Identifier.ValueText;
            if (SyntaxFacts.IsInTypeOnlyContext(name) || name.Parent is ObjectCreationExpressionSyntax)
            {
                return IsLockType(effects.Names.Named(text), recognizer, effects);
            }

            var isMemberName = name.Parent is MemberAccessExpressionSyntax access && access.Name == name || name.Parent is MemberBindingExpressionSyntax;
            if (!isMemberName)
            {
                locals ??= LocalsOf(block, lockWordPositions);
                if (locals.TryGetValue(text, out var declared))
                {
                    return declared.Ambiguous || DeclaredMayHold(declared.Type, declared.Initializer, effects);
                }
            }

            // A field, property, method or type of the compilation's own; any other name is the framework's (or a
            // package's), whose members hold no lock path of the user's.
            foreach (var symbol in effects.Names.Named(text))
            {
                if (MemberMayNameLockFile(symbol, effects, recognizer))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MemberMayNameLockFile(ISymbol symbol, EffectSummaries effects, LockPathRecognizer recognizer)
        {
            if (IsGeneratedOnly(symbol))
            {
                // A designer's resource string (Resources.LockMenu) or a generated member: no lock path of the user's.
                return false;
            }

            switch (symbol)
            {
                case IFieldSymbol field:
                    return TypeMayHold(field.Type, effects);
                case IPropertySymbol property:
                    return TypeMayHold(property.Type, effects) || property.GetMethod != null && effects.MayHaveEffects(property.GetMethod);
                case IMethodSymbol method:
                    return effects.MayHaveEffects(method) || !method.ReturnsVoid && TypeMayHold(method.ReturnType, effects);
                case INamedTypeSymbol type:
                    return recognizer.IsLockTypeName(type.Name) && effects.TypeMayHaveEffects(type);
                default:
                    return false;
            }
        }

        private static bool IsLockType(IReadOnlyList<ISymbol> named, LockPathRecognizer recognizer, EffectSummaries effects)
        {
            foreach (var symbol in named)
            {
                if (symbol is INamedTypeSymbol type && recognizer.IsLockTypeName(type.Name) && effects.TypeMayHaveEffects(type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a value of this declared type may be a lock path or wrap one. A type the compilation cannot resolve is
        /// a package's (the user's own are in source), so it may not, unless its name is a path type's.
        /// </summary>
        private static bool TypeMayHold(ITypeSymbol? type, EffectSummaries effects)
        {
            for (var depth = 0; type != null && depth < 4; depth++)
            {
                switch (type)
                {
                    case IErrorTypeSymbol error:
                        return PathTypeNames.Contains(error.Name);
                    case IDynamicTypeSymbol _:
                    case INamedTypeSymbol _ when type.IsTupleType:
                        return true;
                    case IArrayTypeSymbol array:
                        type = array.ElementType;
                        continue;
                    case INamedTypeSymbol named:
                        if (named.SpecialType == SpecialType.System_String || PathTypeNames.Contains(named.Name))
                        {
                            return true;
                        }

                        if (!named.DeclaringSyntaxReferences.IsEmpty)
                        {
                            return IsObjectType(named) && effects.TypeMayHaveEffects(named);
                        }

                        // A framework generic holds what its last type argument is (List<string>, Lazy<FileLock>,
                        // Task<string>, Nullable<T>; not Dictionary<Guid, SemaphoreSlim>).
                        type = named.TypeArguments.Length > 0 ? named.TypeArguments[named.TypeArguments.Length - 1] : null;
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>Like <see cref="TypeMayHold(ITypeSymbol, EffectSummaries)"/>, from the declaration's syntax (null and <c>var</c> are unknown, so may).</summary>
        private static bool TypeMayHold(TypeSyntax? type, EffectSummaries effects)
        {
            for (var depth = 0; depth < 4; depth++)
            {
                switch (type)
                {
                    case null:
                        return true;
                    case PredefinedTypeSyntax predefined:
                        return predefined.Keyword.IsKind(SyntaxKind.StringKeyword);
                    case NullableTypeSyntax nullable:
                        type = nullable.ElementType;
                        continue;
                    case ArrayTypeSyntax array:
                        type = array.ElementType;
                        continue;
                    case RefTypeSyntax reference:
                        type = reference.Type;
                        continue;
                    case QualifiedNameSyntax qualified:
                        type = qualified.Right;
                        continue;
                    case AliasQualifiedNameSyntax alias:
                        type = alias.Name;
                        continue;
                    case GenericNameSyntax generic:
                        if (HasSourceType(generic.Identifier.ValueText, effects))
                        {
                            return true;
                        }

                        var arguments = generic.TypeArgumentList.Arguments;
                        type = arguments.Count > 0 ? arguments[arguments.Count - 1] : null;
                        if (type == null)
                        {
                            return false;
                        }

                        continue;
                    case IdentifierNameSyntax identifier:
                        var text = identifier.Identifier.ValueText;
                        return text == "var" || text == "dynamic" || PathTypeNames.Contains(text) || HasSourceType(text, effects);
                    default:
                        return true;
                }
            }

            return true;
        }

        /// <summary>Whether a source type of this name may hold a lock file's handling (see <see cref="EffectSummaries.TypeMayHaveEffects"/>).</summary>
        private static bool HasSourceType(string name, EffectSummaries effects)
        {
            foreach (var symbol in effects.Names.Named(name))
            {
                if (symbol is INamedTypeSymbol type && IsObjectType(type) && effects.TypeMayHaveEffects(type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsObjectType(INamedTypeSymbol type) =>
            type.TypeKind == TypeKind.Class || type.TypeKind == TypeKind.Struct || type.TypeKind == TypeKind.Interface;

        private static TypeSyntax? DesignatedType(SingleVariableDesignationSyntax designation)
        {
            for (SyntaxNode? node = designation.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case DeclarationExpressionSyntax declaration:
                        return declaration.Type;
                    case DeclarationPatternSyntax pattern:
                        return pattern.Type;
                    case ParenthesizedVariableDesignationSyntax _:
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The names with a lock word the block declares (locals, parameters of the member and of its lambdas and local
        /// functions, pattern and out variables, foreach and catch variables, query range variables), each with its
        /// written type and initializer, judged only when a lock word asks (<see cref="DeclaredMayHold"/>). A name
        /// declared twice is ambiguous, and so may hold a path: either may be meant. Only the lock names are ever asked
        /// about, and each is written where the text holds a lock word, so only those positions are looked at.
        /// </summary>
        private static Dictionary<string, LocalDeclaration> LocalsOf(SyntaxNode block, IReadOnlyList<int> lockWordPositions)
        {
            var locals = new Dictionary<string, LocalDeclaration>(StringComparer.Ordinal);
            void Add(SyntaxToken identifier, TypeSyntax? type, ExpressionSyntax? initializer = null) =>
                locals[identifier.ValueText] = locals.ContainsKey(identifier.ValueText)
                    ? new LocalDeclaration(null, null, ambiguous: true)
                    : new LocalDeclaration(type, initializer, ambiguous: false);

            // A method's parameters are among its descendants; an indexer accessor's are its indexer's.
            var owner = block is ArrowExpressionClauseSyntax && block.Parent != null ? block.Parent : block;
            if (owner is AccessorDeclarationSyntax accessor && accessor.Parent?.Parent is IndexerDeclarationSyntax indexer)
            {
                foreach (var parameter in indexer.ParameterList.Parameters)
                {
                    Add(parameter.Identifier, parameter.Type);
                }
            }

            // A primary constructor's parameters are in scope in every member of the type.
            foreach (var ancestor in owner.Ancestors())
            {
                if (ancestor is TypeDeclarationSyntax type && type.ParameterList != null)
                {
                    foreach (var parameter in type.ParameterList.Parameters)
                    {
                        Add(parameter.Identifier, parameter.Type);
                    }
                }
            }

            var span = owner.Span;
            var lastToken = -1;
            for (var i = TextHits.FirstAtOrAfter(lockWordPositions, span.Start); i < lockWordPositions.Count && lockWordPositions[i] < span.End; i++)
            {
                var token = owner.FindToken(lockWordPositions[i]);
                if (token.SpanStart == lastToken || !token.IsKind(SyntaxKind.IdentifierToken))
                {
                    continue;
                }

                lastToken = token.SpanStart;
                switch (token.Parent)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Parent is VariableDeclarationSyntax declaration:
                        Add(declarator.Identifier, declaration.Type, declarator.Initializer?.Value);
                        break;
                    case ParameterSyntax parameter:
                        Add(parameter.Identifier, parameter.Type);
                        break;
                    case SingleVariableDesignationSyntax designation:
                        Add(designation.Identifier, DesignatedType(designation));
                        break;
                    case ForEachStatementSyntax forEach:
                        Add(forEach.Identifier, forEach.Type);
                        break;
                    case CatchDeclarationSyntax @catch:
                        Add(@catch.Identifier, @catch.Type);
                        break;
                    case LocalFunctionStatementSyntax local when local.Identifier == token:
                        Add(local.Identifier, null);
                        break;
                    case FromClauseSyntax from:
                        Add(from.Identifier, from.Type);
                        break;
                    case LetClauseSyntax let:
                        Add(let.Identifier, null);
                        break;
                    case JoinClauseSyntax join:
                        Add(join.Identifier, join.Type);
                        break;
                    case QueryContinuationSyntax continuation:
                        Add(continuation.Identifier, null);
                        break;
                }
            }

            return locals;
        }

        /// <summary>
        /// Whether a declared variable may hold a lock path or wrap one: from its written type, or for <c>var</c>, from
        /// what initializes it when that says (a number, a bool, a cast, a creation, an in-process lock's
        /// <c>LockAsync</c>, a source field or property of a type that cannot).
        /// </summary>
        private static bool DeclaredMayHold(TypeSyntax? type, ExpressionSyntax? initializer, EffectSummaries effects)
        {
            if (type != null && !(type is IdentifierNameSyntax name && name.Identifier.ValueText == "var"))
            {
                return TypeMayHold(type, effects);
            }

            return initializer == null || InitializerMayHold(initializer, effects, 0);
        }

        private static bool InitializerMayHold(ExpressionSyntax value, EffectSummaries effects, int depth)
        {
            if (depth > 4)
            {
                return true;
            }

            switch (value)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return InitializerMayHold(parenthesized.Expression, effects, depth + 1);
                case AwaitExpressionSyntax awaited:
                    return InitializerMayHold(awaited.Expression, effects, depth + 1);
                case LiteralExpressionSyntax literal:
                    return literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.NullLiteralExpression) ||
                           literal.IsKind(SyntaxKind.DefaultLiteralExpression);
                case CastExpressionSyntax cast:
                    return TypeMayHold(cast.Type, effects);
                case ObjectCreationExpressionSyntax creation:
                    return TypeMayHold(creation.Type, effects);
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression):
                    return InitializerMayHold(coalesce.Right, effects, depth + 1);
                case BinaryExpressionSyntax binary:
                    // A comparison or logical operator gives a bool; + may join a path.
                    return binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.AsExpression);
                case PrefixUnaryExpressionSyntax _:
                case PostfixUnaryExpressionSyntax _ when !value.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    return false;
                case InvocationExpressionSyntax invocation when SyntaxFilter.InvokedName(invocation) is string invoked && InProcessWaits.Contains(invoked):
                    return false;
                case MemberAccessExpressionSyntax access:
                    return SourceMemberMayHold(access.Name.Identifier.ValueText, effects);
                default:
                    return true;
            }
        }

        /// <summary>The waits of in-process locks, whose result is a releaser or a bool, never a path.</summary>
        private static readonly HashSet<string> InProcessWaits = new HashSet<string>(StringComparer.Ordinal)
        {
            "LockAsync", "ReaderLockAsync", "WriterLockAsync", "WaitAsync", "Wait", "WaitOne", "TryEnter", "EnterAsync",
        };

        /// <summary>
        /// For <c>var n = config.Options.Limit</c>: whether the source fields and properties of that name may hold a path
        /// (unknown, and so may, when the name is no source field or property's).
        /// </summary>
        private static bool SourceMemberMayHold(string name, EffectSummaries effects)
        {
            var known = false;
            foreach (var symbol in effects.Names.Named(name))
            {
                switch (symbol)
                {
                    case IFieldSymbol field:
                        if (TypeMayHold(field.Type, effects))
                        {
                            return true;
                        }

                        known = true;
                        break;
                    case IPropertySymbol property:
                        if (TypeMayHold(property.Type, effects))
                        {
                            return true;
                        }

                        known = true;
                        break;
                    default:
                        return true;
                }
            }

            return !known;
        }

        /// <summary>Whether every declaration of a symbol is in generated code (a designer file, an <c>&lt;auto-generated&gt;</c> header).</summary>
        private static bool IsGeneratedOnly(ISymbol symbol)
        {
            var references = symbol.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return false;
            }

            foreach (var reference in references)
            {
                if (!IsGenerated(reference.SyntaxTree))
                {
                    return false;
                }
            }

            return true;
        }

        private static readonly string[] GeneratedSuffixes = { ".designer.cs", ".generated.cs", ".g.cs", ".g.i.cs" };

        private static bool IsGenerated(SyntaxTree tree)
        {
            var path = tree.FilePath ?? string.Empty;
            foreach (var suffix in GeneratedSuffixes)
            {
                if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            foreach (var trivia in tree.GetRoot().GetLeadingTrivia())
            {
                if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)) &&
                    trivia.ToString().IndexOf("<auto-generated", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A name the block declares: its written type (null or <c>var</c> when not written) and initializer.</summary>
        internal readonly struct LocalDeclaration
        {
            public LocalDeclaration(TypeSyntax? type, ExpressionSyntax? initializer, bool ambiguous)
            {
                Type = type;
                Initializer = initializer;
                Ambiguous = ambiguous;
            }

            public TypeSyntax? Type { get; }

            public ExpressionSyntax? Initializer { get; }

            public bool Ambiguous { get; }
        }
    }
}
