namespace LockAnalyzers.Tests.Robustness;

/// <summary>
/// Inputs on which an analyzer or fixer once crashed (found by the fuzz test or the benchmark). Each stays in the
/// fuzz corpus, so it is also truncated and damaged on every run.
/// </summary>
public static class RegressionInputs
{
    public static IReadOnlyList<BuiltInShapes.Shape> All { get; } = Array.Empty<BuiltInShapes.Shape>();
}
