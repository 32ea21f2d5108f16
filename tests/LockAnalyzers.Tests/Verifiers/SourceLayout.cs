namespace LockAnalyzers.Tests.Verifiers;

/// <summary>
/// Another layout of a test's four-space, LF source, so that a fix test can show the inserted code follows the file:
/// tab indentation, two-space indentation, CRLF line endings (and the source as written).
/// </summary>
public enum SourceLayout
{
    FourSpaces,
    Tabs,
    TwoSpaces,
    Crlf,
}
