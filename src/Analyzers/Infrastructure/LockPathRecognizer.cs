using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// Decides whether a path expression names a lock file. Every rule asks this before reporting, which is what
    /// keeps the rules off ordinary file code (caches, logs, settings). A path is a lock path when a name it flows
    /// from has a lock word part, a literal piece of it ends in a lock extension, or the member opens the same path
    /// with <c>FileMode.CreateNew</c>.
    /// </summary>
    internal sealed class LockPathRecognizer
    {
        public static readonly ImmutableHashSet<string> DefaultWords = ImmutableHashSet.Create(
            StringComparer.OrdinalIgnoreCase,
            "lock", "locks", "lck", "lockfile", "lockfiles", "pid", "pidfile", "pidfiles", "mutex", "lease", "leases",
            "heartbeat", "hb", "semaphore");

        public static readonly ImmutableArray<string> LockExtensions = ImmutableArray.Create(".lock", ".lck", ".pid", ".lease");

        private const int MaxFlowDepth = 6;
        private const int MaxHelperDepth = 3;

        private readonly ImmutableHashSet<string> _words;

        // Every path read of the member asks; its constructors are read once.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _constructedAsLock =
            new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly string[] _wordList;
        private readonly string[] _allWords;

        public LockPathRecognizer(ImmutableHashSet<string> extraWords)
        {
            _words = extraWords.IsEmpty ? DefaultWords : DefaultWords.Union(extraWords);
            _allWords = _words.ToArray();

            // A word that contains another (lockfile, lock) is covered by it: only the shortest are searched for.
            var list = new List<string>();
            foreach (var word in _words)
            {
                if (!_words.Any(other => other.Length < word.Length && word.IndexOf(other, StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    list.Add(word);
                }
            }

            _wordList = list.ToArray();
            WordsBeginWithSearched = _words.All(word => _wordList.All(searched =>
                word.IndexOf(searched, StringComparison.OrdinalIgnoreCase) <= 0));
            SearchesLockWordPieces = WordsBeginWithSearched &&
                new HashSet<string>(_wordList, StringComparer.OrdinalIgnoreCase).SetEquals(PrefilterWords.LockWordPieces);
        }

        /// <summary>
        /// Whether the words searched are the scan's own (<see cref="PrefilterWords.LockWordPieces"/>, found in its one
        /// pass: <see cref="TextHits.LockWordParts"/>): true for the default words, false once other words are configured.
        /// </summary>
        public bool SearchesLockWordPieces { get; }

        /// <summary>
        /// Whether every lock word that holds one of <see cref="Words"/> begins with it (<c>lockfile</c> with <c>lock</c>):
        /// then a name's lock word part begins where a searched word does, and a text search may keep only the places
        /// where a word part can begin (<see cref="TextHits.PositionsOf(string[], bool)"/>). A configured word such as
        /// <c>filelock</c> turns that off.
        /// </summary>
        public bool WordsBeginWithSearched { get; }

        public static LockPathRecognizer Default { get; } = new LockPathRecognizer(ImmutableHashSet<string>.Empty);

        /// <summary>True when one word part of the identifier is a lock word (so <c>clock</c>, <c>unlock</c>, <c>deadlock</c> are not).</summary>
        public bool IsLockName(string? identifier)
        {
            if (string.IsNullOrEmpty(identifier) || !MayHoldWord(identifier!))
            {
                return false;
            }

            var inAscii = IdentifierWords.AnyAsciiPartIn(identifier!, _allWords);
            if (inAscii.HasValue)
            {
                return inAscii.Value;
            }

            foreach (var word in IdentifierWords.Split(identifier!))
            {
                if (_words.Contains(word))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Allocation-free pre-test for <see cref="IsLockName"/>: a word part equal to a lock word is a substring of the
        /// identifier (ignoring case), so a name without any is rejected before it is split. Most names asked about
        /// (path, root, name, file) end here.
        /// </summary>
        private bool MayHoldWord(string identifier)
        {
            foreach (var c in identifier)
            {
                if (c > 0x7F)
                {
                    return true; // case mapping beyond ASCII is the split's business
                }
            }

            foreach (var word in _wordList)
            {
                if (identifier.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The lock words, for a text pre-filter (<see cref="TextHits.SpanMayContain(Microsoft.CodeAnalysis.Text.TextSpan, string[])"/>).</summary>
        public string[] Words => _wordList;

        /// <summary>True when a literal path piece ends in a lock extension, or is itself a bare lock file name ("LOCK").</summary>
        public bool IsLockLiteral(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            var trimmed = text!.Trim().TrimEnd('/', '\\', '"');
            foreach (var extension in LockExtensions)
            {
                if (trimmed.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            var lastSeparator = Math.Max(trimmed.LastIndexOf('/'), trimmed.LastIndexOf('\\'));
            var fileName = lastSeparator >= 0 ? trimmed.Substring(lastSeparator + 1) : trimmed;
            return fileName.Length > 0 && fileName.IndexOf('.') < 0 && _words.Contains(fileName);
        }

        /// <summary>Whether <paramref name="path"/> is a lock path, following locals assigned in its member.</summary>
        public bool IsLockPath(IOperation? path)
        {
            if (path == null)
            {
                return false;
            }

            if (Flows(path, new VisitedSymbols(), 0))
            {
                return true;
            }

            return IsOpenedCreateNewInMember(path);
        }

        /// <summary>
        /// Like <see cref="IsLockPath"/> but without the "opened with FileMode.CreateNew in the member" clause: the
        /// path's own names or literals say "lock". Rules where an exclusive create is itself weak evidence use it.
        /// </summary>
        public bool IsLockPathByNameOrLiteral(IOperation? path) =>
            path != null && Flows(path, new VisitedSymbols(), 0);

        private bool Flows(IOperation operation, VisitedSymbols visited, int depth)
        {
            if (depth > MaxFlowDepth)
            {
                return false;
            }

            operation = operation.Unwrap();
            switch (operation)
            {
                case ILiteralOperation literal:
                    return literal.ConstantValue.HasValue && literal.ConstantValue.Value is string s && IsLockLiteral(s);

                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation text && text.Text is ILiteralOperation textLiteral &&
                            textLiteral.ConstantValue.Value is string piece && IsLockLiteral(piece))
                        {
                            return true;
                        }

                        if (part is IInterpolationOperation hole && Flows(hole.Expression, visited, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;

                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add:
                    return Flows(binary.LeftOperand, visited, depth + 1) || Flows(binary.RightOperand, visited, depth + 1);

                case ICoalesceOperation coalesce:
                    return Flows(coalesce.Value, visited, depth + 1) || Flows(coalesce.WhenNull, visited, depth + 1);

                case IConditionalOperation conditional:
                    return Flows(conditional.WhenTrue, visited, depth + 1) ||
                           (conditional.WhenFalse != null && Flows(conditional.WhenFalse, visited, depth + 1));

                case ILocalReferenceOperation local:
                    return IsLockName(local.Local.Name) || FlowsThroughLocal(local.Local, operation, visited, depth);

                case IParameterReferenceOperation parameter:
                    return IsLockName(parameter.Parameter.Name) || IsReceivedByLockMember(parameter.Parameter);

                case IFieldReferenceOperation field:
                    return IsLockName(field.Field.Name) ||
                           (field.Instance != null && Flows(field.Instance, visited, depth + 1)) ||
                           DeclarationLooksLikeLock(field.Field, visited) ||
                           IsPathOfLockType(field.Field, field.Field.Type);

                case IPropertyReferenceOperation property:
                    return IsLockName(property.Property.Name) ||
                           (property.Instance != null && Flows(property.Instance, visited, depth + 1)) ||
                           DeclarationLooksLikeLock(property.Property, visited) ||
                           IsPathOfLockType(property.Property, property.Property.Type);

                case IInstanceReferenceOperation _:
                    return false;

                case IObjectCreationOperation creation:
                    return creation.Arguments.Length > 0 && Flows(creation.Arguments[0].Value, visited, depth + 1);

                case IInvocationOperation invocation:
                    return FlowsThroughInvocation(invocation, visited, depth);

                default:
                    return false;
            }
        }

        /// <summary>
        /// A parameter that is a lock path only because the member receiving it is named for a lock
        /// (<c>DeleteLock(string path)</c>): which lock, and when, is then the caller's decision.
        /// </summary>
        public bool IsLockPathOnlyAsLockMemberParameter(IOperation? path) =>
            path != null && path.Unwrap() is IParameterReferenceOperation parameter &&
            !IsLockName(parameter.Parameter.Name) && IsReceivedByLockMember(parameter.Parameter);

        /// <summary>
        /// A path parameter of a member whose name has a lock word (<c>WriteLock(path, content)</c>, <c>DeleteLock(path)</c>),
        /// of a constructor of a lock-named type (<c>new FileLock(path)</c>) or of one of its static factories
        /// (<c>LockFile.TryAcquire(filePath)</c>): the member says what the path is.
        /// </summary>
        private bool IsReceivedByLockMember(IParameterSymbol parameter)
        {
            if (!IsPathType(parameter.Type) || LooksLikeOtherFile(parameter.Name) || !(parameter.ContainingSymbol is IMethodSymbol method))
            {
                return false;
            }

            switch (method.MethodKind)
            {
                case MethodKind.Constructor:
                    return IsLockTypeName(method.ContainingType?.Name);
                case MethodKind.Ordinary:
                    return IsLockName(method.Name) && !LooksLikeOtherFile(method.Name) ||
                           method.IsStatic && IsLockTypeName(method.ContainingType?.Name);
                case MethodKind.LocalFunction:
                    return IsLockName(method.Name) && !LooksLikeOtherFile(method.Name);
                default:
                    return false;
            }
        }

        /// <summary>
        /// A path field or property of a type whose name has a lock word (<c>class FileLock { string _path; }</c>),
        /// unless its own name says it is another file (a log, a cache, a temp or settings file, a directory).
        /// </summary>
        private bool IsPathOfLockType(ISymbol member, ITypeSymbol type) =>
            IsPathType(type) && !LooksLikeOtherFile(member.Name) && IsLockTypeName(member.ContainingType?.Name);

        /// <summary>
        /// A type named for a lock file: its last word is a lock word (<c>FileLock</c>, <c>InterProcessLock</c>), or it
        /// joins one with "file" (<c>LockFile</c>, <c>PidFile</c>). Not <c>LockManager</c> or <c>LockFreeQueue</c>, which
        /// are as often about in-process locks.
        /// </summary>
        public bool IsLockTypeName(string? name)
        {
            if (!IsLockName(name))
            {
                return false;
            }

            var words = IdentifierWords.Split(name!);
            if (words.Count == 0 || words.Contains("free"))
            {
                return false;
            }

            return _words.Contains(words[words.Count - 1]) || words.Contains("file") && words.Any(w => _words.Contains(w));
        }

        private static bool IsPathType(ITypeSymbol? type) =>
            type != null && (type.SpecialType == SpecialType.System_String ||
                             ((type.Name == "FileInfo" || type.Name == "IFileInfo") &&
                              (KnownSymbols.IsSystemIO(type.ContainingNamespace) || KnownSymbols.IsSystemIOAbstractions(type.ContainingNamespace))));

        /// <summary>Words that name a file that is not the lock, even inside a lock class.</summary>
        private static readonly ImmutableHashSet<string> OtherFileWords = ImmutableHashSet.Create(
            StringComparer.OrdinalIgnoreCase,
            "log", "logs", "logger", "cache", "cached", "temp", "tmp", "config", "configuration", "settings", "backup", "bak", "data",
            "output", "dir", "directory", "folder", "root", "state", "status", "trace", "dump", "report", "history", "archive",
            "content", "contents", "message", "text", "json", "xml", "owner", "host", "user", "description");

        private static readonly string[] OtherFileWordList = OtherFileWords.ToArray();

        private static bool LooksLikeOtherFile(string name)
        {
            var inAscii = IdentifierWords.AnyAsciiPartIn(name, OtherFileWordList);
            if (inAscii.HasValue)
            {
                return inAscii.Value;
            }

            foreach (var word in IdentifierWords.Split(name))
            {
                if (OtherFileWords.Contains(word))
                {
                    return true;
                }
            }

            return false;
        }

        private bool FlowsThroughInvocation(IInvocationOperation invocation, VisitedSymbols visited, int depth)
        {
            var method = invocation.TargetMethod;
            if (IsLockName(method.Name))
            {
                return true;
            }

            var containing = method.ContainingType;
            var combinesPieces =
                (containing?.Name == "Path" && KnownSymbols.IsSystemIO(containing.ContainingNamespace)) ||
                (containing?.SpecialType == SpecialType.System_String && (method.Name == "Concat" || method.Name == "Format" || method.Name == "Join"));
            if (combinesPieces)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array && array.Initializer != null)
                    {
                        if (array.Initializer.ElementValues.Any(e => Flows(e, visited, depth + 1)))
                        {
                            return true;
                        }
                    }
                    else if (Flows(argument.Value, visited, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (invocation.Instance != null && invocation.Instance.Type?.SpecialType == SpecialType.System_String)
            {
                return Flows(invocation.Instance, visited, depth + 1);
            }

            return DeclarationLooksLikeLock(method, visited);
        }

        private bool FlowsThroughLocal(ILocalSymbol local, IOperation reference, VisitedSymbols visited, int depth)
        {
            if (!visited.Add(local))
            {
                return false;
            }

            // The member's declarators and assignments of the local, in tree order (one walk per member, shared).
            foreach (var value in MemberPathIndex.Of(reference).ValuesOf(local))
            {
                if (Flows(value, visited, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A field, property or helper method whose initializer or expression body mentions a lock name or a lock
        /// literal, directly or in the single return of a helper of the same type it calls
        /// (<c>CreateFileName() { return name + ".pid"; }</c>); for a field or get-only property with no initializer,
        /// what its type's constructors assign to it. Read from syntax only: cheap, and it never needs another tree's
        /// semantic model.
        /// </summary>
        private bool DeclarationLooksLikeLock(ISymbol symbol, VisitedSymbols visited, int depth = 0)
        {
            if (depth > MaxHelperDepth || !visited.Add(symbol) || symbol.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var node = symbol.DeclaringSyntaxReferences[0].GetSyntax();
            SyntaxNode? valueNode = node switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => (SyntaxNode?)property.ExpressionBody?.Expression ?? property.Initializer?.Value ?? GetterBody(property),
                MethodDeclarationSyntax method => (SyntaxNode?)method.ExpressionBody?.Expression ?? SingleReturn(method.Body),
                _ => null,
            };

            if (valueNode != null)
            {
                return MentionsLock(valueNode, symbol.ContainingType, visited, depth);
            }

            var assignedOnlyAtConstruction = node switch
            {
                VariableDeclaratorSyntax _ => symbol is IFieldSymbol field && field.IsReadOnly,
                PropertyDeclarationSyntax property => property.AccessorList != null &&
                                                      property.AccessorList.Accessors.All(a => a.Body == null && a.ExpressionBody == null && !a.IsKind(SyntaxKind.SetAccessorDeclaration)),
                _ => false,
            };

            return assignedOnlyAtConstruction && !LooksLikeOtherFile(symbol.Name) &&
                   _constructedAsLock.GetOrAdd(symbol, member => ConstructorAssignmentLooksLikeLock(member, new VisitedSymbols(member), 0));
        }

        private bool MentionsLock(SyntaxNode value, INamedTypeSymbol? type, VisitedSymbols visited, int depth)
        {
            foreach (var token in TokenWalk.In(value))
            {
                switch (token.Kind())
                {
                    case SyntaxKind.IdentifierToken when IsLockName(token.ValueText):
                        return true;
                    case SyntaxKind.IdentifierToken when type != null && IsCalledName(token):
                        foreach (var member in type.GetMembers(token.ValueText))
                        {
                            if (member is IMethodSymbol helper && helper.MethodKind == MethodKind.Ordinary && DeclarationLooksLikeLock(helper, visited, depth + 1))
                            {
                                return true;
                            }
                        }

                        break;
                    case SyntaxKind.StringLiteralToken when IsLockLiteral(token.ValueText):
                        return true;
                    case SyntaxKind.InterpolatedStringTextToken when IsLockLiteral(token.ValueText):
                        return true;
                }
            }

            return false;
        }

        private static bool IsCalledName(SyntaxToken token)
        {
            var name = token.Parent as SimpleNameSyntax;
            var callee = name?.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax?)name;
            return callee?.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
        }

        /// <summary>The values a constructor of the member's type assigns to it (<c>this.Path = …</c>, <c>_path = …</c>).</summary>
        private bool ConstructorAssignmentLooksLikeLock(ISymbol member, VisitedSymbols visited, int depth)
        {
            var type = member.ContainingType;
            if (type == null)
            {
                return false;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.DeclaringSyntaxReferences.Length != 1 ||
                    !(constructor.DeclaringSyntaxReferences[0].GetSyntax() is ConstructorDeclarationSyntax declaration))
                {
                    continue;
                }

                foreach (var assignment in declaration.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    var target = assignment.Left is MemberAccessExpressionSyntax access && access.Expression is ThisExpressionSyntax
                        ? access.Name
                        : assignment.Left as SimpleNameSyntax;
                    if (target != null && target.Identifier.ValueText == member.Name && MentionsLock(assignment.Right, type, visited, depth))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static SyntaxNode? GetterBody(PropertyDeclarationSyntax property)
        {
            var getter = property.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
            return (SyntaxNode?)getter?.ExpressionBody?.Expression ?? SingleReturn(getter?.Body);
        }

        private static SyntaxNode? SingleReturn(BlockSyntax? body) =>
            body != null && body.Statements.Count == 1 && body.Statements[0] is ReturnStatementSyntax ret ? ret.Expression : null;

        /// <summary>The "same path opened with FileMode.CreateNew in the same member" clause.</summary>
        private static bool IsOpenedCreateNewInMember(IOperation path)
        {
            var key = PathIdentity.KeyOf(path);
            if (key == null)
            {
                return false;
            }

            foreach (var opened in MemberPathIndex.Of(path).CreateNewPaths)
            {
                if (PathIdentity.KeyOf(opened) == key)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The symbols a path has been followed through, allocated only when the path is followed through one.</summary>
    internal sealed class VisitedSymbols
    {
        private HashSet<ISymbol>? _symbols;

        public VisitedSymbols()
        {
        }

        public VisitedSymbols(ISymbol first) => Add(first);

        public bool Add(ISymbol symbol) => (_symbols ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(symbol);
    }
}
