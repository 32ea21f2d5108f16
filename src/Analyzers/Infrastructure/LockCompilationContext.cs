using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// What a rule gets at compilation start: the symbols, the options and registration methods whose callbacks
    /// turn an unexpected exception into one that names the rule, file and line (AD0001 then points at the cause).
    /// </summary>
    internal sealed class LockCompilationContext
    {
        private readonly CompilationStartAnalysisContext _start;
        private readonly string _rule;

#pragma warning disable RS1012 // The start context is kept and registered through the methods below.
        public LockCompilationContext(CompilationStartAnalysisContext start, KnownSymbols symbols, LockAnalyzerOptions options, string rule)
        {
            _start = start;
            Symbols = symbols;
            Options = options;
            _rule = rule;
        }
#pragma warning restore RS1012

        public KnownSymbols Symbols { get; }

        public LockAnalyzerOptions Options { get; }

        public Compilation Compilation => _start.Compilation;

        /// <summary>The effect summaries of the compilation's source members (see <see cref="Effects.EffectSummaries"/>).</summary>
        public Effects.EffectSummaries Effects => CompilationState.EffectsOf(_start.Compilation);

        /// <summary>
        /// A block-level analysis of the blocks that mention a lock word or sit in a type whose name has one
        /// (<see cref="Effects.LockContextBlocks"/>): where a lock is handled through helpers that no System.IO word names.
        /// </summary>
        public void RegisterLockContextAction(Action<Effects.LockContextBlock> action) =>
            _start.RegisterSemanticModelAction(
                c =>
                {
                    if (!Symbols.HasFile)
                    {
                        return;
                    }

                    var model = c.SemanticModel;
                    var recognizer = Options.GetRecognizer(model.SyntaxTree);
                    var effects = Effects;
                    Effects.LockContextBlock? context = null;
                    foreach (var block in global::LockAnalyzers.Effects.LockContextBlocks.Of(model, recognizer, effects, c.CancellationToken))
                    {
                        if (c.FilterSpan.HasValue && !c.FilterSpan.Value.IntersectsWith(block.FullSpan) ||
                            !effects.MayReachEffectsThroughCalls(block))
                        {
                            continue;
                        }

                        try
                        {
                            if (context == null)
                            {
                                context = new Effects.LockContextBlock(block, recognizer, c);
                            }
                            else
                            {
                                context.MoveTo(block);
                            }

                            action(context);
                        }
                        catch (Exception ex) when (IsCrash(ex))
                        {
                            throw Crash(BlockLocation(block), ex);
                        }
                    }
                });

        // The wrappers cost nothing on the happy path: no closure per call, and the location is computed only
        // once a callback has thrown. No rule registers through RegisterOperationAction, RegisterOperationBlockStartAction,
        // RegisterOperationBlockAction, RegisterSyntaxNodeAction or RegisterSymbolAction (they all go through
        // RegisterMemberAction); these stay because Robustness/CrashReportingTests registers a throwing callback of every
        // kind through them to prove each one names the crash, which it could not do through the member action alone.
        public void RegisterOperationAction(Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
            _start.RegisterOperationAction(Guarded(action, c => c.Operation.Syntax.GetLocation()), kinds);

        /// <summary>
        /// Operation actions that run only inside executable code blocks whose text mentions one of the words in
        /// <paramref name="words"/> (a <see cref="PrefilterWords.Mask"/>). The words must be a necessary condition of the
        /// rule's own syntax test.
        /// </summary>
        public void RegisterOperationActionInMembersMentioning(ulong words, Action<LockOperationContext> action, params OperationKind[] kinds) =>
            RegisterOperationActionInMembers(words, null, null, action, kinds);

        /// <summary>
        /// Like <see cref="RegisterOperationActionInMembersMentioning"/>, for candidates whose syntax passes
        /// <paramref name="syntaxFilter"/>: the rule's own first syntax test, run before the operation is looked up.
        /// </summary>
        public void RegisterOperationActionInMembersMentioning(ulong words, Func<SyntaxNode, bool> syntaxFilter, Action<LockOperationContext> action, params OperationKind[] kinds) =>
            RegisterOperationActionInMembers(words, null, syntaxFilter, action, kinds);

        /// <summary>
        /// Like <see cref="RegisterOperationActionInMembersMentioning"/>, for blocks that also pass <paramref name="blockFilter"/>
        /// (given the block's syntax) and candidates whose syntax passes <paramref name="syntaxFilter"/>: cheap syntactic
        /// tests that must be necessary conditions of the rule's own tests.
        /// </summary>
        public void RegisterOperationActionInMembers(ulong words, Func<SyntaxNode, bool>? blockFilter, Func<SyntaxNode, bool>? syntaxFilter, Action<LockOperationContext> action, params OperationKind[] kinds)
        {
            var roles = CandidateSyntax.RolesOf(kinds);
            RegisterMemberAction(
                words,
                blockFilter,
                roles,
                syntaxFilter ?? AnySyntax,
                member =>
                {
                    var candidates = member.Candidates(kinds, roles, syntaxFilter);
                    for (var i = 0; i < candidates.Count; i++)
                    {
                        var operation = candidates[i];
                        try
                        {
                            action(new LockOperationContext(operation, member));
                        }
                        catch (Exception ex) when (IsCrash(ex))
                        {
                            throw Crash(operation.Syntax.GetLocation(), ex);
                        }
                    }
                });
        }

        /// <summary>
        /// A block-level analysis: <paramref name="action"/> gets every executable code block whose text mentions one of
        /// <paramref name="words"/> and that passes <paramref name="blockFilter"/>.
        /// </summary>
        /// <remarks>
        /// One semantic-model callback per syntax tree, not one driver callback per member: the tree's text is scanned
        /// once for all rules (<see cref="TextHits"/>), its blocks are found once (<see cref="CodeBlocks"/>), and only
        /// the blocks holding a hit are looked at. Operations come from the semantic model the driver shares with its own
        /// operation-block analysis, so a block is bound once, by whoever asks first.
        /// </remarks>
        public void RegisterMemberAction(ulong words, Func<SyntaxNode, bool>? blockFilter, Action<LockBlockContext> action) =>
            RegisterMemberAction(words, blockFilter, CandidateRoles.None, null, action);

        /// <summary>
        /// Like <see cref="RegisterMemberAction(ulong, Func{SyntaxNode, bool}?, Action{LockBlockContext})"/>, for blocks
        /// where the words name syntax of <paramref name="roles"/> that passes <paramref name="candidateFilter"/> (the
        /// rule's first syntax test of a candidate, a necessary condition of its own tests). The test runs before the
        /// block's context is made, so the blocks it turns away cost no allocation.
        /// </summary>
        public void RegisterMemberAction(ulong words, Func<SyntaxNode, bool>? blockFilter, CandidateRoles roles, Func<SyntaxNode, bool>? candidateFilter, Action<LockBlockContext> action) =>
            _start.RegisterSemanticModelAction(
                c =>
                {
                    var model = c.SemanticModel;
                    var tree = model.SyntaxTree;
                    if (!TextHits.Of(tree).MayMentionAny(words) || !Symbols.HasFile)
                    {
                        return;
                    }

                    var cancellationToken = c.CancellationToken;
                    var blocks = CodeBlocks.Of(model, cancellationToken);
                    var filterSpan = c.FilterSpan;
                    LockBlockContext? member = null;
                    for (var i = 0; i < blocks.Count; i++)
                    {
                        if (!blocks.Mentions(i, words))
                        {
                            continue;
                        }

                        var block = blocks.Block(i);
                        if (filterSpan.HasValue && !filterSpan.Value.IntersectsWith(block.FullSpan))
                        {
                            continue;
                        }

                        try
                        {
                            if (blockFilter != null && !blockFilter(block))
                            {
                                continue;
                            }

                            IReadOnlyList<SyntaxNode>? syntax = null;
                            if (candidateFilter != null && !NamesCandidate(syntax = blocks.CandidatesOf(i).Syntax(roles, words), candidateFilter))
                            {
                                continue;
                            }

                            if (member == null)
                            {
                                member = new LockBlockContext(blocks, i, words, c);
                            }
                            else
                            {
                                member.MoveTo(i);
                            }

                            if (candidateFilter != null)
                            {
                                member.KnowCandidateSyntax(roles, syntax);
                            }

                            action(member);
                        }
                        catch (Exception ex) when (IsCrash(ex))
                        {
                            throw Crash(BlockLocation(block), ex);
                        }
                    }
                });

        public void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _start.RegisterOperationBlockStartAction(Guarded(action, c => FirstLocation(c.OwningSymbol)));

        public void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _start.RegisterOperationBlockAction(Guarded(action, c => FirstLocation(c.OwningSymbol)));

        public void RegisterSyntaxNodeAction<TKind>(Action<SyntaxNodeAnalysisContext> action, params TKind[] kinds)
            where TKind : struct =>
            _start.RegisterSyntaxNodeAction(Guarded(action, c => c.Node.GetLocation()), kinds);

        public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, params SymbolKind[] kinds) =>
            _start.RegisterSymbolAction(Guarded(action, c => FirstLocation(c.Symbol)), kinds);

        /// <summary>
        /// The action, run only when the compilation has System.IO's file types, with a crash turned into an AD0001
        /// that names the rule and the place.
        /// </summary>
        private Action<TContext> Guarded<TContext>(Action<TContext> action, Func<TContext, Location> where) =>
            c =>
            {
                if (!Symbols.HasFile)
                {
                    return;
                }

                try
                {
                    action(c);
                }
                catch (Exception ex) when (IsCrash(ex))
                {
                    throw Crash(where(c), ex);
                }
            };

        private static readonly Func<SyntaxNode, bool> AnySyntax = _ => true;

        /// <summary>Whether a candidate passes the test; every node may be one when the text could not be scanned (null).</summary>
        private static bool NamesCandidate(IReadOnlyList<SyntaxNode>? syntax, Func<SyntaxNode, bool> candidateFilter)
        {
            if (syntax == null)
            {
                return true;
            }

            for (var i = 0; i < syntax.Count; i++)
            {
                if (candidateFilter(syntax[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCrash(Exception ex) => !(ex is OperationCanceledException) && !(ex is AnalyzerCrashException);

        /// <summary>Where a crash in a block is reported: the member's name rather than its first attribute or comment.</summary>
        private static Location BlockLocation(SyntaxNode block)
        {
            switch (block)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method:
                    return method.Identifier.GetLocation();
                case Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax constructor:
                    return constructor.Identifier.GetLocation();
                case Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax accessor:
                    return accessor.Keyword.GetLocation();
                default:
                    return block.GetLocation();
            }
        }

        private static Location FirstLocation(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;

        private AnalyzerCrashException Crash(Location location, Exception ex) => new AnalyzerCrashException(_rule, location, ex);
    }

    /// <summary>Carries the rule, file and line of a crash into the AD0001 message.</summary>
    internal sealed class AnalyzerCrashException : Exception
    {
        public AnalyzerCrashException(string rule, Location location, Exception inner)
            : base(Describe(rule, location, inner), inner)
        {
        }

        private static string Describe(string rule, Location location, Exception inner)
        {
            var span = location.GetLineSpan();
            var where = span.IsValid ? span.Path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")" : "unknown location";
            return rule + " crashed at " + where + ": " + inner.GetType().Name + ": " + inner.Message;
        }
    }
}
