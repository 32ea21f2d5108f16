namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>What a fault test needs from the machine.</summary>
public enum Facility
{
    Linux,
    Root,
    Gcc,
    Tmpfs,
    Chattr,
    BindMountReadOnly,
    Setpriv,
}
