namespace LockAnalyzers.Cli;

/// <summary>An input the audit cannot use (bad argument, missing path, nothing loadable): one line for the user, exit code 2.</summary>
internal sealed class AuditException : Exception
{
    public AuditException(string message)
        : base(message)
    {
    }
}
