using System.Collections.Immutable;
using System.Globalization;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK006
{
    /// <summary>
    /// LCK006: a lock file created by a non-exclusive create that runs only when an existence test said the file was
    /// missing. Two processes can both pass the test and both "own" the lock (seed 004's race, on the acquire side).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LCK006CheckThenCreateAnalyzer : LockAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.CheckThenCreate);

        internal override void OnCompilationStart(LockCompilationContext context)
        {
            var symbols = context.Symbols;
            var options = context.Options;
            // Only the calls and creations named by what SyntaxFilter.MayBeCreate accepts (or a target-typed new) can be
            // flagged, and only those where some enclosing or earlier condition could be an existence test get a semantic look.
            context.RegisterOperationActionInMembersMentioning(
                PrefilterWords.Mask(
                    "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
                    "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync",
                    "Create", "CreateText", "AppendText", "Open", "OpenWrite", "FileStream", "StreamWriter", PrefilterWords.TargetTypedNew),
                IsCandidateSyntax,
                c => Analyze(c, symbols, options),
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
            var effects = context.Effects;
            context.RegisterLockContextAction(block => CheckThenCreateThroughHelpers.Analyze(block, effects));
        }

        private static bool IsCandidateSyntax(SyntaxNode syntax) => SyntaxFilter.MayBeCreate(syntax) && ExistenceGuard.MayExist(syntax);

        private static void Analyze(LockOperationContext context, KnownSymbols symbols, LockAnalyzerOptions options)
        {
            // Cheap syntactic filters first: only creating call names and the two writer types, and only where some
            // enclosing or earlier condition could be an existence test, get any semantic look.
            var operation = context.Operation;
            var syntax = operation.Syntax;
            if (!IsCandidateSyntax(syntax))
            {
                return;
            }

            if (!FileCalls.TryGetCertainCreate(operation, symbols, out var path, out var kind) || kind == CreateKind.Exclusive ||
                (kind == CreateKind.HandleLock && !TransientHandle.Is(syntax)) || path == null)
            {
                return;
            }

            if (!options.GetRecognizer(operation.Syntax.SyntaxTree).IsLockPath(path))
            {
                return;
            }

            if (IsSerialized(operation, path, symbols))
            {
                return;
            }

            var model = operation.SemanticModel!;
            if (!ExistenceGuard.TryFind(symbols, CompilationState.EffectsOf(model.Compilation), model, operation.Syntax, path, out var test, out var shape) || test == null)
            {
                return;
            }

            // The test's span travels in the properties (not as an additional location) so the fix can find it.
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ExistenceGuard.ShapeProperty, shape.ToString())
                .Add(ExistenceGuard.TestStartProperty, test.SpanStart.ToString(CultureInfo.InvariantCulture))
                .Add(ExistenceGuard.TestLengthProperty, test.Span.Length.ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticCatalogue.CheckThenCreate,
                operation.Syntax.GetLocation(),
                properties,
                path.Syntax.ToString()));
        }

        /// <summary>
        /// The check and the create already run under another cross-process lock taken earlier in the member (a named
        /// mutex, an exclusive guard file, an Acquire call): then check-then-create is the serialized transition seed
        /// 004's fix built, not a race.
        /// </summary>
        internal static bool IsSerialized(IOperation create, IOperation path, KnownSymbols symbols)
        {
            var start = create.Syntax.SpanStart;
            foreach (var operation in IOperationExtensions.DescendantsOf(IOperationExtensions.MemberRoot(create)))
            {
                if (operation.Syntax.SpanStart >= start)
                {
                    continue;
                }

                if (operation is IInvocationOperation call &&
                    !(create is IInvocationOperation same && SymbolEqualityComparer.Default.Equals(call.TargetMethod, same.TargetMethod)))
                {
                    // (An earlier call of the same acquiring helper is this create on another path through the member, not another lock.)
                    var name = call.TargetMethod.Name;
                    if (name == "WaitOne" || (name == "Lock" && call.Instance != null && KnownSymbols.InheritsFromOrIs(call.Instance.Type, symbols.FileStream)))
                    {
                        return true;
                    }

                    var words = IdentifierWords.Split(name);
                    if (words.Contains("acquire") || words.Contains("mutex"))
                    {
                        return true;
                    }
                }

                if (FileCalls.TryGetCertainCreate(operation, symbols, out var guardPath, out var kind) && (kind == CreateKind.Exclusive || kind == CreateKind.HandleLock) &&
                    !PathIdentity.Same(guardPath, path))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
