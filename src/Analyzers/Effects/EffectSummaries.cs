using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Effects
{
    /// <summary>
    /// The effect summaries of a compilation's source members, built lazily from the callee's syntax on first use and
    /// kept for the compilation (see <see cref="CompilationState"/>). A call to a summarized member counts as its effects,
    /// with the member's parameters replaced by the call's arguments (<see cref="EffectsOfCall"/>).
    /// </summary>
    /// <remarks>
    /// Bounded by depth: a summary is built for a budget of call levels, and holds only the effects reached within it.
    /// The summary a rule asks for has <see cref="MaxChain"/> − 1 levels (the member's own effects and two helper
    /// levels below it, so that seen from the call an effect is at most <see cref="MaxChain"/> calls away); the
    /// summaries of its callees are built with one level less, and a member at the last level is bound for its own
    /// effects only. So asking about a call binds at most three levels of helpers, however deep the code goes, and a
    /// recursion or a cycle ends where the budget does, with the same answer on every thread (a summary is a function
    /// of its member and budget; summaries are immutable and published with <c>GetOrAdd</c>, so two threads may build
    /// the same one and keep either). A summary keeps at most <see cref="MaxEffects"/> effects.
    /// </remarks>
    internal sealed class EffectSummaries
    {
        /// <summary>Calls an effect may be reached through: the call the rule sees plus three helper levels.</summary>
        public const int MaxChain = 4;

        private const int MaxEffects = 64;

        /// <summary>The budgets of the summaries being built on this thread, innermost on top.</summary>
        [ThreadStatic]
        private static Stack<int>? t_budgets;

        [ThreadStatic]
        private static HashSet<ISymbol>? t_checking;

        [ThreadStatic]
        private static bool t_assumed;

        private readonly Compilation _compilation;
        private readonly KnownSymbols _symbols;
        // Indexed by budget (1 to MaxChain - 1).
        private readonly ConcurrentDictionary<ISymbol, EffectSummary>[] _summaries = NewSummaryCaches();
        private const int MaxNamesakes = 8;

        private readonly ConcurrentDictionary<ISymbol, int> _mayHaveEffects = new ConcurrentDictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, int> _nameMayHaveEffects = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<ISymbol, bool> _typeMayHaveEffects = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly Func<ISymbol, bool> _findTypeMayHaveEffects;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
        private readonly Lazy<Implementations> _implementations;
        private readonly ReceiverPaths _receivers;

        // The rules of one lock block ask about the same calls (the model shares its operation trees): each is mapped once.
        private readonly ConditionalWeakTable<IOperation, FileEffect[]> _atOperation = new ConditionalWeakTable<IOperation, FileEffect[]>();
        private readonly ConditionalWeakTable<IOperation, FileEffect[]>.CreateValueCallback _computeAt;
        private readonly ConcurrentDictionary<string, IMethodSymbol[]> _namesakes = new ConcurrentDictionary<string, IMethodSymbol[]>(StringComparer.Ordinal);
        private readonly SourceNames _names;
        private readonly ConcurrentDictionary<SyntaxNode, bool> _blockReaches = new ConcurrentDictionary<SyntaxNode, bool>();
        private readonly Func<SyntaxNode, bool> _findBlockReaches;

        public EffectSummaries(Compilation compilation, KnownSymbols symbols)
        {
            _compilation = compilation;
            _symbols = symbols;
            _computeAt = ComputeAt;
            _names = new SourceNames(compilation);
            _findBlockReaches = FindBlockReaches;
            _findTypeMayHaveEffects = type => FindTypeMayHaveEffects((INamedTypeSymbol)type);
            _implementations = new Lazy<Implementations>(() => new Implementations(_names));
            _receivers = new ReceiverPaths(ModelOf);
        }

        public KnownSymbols Symbols => _symbols;

        /// <summary>The compilation's source members and types by name.</summary>
        public SourceNames Names => _names;

        /// <summary>What the callers built the objects they call with (<see cref="ReceiverPaths"/>).</summary>
        public ReceiverPaths Receivers => _receivers;

        /// <summary>
        /// The effects of a call, constructor call or property read on a source member, seen from the call: each
        /// effect's path is the argument passed for the parameter it names, and its chain starts with the callee.
        /// Empty for anything else (a System.IO call itself is <see cref="DirectEffects"/>' business).
        /// </summary>
        public IEnumerable<FileEffect> EffectsOfCall(IOperation call)
        {
            var (callee, arguments) = CalleeOf(call);
            if (callee == null)
            {
                yield break;
            }

            foreach (var target in Targets(callee))
            {
                var summary = Of(target);
                foreach (var effect in summary.Effects)
                {
                    if (effect.Chain.Length >= MaxChain)
                    {
                        continue;
                    }

                    if (MapPath(effect.Path, target, arguments, call, out var path))
                    {
                        yield return effect.Through(NameOf(target), path);
                    }
                }
            }
        }

        /// <summary>
        /// What the code that asked cannot see as a System.IO call: a System.IO.Abstractions or wrapper-vocabulary call
        /// (its own effect), or a call of a source member (the member's effects, see <see cref="EffectsOfCall"/>).
        /// </summary>
        public IEnumerable<FileEffect> EffectsAt(IOperation operation)
        {
            if (!(operation is IInvocationOperation || operation is IObjectCreationOperation || operation is IPropertyReferenceOperation))
            {
                return Array.Empty<FileEffect>();
            }

            return _atOperation.GetValue(operation, _computeAt);
        }

        private FileEffect[] ComputeAt(IOperation operation)
        {
            var direct = DirectEffects.Of(operation, _symbols);
            if (direct != null)
            {
                return direct.Mirrored ? new[] { direct } : Array.Empty<FileEffect>();
            }

            List<FileEffect>? found = null;
            foreach (var effect in EffectsOfCall(operation))
            {
                (found ??= new List<FileEffect>()).Add(effect);
            }

            return found == null ? Array.Empty<FileEffect>() : found.ToArray();
        }

        /// <summary>
        /// When <paramref name="call"/> reads a bool member whose result is an existence test (<c>IsLocked</c>,
        /// <c>LockExists(p)</c>): that test seen from the call, and whether true means "exists".
        /// </summary>
        public bool TryGetReturnedTest(IOperation call, out FileEffect? test, out bool trueWhenExists)
        {
            test = null;
            trueWhenExists = false;
            var (callee, arguments) = CalleeOf(call);
            if (callee == null || callee.ReturnType.SpecialType != SpecialType.System_Boolean)
            {
                return false;
            }

            foreach (var target in Targets(callee))
            {
                var summary = Of(target);
                if (summary.ReturnedTest == null || summary.ReturnedTest.Chain.Length >= MaxChain ||
                    !MapPath(summary.ReturnedTest.Path, target, arguments, call, out var path) || path == null)
                {
                    continue;
                }

                // Two implementations must agree, or the outcome means nothing.
                if (test != null && (trueWhenExists != summary.ReturnsTrueWhenExists || !PathIdentity.Same(test.Path, path)))
                {
                    test = null;
                    return false;
                }

                test = summary.ReturnedTest.Through(NameOf(target), path);
                trueWhenExists = summary.ReturnsTrueWhenExists;
            }

            return test != null;
        }

        /// <summary>
        /// When <paramref name="call"/> reads a member that returns null whenever a file is missing (<c>ReadPid()</c>,
        /// <c>locker.GetLockedProcess()</c>): that file's test, seen from the call. A non-null result means the file was there.
        /// </summary>
        public bool TryGetReturnedPresence(IOperation call, out FileEffect? test)
        {
            test = null;
            var (callee, arguments) = CalleeOf(call);
            if (callee == null || call is IObjectCreationOperation || !NullWhenMissing.MayReturnNull(callee.ReturnType))
            {
                return false;
            }

            foreach (var target in Targets(callee))
            {
                var presence = Of(target).ReturnedPresence;
                if (presence == null || presence.Chain.Length >= MaxChain || !MapPath(presence.Path, target, arguments, call, out var path) || path == null)
                {
                    // Every implementation must say so, or a null result means nothing.
                    test = null;
                    return false;
                }

                if (test != null && !PathIdentity.Same(test.Path, path))
                {
                    test = null;
                    return false;
                }

                test = presence.Through(NameOf(target), path);
            }

            return test != null;
        }

        /// <summary>The operation tree of the member that holds <paramref name="node"/> (a helper's body, for a look at its code).</summary>
        public IOperation? MemberOperationOf(SyntaxNode node)
        {
            var model = ModelOf(node.SyntaxTree);
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                if (ancestor is BaseMethodDeclarationSyntax || ancestor is AccessorDeclarationSyntax || ancestor is LocalFunctionStatementSyntax ||
                    (ancestor is ArrowExpressionClauseSyntax && ancestor.Parent is PropertyDeclarationSyntax))
                {
                    return model?.GetOperation(ancestor);
                }
            }

            return null;
        }

        /// <summary>
        /// The summary of a source method (accessor, constructor, local function); empty for one with no source. Asked
        /// by a rule, it has the full budget; asked while another summary is built, one level less than that one.
        /// </summary>
        public EffectSummary Of(IMethodSymbol method)
        {
            method = method.PartialImplementationPart ?? method;
            method = method.OriginalDefinition;
            var budgets = t_budgets ??= new Stack<int>();
            var budget = budgets.Count == 0 ? MaxChain - 1 : budgets.Peek() - 1;
            if (budget <= 0)
            {
                return EffectSummary.Empty;
            }

            var cache = _summaries[budget];
            if (cache.TryGetValue(method, out var known))
            {
                return known;
            }

            if (method.DeclaringSyntaxReferences.IsEmpty)
            {
                return EffectSummary.Empty;
            }

            if (!MayHaveEffects(method, MaxChain - budget))
            {
                // Nothing in its text, or in the text of what it may call within the budget, names a file, process or
                // wait: not bound.
                return cache.GetOrAdd(method, EffectSummary.Empty);
            }

            budgets.Push(budget);
            EffectSummary summary;
            try
            {
                summary = Build(method);
            }
            finally
            {
                budgets.Pop();
            }

            return cache.GetOrAdd(method, summary);
        }

        private static ConcurrentDictionary<ISymbol, EffectSummary>[] NewSummaryCaches()
        {
            var caches = new ConcurrentDictionary<ISymbol, EffectSummary>[MaxChain];
            for (var i = 0; i < caches.Length; i++)
            {
                caches[i] = new ConcurrentDictionary<ISymbol, EffectSummary>(SymbolEqualityComparer.Default);
            }

            return caches;
        }

        /// <summary>
        /// Whether a call to a source member may have effects, within the followed depth, from text and the declaration table only
        /// (see <see cref="MayHaveEffects(IMethodSymbol, int)"/>).
        /// </summary>
        public bool MayHaveEffects(IMethodSymbol method) =>
            !method.DeclaringSyntaxReferences.IsEmpty && MayHaveEffects((method.PartialImplementationPart ?? method).OriginalDefinition, 1);

        /// <summary>
        /// The cheap first test, from text and the declaration table only (no binding): the member's body names a file,
        /// process or wait (<see cref="EffectWords"/>), or names a source member that does, within the followed depth.
        /// Most members a lock block calls (ordinary helpers, getters) end here, so only lock helpers are ever bound.
        /// </summary>
        private bool MayHaveEffects(IMethodSymbol method, int depth)
        {
            // Known: -1 "yes"; k >= 0 "no, looked at from depth k" (which holds for every deeper look too).
            if (_mayHaveEffects.TryGetValue(method, out var known) && (known < 0 || known <= depth))
            {
                return known < 0;
            }

            // Assumed "no" on this thread while it is being looked at, so a recursion ends; other threads never see that.
            var checking = t_checking ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (!checking.Add(method))
            {
                t_assumed = true;
                return false;
            }

            var assumedBefore = t_assumed;
            t_assumed = false;
            var result = false;
            try
            {
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    var body = BodyOf(reference.GetSyntax());
                    if (body != null && (MentionsEffectWord(body) || (depth < MaxChain - 1 && CallsMemberWithEffects(body, depth))))
                    {
                        result = true;
                        break;
                    }
                }
            }
            finally
            {
                checking.Remove(method);
            }

            // A "no" that leaned on a recursion's assumption is not kept: the member further up may still say "yes".
            if (result || !t_assumed)
            {
                _mayHaveEffects[method] = result ? -1 : depth;
            }

            t_assumed |= assumedBefore;
            return result;
        }

        private static bool MentionsEffectWord(SyntaxNode body) =>
            TextHits.Of(body.SyntaxTree).SpanMayContainWord(body.Span, EffectWords);

        private bool CallsMemberWithEffects(SyntaxNode body, int depth) => NamesMemberWithEffects(body, depth, orMirrored: false);

        /// <summary>
        /// Whether a node's distinct capitalized identifiers (the names a call of a member or type uses) name a source
        /// member that may have effects when called from depth <paramref name="depth"/>, or, with
        /// <paramref name="orMirrored"/>, a member of the abstraction and wrapper vocabulary.
        /// </summary>
        private bool NamesMemberWithEffects(SyntaxNode node, int depth, bool orMirrored)
        {
            var seen = RentNameSet();
            try
            {
                foreach (var token in TokenWalk.In(node))
                {
                    if (!token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                    {
                        continue;
                    }

                    var name = token.ValueText;
                    if (name.Length == 0 || !char.IsUpper(name[0]) || !seen.Add(name))
                    {
                        continue;
                    }

                    if (orMirrored && MirroredNames.Contains(name))
                    {
                        return true;
                    }

                    if (NameMayHaveEffects(name, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            }
            finally
            {
                ReturnNameSet(seen);
            }
        }

        // The name sets are asked for every block and callee body looked at, and nest as deep as the calls followed
        // (a name's callees are read while the caller's set is in use): reused per thread rather than allocated each time.
        [ThreadStatic]
        private static Stack<HashSet<string>>? t_nameSets;

        private static HashSet<string> RentNameSet()
        {
            var pool = t_nameSets;
            return pool != null && pool.Count > 0 ? pool.Pop() : new HashSet<string>(StringComparer.Ordinal);
        }

        private static void ReturnNameSet(HashSet<string> set)
        {
            // Clearing costs the set's capacity: one grown by a block of thousands of names is dropped, not kept to be
            // cleared after every small block.
            if (set.Count > MaxPooledNames)
            {
                return;
            }

            set.Clear();
            (t_nameSets ??= new Stack<HashSet<string>>()).Push(set);
        }

        private const int MaxPooledNames = 256;

        /// <summary>
        /// Whether a source member named <paramref name="name"/> may have effects from depth <paramref name="depth"/>
        /// (see <see cref="MayHaveEffects(IMethodSymbol, int)"/>): asked for every capitalized name in every body looked
        /// at, so kept per name, with the same rules as per member.
        /// </summary>
        private bool NameMayHaveEffects(string name, int depth)
        {
            if (_nameMayHaveEffects.TryGetValue(name, out var known) && (known < 0 || known <= depth))
            {
                return known < 0;
            }

            var assumedBefore = t_assumed;
            t_assumed = false;
            var result = false;
            foreach (var callee in SourceCalleesNamed(name))
            {
                if (MayHaveEffects(callee, depth))
                {
                    result = true;
                    break;
                }
            }

            if (result || !t_assumed)
            {
                _nameMayHaveEffects[name] = result ? -1 : depth;
            }

            t_assumed |= assumedBefore;
            return result;
        }

        /// <summary>
        /// Whether a source type's objects may handle a file: its text names an effect (<see cref="EffectWords"/>), or
        /// one of its members may have effects through what it calls, or it is an interface or abstract class, whose
        /// implementations may. Kept per type.
        /// </summary>
        public bool TypeMayHaveEffects(INamedTypeSymbol type) => _typeMayHaveEffects.GetOrAdd(type.OriginalDefinition, _findTypeMayHaveEffects);

        private bool FindTypeMayHaveEffects(INamedTypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Interface || type.IsAbstract)
            {
                return true;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (TextHits.Of(reference.SyntaxTree).SpanMayContainWord(reference.Span, EffectWords))
                {
                    return true;
                }
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && MayHaveEffects(method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The source methods and property getters named <paramref name="name"/>, from the declaration table, once per
        /// name and compilation; none for a name many types declare (Count, Root, Run), which is no lock helper's own.
        /// </summary>
        private IMethodSymbol[] SourceCalleesNamed(string name) =>
            _namesakes.GetOrAdd(name, n => FindNamesakes(_names.Named(n)));

        private static IMethodSymbol[] FindNamesakes(IReadOnlyList<ISymbol> named)
        {
            List<IMethodSymbol>? found = null;
            var candidates = 0;
            foreach (var symbol in named)
            {
                if (!(symbol is IMethodSymbol || symbol is IPropertySymbol || symbol is INamedTypeSymbol))
                {
                    continue;
                }

                if (++candidates > MaxNamesakes)
                {
                    return Array.Empty<IMethodSymbol>();
                }

                if (symbol is INamedTypeSymbol type)
                {
                    // `new FileLock(path)`: the type's name stands for its constructors.
                    foreach (var constructor in type.InstanceConstructors)
                    {
                        if (!constructor.DeclaringSyntaxReferences.IsEmpty)
                        {
                            (found ??= new List<IMethodSymbol>()).Add(constructor);
                        }
                    }

                    continue;
                }

                var callee = symbol switch
                {
                    IMethodSymbol m => m,
                    IPropertySymbol p => p.GetMethod,
                    _ => null,
                };
                if (callee != null && !callee.DeclaringSyntaxReferences.IsEmpty)
                {
                    (found ??= new List<IMethodSymbol>()).Add(callee.OriginalDefinition);
                }
            }

            return found?.ToArray() ?? Array.Empty<IMethodSymbol>();
        }

        /// <summary>
        /// Whether a lock-context block may reach an effect through a call, from its tokens and the declaration table
        /// only (nothing bound): it names a source member that may have effects, or a member of the abstraction and
        /// wrapper vocabulary (<see cref="MirroredNames"/>). Most blocks that mention a lock word are in-process locks
        /// (<c>lock (_syncLock)</c>, <c>_lock.Wait()</c>) and end here, so their bodies are never bound for the
        /// through-helper passes. Once per block, shared by every rule.
        /// </summary>
        public bool MayReachEffectsThroughCalls(SyntaxNode block) => _blockReaches.GetOrAdd(block, _findBlockReaches);

        private bool FindBlockReaches(SyntaxNode block) => NamesMemberWithEffects(block, 0, orMirrored: true);

        /// <summary>
        /// Names a call with no source may have an effect under (<see cref="DirectEffects"/>' mirrored calls): what
        /// System.IO.Abstractions' IFile, IFileInfo and IDirectory mirror, and the documented wrapper vocabulary.
        /// </summary>
        private static readonly HashSet<string> MirroredNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "Exists", "Delete", "Create", "CreateText", "Open", "OpenWrite", "OpenRead", "OpenText", "WriteAllText", "WriteAllTextAsync",
            "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync", "AppendAllText", "AppendText", "Move", "MoveTo",
            "Replace", "ReadAllText", "ReadAllTextAsync", "ReadAllBytes", "ReadAllBytesAsync", "ReadAllLines", "ReadAllLinesAsync",
            "GetLastWriteTime", "GetLastWriteTimeUtc", "SetLastWriteTime", "SetLastWriteTimeUtc", "GetCreationTime", "GetCreationTimeUtc",
            "LastWriteTime", "LastWriteTimeUtc", "FileExists", "DeleteFile", "CreateFile", "WriteFile", "ReadFile", "MoveFile", "RenameFile",
        };

        /// <summary>
        /// Names an effect's syntax holds, as whole identifiers: the System.IO types and members (File, FileInfo,
        /// FileStream, Directory, the FileInfo members a variable not named for a file reaches), the stream readers and
        /// writers, Process, the waits, and the wrapper vocabulary. Not Write, Read, Create or Open alone, and not a
        /// piece of a longer name (<c>ProcessRequest</c>, <c>DeleteItem</c>, <c>FileName</c>): ordinary code says them
        /// everywhere, and every member that says them would be bound.
        /// </summary>
        private static readonly string[] EffectWords =
        {
            "File", "FileInfo", "IFileInfo", "FileStream", "FileSystemInfo", "Directory", "DirectoryInfo", "Exists", "Delete", "Move",
            "MoveTo", "LastWriteTime", "LastWriteTimeUtc", "CreationTime", "CreationTimeUtc", "StreamWriter", "StreamReader", "Process",
            "Sleep", "Delay", "SpinWait", "WaitOne", "FileExists", "DeleteFile", "CreateFile", "WriteFile", "ReadFile", "MoveFile",
            "RenameFile",
        };

        /// <summary>The member a call, creation or property read runs, and the arguments it passes.</summary>
        private static (IMethodSymbol? Callee, ImmutableArray<IArgumentOperation> Arguments) CalleeOf(IOperation call)
        {
            switch (call)
            {
                case IInvocationOperation invocation:
                    return (invocation.TargetMethod, invocation.Arguments);
                case IObjectCreationOperation creation when creation.Constructor != null:
                    return (creation.Constructor, creation.Arguments);
                case IPropertyReferenceOperation property when !(property.Parent is IAssignmentOperation assignment && assignment.Target == property):
                    return (property.Property.GetMethod, property.Arguments);
                default:
                    return (null, ImmutableArray<IArgumentOperation>.Empty);
            }
        }

        /// <summary>
        /// The members a call may run: the callee when it has a body, and its implementations and overrides in the
        /// compilation (an interface or abstract member, a virtual one).
        /// </summary>
        private IEnumerable<IMethodSymbol> Targets(IMethodSymbol callee)
        {
            callee = callee.ReducedFrom ?? callee;
            if (!callee.IsAbstract && !callee.DeclaringSyntaxReferences.IsEmpty)
            {
                yield return callee;
            }

            if (callee.IsAbstract || callee.IsVirtual || callee.IsOverride || callee.ContainingType?.TypeKind == TypeKind.Interface)
            {
                var definition = callee.OriginalDefinition;
                if (definition.DeclaringSyntaxReferences.IsEmpty)
                {
                    yield break;
                }

                foreach (var implementation in _implementations.Value.Of(definition))
                {
                    yield return implementation;
                }
            }
        }

        /// <summary>
        /// The caller's name for an effect's path: the argument for a parameter (<see cref="TryMap"/>), or for a member of
        /// the callee's own object, what the caller built that object with (<see cref="ReceiverPaths"/>).
        /// </summary>
        private bool MapPath(IOperation? path, IMethodSymbol callee, ImmutableArray<IArgumentOperation> arguments, IOperation call, out IOperation? mapped)
        {
            if (!TryMap(path, callee, arguments, out mapped))
            {
                return false;
            }

            if (path != null && ReferenceEquals(mapped, path))
            {
                mapped = _receivers.Map(path, callee, call) ?? path;
            }

            return true;
        }

        private static bool TryMap(IOperation? path, IMethodSymbol callee, ImmutableArray<IArgumentOperation> arguments, out IOperation? mapped)
        {
            mapped = path;
            if (path == null || !(IOperationExtensions.Unwrap(path) is IParameterReferenceOperation parameter))
            {
                return true;
            }

            var owner = parameter.Parameter.ContainingSymbol;
            if (!SymbolEqualityComparer.Default.Equals(owner?.OriginalDefinition, callee.OriginalDefinition) &&
                !(owner is IMethodSymbol accessor && accessor.AssociatedSymbol != null &&
                  SymbolEqualityComparer.Default.Equals(accessor.AssociatedSymbol.OriginalDefinition, callee.AssociatedSymbol?.OriginalDefinition)))
            {
                // A parameter of an enclosing member captured by a local function: the caller is that member (or inside
                // it) and names it as it is. Any other member's parameter cannot be named by the caller.
                return callee.MethodKind == MethodKind.LocalFunction || owner == null || !(owner is IMethodSymbol);
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == parameter.Parameter.Ordinal &&
                    argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    mapped = argument.Value;
                    return true;
                }
            }

            mapped = null;
            return false;
        }

        private static string NameOf(IMethodSymbol method)
        {
            var name = method.AssociatedSymbol?.Name ?? method.Name;
            if (method.MethodKind == MethodKind.Constructor)
            {
                name = method.ContainingType.Name;
                return name;
            }

            return method.MethodKind == MethodKind.LocalFunction || method.ContainingType == null ? name : method.ContainingType.Name + "." + name;
        }

        private EffectSummary Build(IMethodSymbol method)
        {
            var effects = ImmutableArray.CreateBuilder<FileEffect>();
            FileEffect? returnedTest = null;
            FileEffect? returnedPresence = null;
            var trueWhenExists = false;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                var body = BodyOf(syntax);
                if (body == null)
                {
                    continue;
                }

                var model = ModelOf(syntax.SyntaxTree);
                var root = model?.GetOperation(body);
                if (root == null)
                {
                    continue;
                }

                Collect(root, effects);
                if (returnedPresence == null && NullWhenMissing.MayReturnNull(method.ReturnType))
                {
                    returnedPresence = NullWhenMissing.Of(root, this);
                }

                if (method.ReturnType.SpecialType == SpecialType.System_Boolean && returnedTest == null)
                {
                    var returned = SingleReturned(root);
                    if (returned != null)
                    {
                        returnedTest = TestOf(returned, ref trueWhenExists);
                    }
                }
            }

            if (returnedTest == null && method.ReturnType.SpecialType == SpecialType.System_Boolean)
            {
                returnedTest = TestNamedBy(method, effects, ref trueWhenExists);
            }

            return effects.Count == 0 && returnedTest == null && returnedPresence == null
                ? EffectSummary.Empty
                : new EffectSummary(effects.ToImmutable(), returnedTest, trueWhenExists, returnedPresence);
        }

        private void Collect(IOperation root, ImmutableArray<FileEffect>.Builder effects)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(root))
            {
                if (effects.Count >= MaxEffects)
                {
                    return;
                }

                if (!(operation is IInvocationOperation || operation is IObjectCreationOperation || operation is IPropertyReferenceOperation))
                {
                    continue;
                }

                var direct = DirectEffects.Of(operation, _symbols);
                if (direct != null)
                {
                    effects.Add(direct);
                    continue;
                }

                foreach (var effect in EffectsOfCall(operation))
                {
                    effects.Add(effect);
                }
            }
        }

        /// <summary>The existence test an expression's value is, through negation, comparison with a bool literal and helpers.</summary>
        internal FileEffect? TestOf(IOperation expression, ref bool trueWhenExists)
        {
            expression = IOperationExtensions.Unwrap(expression);
            switch (expression)
            {
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    {
                        var inner = TestOf(unary.Operand, ref trueWhenExists);
                        trueWhenExists = !trueWhenExists;
                        return inner;
                    }

                case IBinaryOperation binary when (binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals) &&
                                                  binary.RightOperand.ConstantValue.HasValue && binary.RightOperand.ConstantValue.Value is bool literal:
                    {
                        var inner = TestOf(binary.LeftOperand, ref trueWhenExists);
                        if (literal != (binary.OperatorKind == BinaryOperatorKind.Equals))
                        {
                            trueWhenExists = !trueWhenExists;
                        }

                        return inner;
                    }

                case IInvocationOperation _:
                case IPropertyReferenceOperation _:
                    {
                        var direct = DirectEffects.Of(expression, _symbols);
                        if (direct != null)
                        {
                            trueWhenExists = true;
                            return direct.Kind == EffectKind.Exists ? direct : null;
                        }

                        if (TryGetReturnedTest(expression, out var test, out var whenExists))
                        {
                            trueWhenExists = whenExists;
                            return test;
                        }

                        return null;
                    }

                default:
                    return null;
            }
        }

        private static readonly string[] TrueWhenExistsWords = { "locked", "exists", "exist", "held", "taken", "busy", "running", "present" };
        private static readonly string[] TrueWhenMissingWords = { "free", "available", "missing", "absent", "unlocked" };

        /// <summary>
        /// A bool member whose result is not one returned test but which tests a file's existence on its way
        /// (<c>IsLocked(path, timeout)</c> also reads the lock's time; <c>IsNotRunning()</c> also reads the pid): its name
        /// says which way round (<c>IsLocked</c>, <c>LockExists</c>, <c>IsNotRunning</c>, <c>IsFree</c>); otherwise no test.
        /// </summary>
        private static FileEffect? TestNamedBy(IMethodSymbol method, ImmutableArray<FileEffect>.Builder effects, ref bool trueWhenExists)
        {
            FileEffect? exists = null;
            foreach (var effect in effects)
            {
                if (effect.Kind == EffectKind.Exists && effect.Path != null)
                {
                    exists = effect;
                    break;
                }
            }

            if (exists == null)
            {
                return null;
            }

            var words = IdentifierWords.Split(method.AssociatedSymbol?.Name ?? method.Name);
            bool? polarity = null;
            foreach (var word in words)
            {
                if (Array.IndexOf(TrueWhenExistsWords, word) >= 0)
                {
                    polarity = true;
                }
                else if (Array.IndexOf(TrueWhenMissingWords, word) >= 0)
                {
                    polarity = false;
                }
            }

            if (polarity == null)
            {
                return null;
            }

            trueWhenExists = words.Contains("not") ? !polarity.Value : polarity.Value;
            return exists;
        }

        private static IOperation? SingleReturned(IOperation root)
        {
            IOperation? only = null;
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(root))
            {
                if (operation is IReturnOperation ret && ret.Kind == OperationKind.Return)
                {
                    if (only != null || ret.ReturnedValue == null)
                    {
                        return null;
                    }

                    only = ret.ReturnedValue;
                }
            }

            return only;
        }

        private static SyntaxNode? BodyOf(SyntaxNode declaration) => declaration switch
        {
            BaseMethodDeclarationSyntax method when method.Body != null || method.ExpressionBody != null => method,
            AccessorDeclarationSyntax accessor when accessor.Body != null || accessor.ExpressionBody != null => accessor,
            ArrowExpressionClauseSyntax arrow => arrow,
            LocalFunctionStatementSyntax local when local.Body != null || local.ExpressionBody != null => local,
            _ => null,
        };

#pragma warning disable RS1030 // A callee's body lives in another tree; its model is asked for once per tree and kept for the compilation.
        private SemanticModel? ModelOf(SyntaxTree tree) =>
            _compilation.ContainsSyntaxTree(tree) ? _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t)) : null;
#pragma warning restore RS1030
    }
}
