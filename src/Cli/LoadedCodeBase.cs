namespace LockAnalyzers.Cli;

/// <summary>What an audit analyses: its compilations, and the folder that SARIF locations are relative to.</summary>
internal sealed record LoadedCodeBase(string Root, IReadOnlyList<AnalysisTarget> Targets);
