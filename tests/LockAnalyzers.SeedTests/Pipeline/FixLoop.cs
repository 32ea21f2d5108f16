using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockAnalyzers.SeedTests.Pipeline;

/// <summary>One fix the loop applied: which rule, which action (title and equivalence key), how, and on how many diagnostics.</summary>
public sealed record AppliedFix(string Rule, string Provider, string Title, string? EquivalenceKey, string How, int DiagnosticsBefore, int DiagnosticsAfter)
{
    public override string ToString() =>
        $"{Rule} via {Provider}: \"{Title}\" [{EquivalenceKey}] {How}, {Rule} diagnostics {DiagnosticsBefore} -> {DiagnosticsAfter}";
}

/// <summary>
/// Applies every offered fix to one document the way an IDE's "Fix all occurrences in document" (or dotnet format)
/// does: per rule, ask the real CodeFixProviders for their actions on the first diagnostic that has one, take the first
/// action offered (the one an IDE puts on top), and run it through the provider's FixAllProvider for all diagnostics of
/// that rule in the document. Re-analyze after every rule, because one rule's fix can remove or move another's
/// diagnostics, and stop when no fixable diagnostic is left or after a bound.
/// </summary>
public sealed class FixLoop
{
    private const int MaxIterations = 16;

    private readonly List<AppliedFix> _applied = new();
    private readonly List<string> _problems = new();
    private readonly HashSet<string> _exhausted = new(StringComparer.Ordinal);

    public IReadOnlyList<AppliedFix> Applied => _applied;

    /// <summary>Fixes that did not behave: threw, did not remove their diagnostic, were not offered although a provider exists.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public async Task<Solution> RunAsync(Solution solution, DocumentId documentId, CancellationToken cancellationToken = default)
    {
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var document = solution.GetDocument(documentId)!;
            var diagnostics = await DocumentDiagnosticsAsync(document, cancellationToken);
            Solution? next = null;
            foreach (var group in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                next = await TryFixRuleAsync(document, group.Key, group.ToImmutableArray(), cancellationToken);
                if (next != null)
                {
                    break;
                }
            }

            if (next == null)
            {
                return solution;
            }

            solution = next;
        }

        _problems.Add($"fix loop stopped after {MaxIterations} iterations with fixable diagnostics left");
        return solution;
    }

    private async Task<Solution?> TryFixRuleAsync(Document document, string rule, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var provider in LockTooling.Fixers.Where(f => f.FixableDiagnosticIds.Contains(rule)))
        {
            var providerName = provider.GetType().Name;
            foreach (var diagnostic in diagnostics)
            {
                var actions = await OfferedActionsAsync(provider, document, diagnostic, rule, cancellationToken);
                var action = actions.FirstOrDefault(a => !_exhausted.Contains(Key(rule, a)));
                if (action == null)
                {
                    continue;
                }

                var (changed, how) = await ApplyAsync(provider, action, document, rule, cancellationToken);
                if (changed == null)
                {
                    _exhausted.Add(Key(rule, action));
                    continue;
                }

                var after = (await DocumentDiagnosticsAsync(changed.GetDocument(document.Id)!, cancellationToken)).Count(d => d.Id == rule);
                _applied.Add(new AppliedFix(rule, providerName, action.Title, action.EquivalenceKey, how, diagnostics.Length, after));
                if (after >= diagnostics.Length)
                {
                    // A fix that leaves its own diagnostic in place would loop forever: report it and stop offering it.
                    _problems.Add($"{rule}: \"{action.Title}\" left {after} of {diagnostics.Length} {rule} diagnostics in place");
                    _exhausted.Add(Key(rule, action));
                }

                return changed;
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<CodeAction>> OfferedActionsAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic, string rule, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.AddRange(Flatten(action)), cancellationToken);
        try
        {
            await provider.RegisterCodeFixesAsync(context);
        }
        catch (Exception ex)
        {
            _problems.Add($"{rule}: {provider.GetType().Name}.RegisterCodeFixesAsync threw {ex.GetType().Name}: {ex.Message}");
        }

        return actions;
    }

    private async Task<(Solution? Changed, string How)> ApplyAsync(CodeFixProvider provider, CodeAction action, Document document, string rule, CancellationToken cancellationToken)
    {
        try
        {
            var fixAll = provider.GetFixAllProvider();
            if (fixAll != null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
            {
                var context = new FixAllContext(
                    document,
                    provider,
                    FixAllScope.Document,
                    action.EquivalenceKey,
                    new[] { rule },
                    new AnalyzerDiagnosticProvider(),
                    cancellationToken);
                var fixAllAction = await fixAll.GetFixAsync(context);
                if (fixAllAction != null)
                {
                    var viaFixAll = await ChangedSolutionAsync(fixAllAction, cancellationToken);
                    if (viaFixAll != null)
                    {
                        return (viaFixAll, "FixAll(document)");
                    }
                }

                _problems.Add($"{rule}: FixAll with key [{action.EquivalenceKey}] produced no change; applied the single action instead");
            }
            else
            {
                _problems.Add($"{rule}: {provider.GetType().Name} has no FixAllProvider for document scope; applied the single action");
            }

            return (await ChangedSolutionAsync(action, cancellationToken), "single action");
        }
        catch (Exception ex)
        {
            _problems.Add($"{rule}: applying \"{action.Title}\" threw {ex.GetType().Name}: {ex.Message}");
            return (null, "");
        }
    }

    private static async Task<Solution?> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken);
        return operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution;
    }

    internal static async Task<ImmutableArray<Diagnostic>> DocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken);
        var all = await LockTooling.AnalyzeAsync(compilation!, cancellationToken);
        return all.Where(d => d.Location.SourceTree == tree && d.Id.StartsWith("LCK", StringComparison.Ordinal)).ToImmutableArray();
    }

    private static string Key(string rule, CodeAction action) => rule + "|" + (action.EquivalenceKey ?? action.Title);

    /// <summary>Actions grouped under a parent (a submenu) are offered as their children, as an IDE shows them.</summary>
    private static IEnumerable<CodeAction> Flatten(CodeAction action)
    {
        var nested = typeof(CodeAction).GetProperty("NestedCodeActions", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(action);
        if (nested is ImmutableArray<CodeAction> children && !children.IsDefaultOrEmpty)
        {
            return children.SelectMany(Flatten);
        }

        return new[] { action };
    }

    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            await DocumentDiagnosticsAsync(document, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken);
            return await LockTooling.AnalyzeAsync(compilation!, cancellationToken);
        }
    }
}
