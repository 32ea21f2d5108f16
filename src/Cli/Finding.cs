using LockAnalyzers.Baseline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Cli;

/// <summary>One reported diagnostic with what the reports need: its place, its text, and the model its baseline key is computed from.</summary>
internal sealed class Finding
{
    private readonly Compilation _compilation;

    public Finding(Diagnostic diagnostic, Compilation compilation)
    {
        Diagnostic = diagnostic;
        _compilation = compilation;
        var span = diagnostic.Location.GetLineSpan();
        FullPath = span.Path;
        Start = span.StartLinePosition;
        End = span.EndLinePosition;
        Text = diagnostic.Location.SourceTree?.GetText();
    }

    public Diagnostic Diagnostic { get; }

    public string RuleId => Diagnostic.Id;

    public string FullPath { get; }

    /// <summary>Zero-based, as Roslyn counts.</summary>
    public LinePosition Start { get; }

    public LinePosition End { get; }

    public SourceText? Text { get; }

    public (FindingKey Key, string Code) KeyRelativeTo(string baselineDirectory)
    {
        var tree = Diagnostic.Location.SourceTree;
        var model = tree != null && _compilation.ContainsSyntaxTree(tree) ? _compilation.GetSemanticModel(tree) : null;
        return FindingKeys.Create(Diagnostic, model, baselineDirectory);
    }
}
