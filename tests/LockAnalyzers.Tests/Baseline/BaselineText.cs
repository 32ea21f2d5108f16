using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Tests.Baseline;

/// <summary>A baseline file handed to the analyzers as an AdditionalFiles item, as the build does.</summary>
internal sealed class BaselineText : AdditionalText
{
    private readonly string? _text;

    public BaselineText(string path, string? text)
    {
        Path = path;
        _text = text;
    }

    public override string Path { get; }

    /// <summary>Null when the file could not be read, as the compiler reports an unreadable additional file.</summary>
    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text == null ? null : SourceText.From(_text);
}
