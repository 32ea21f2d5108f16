using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Cli;

/// <summary>One compilation to analyse: a loaded project, or a folder's .cs files compiled together.</summary>
internal sealed record AnalysisTarget(string Name, Compilation Compilation, AnalyzerOptions Options);
