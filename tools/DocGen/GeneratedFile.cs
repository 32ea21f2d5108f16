namespace LockAnalyzers.DocGen;

/// <summary>A file as the catalogue says it must read, by its path relative to the repository root ('/' separated).</summary>
public sealed record GeneratedFile(string RelativePath, string Content);
