using LockAnalyzers.TestHelper;

// Roles are documented in Roles/*.cs; every role prints "@evt" lines (see Events) and exits 0 unless it crashed.
var parsed = new Args(args);
try
{
    Events.Emit("start", ("role", parsed.Role));
    var code = parsed.Role switch
    {
        "probe" => ProbeRole.Run(parsed),
        "hold" => HoldRole.Run(parsed),
        "handle-hold" => HandleHoldRole.Run(parsed),
        "contend" => ContendRole.Run(parsed),
        "herd" => HerdRole.Run(parsed),
        "worker" => WorkerRole.Run(parsed),
        "owner" => OwnerRole.Run(parsed),
        "steal" => OneShotRoles.Steal(parsed),
        "retire" => OneShotRoles.Retire(parsed),
        "release-token" => OneShotRoles.ReleaseToken(parsed),
        _ => throw new ArgumentException($"unknown role '{parsed.Role}'"),
    };
    Events.Emit("exit", ("code", code));
    return code;
}
catch (NotImplementedException ex)
{
    Events.Emit("notimpl", ("msg", ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? ex.Message));
    return 3;
}
catch (Exception ex)
{
    Events.Emit("crash", [.. Events.DescribeException(ex), ("msg", ex.ToString())]);
    return 2;
}
