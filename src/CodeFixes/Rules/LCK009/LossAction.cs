namespace LockAnalyzers.CodeFixes.Rules.LCK009
{
    /// <summary>What the LCK009 fix's watch does when the lock file is lost: exit the process, or report and go on.</summary>
    internal enum LossAction
    {
        ExitProcess,
        Report,
    }
}
