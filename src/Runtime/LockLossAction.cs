namespace LockAnalyzers.Runtime;

/// <summary>What a <see cref="LockPathWatch"/> does, besides reporting, when the lock path stops naming the held file.</summary>
public enum LockLossAction
{
    /// <summary>Report only: <see cref="LockPathWatch.Health"/>, <see cref="LockPathWatch.HealthChanged"/> and
    /// <see cref="LockPathWatch.Lost"/>. The holder must observe them and stop.</summary>
    Report,

    /// <summary>Report, then end the process with <see cref="Environment.Exit(int)"/> (exit code
    /// <see cref="LockPathWatch.LostExitCode"/>). ProcessExit handlers run; <c>finally</c> blocks of other threads do
    /// not, so the holder's own release code (which would delete the new owner's files) never runs. For a singleton
    /// process (a daemon) whose whole life is the lock.</summary>
    ExitProcess,
}
