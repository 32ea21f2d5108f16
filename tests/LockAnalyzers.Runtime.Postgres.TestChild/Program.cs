using LockAnalyzers.Runtime.Postgres.TestChild;
using LockAnalyzers.TestHelper;

// Roles are documented in their files; every role prints "@evt" lines and exits 0 unless it crashed.
var parsed = new Args(args);
try
{
    Events.Emit("start", ("role", parsed.Role));
    var code = parsed.Role switch
    {
        "hold" => await HoldRole.RunAsync(parsed),
        "herd" => await HerdRole.RunAsync(parsed),
        "worker" => await WorkerRole.RunAsync(parsed),
        _ => throw new ArgumentException($"unknown role '{parsed.Role}'"),
    };
    Events.Emit("exit", ("code", code));
    return code;
}
catch (Exception ex)
{
    Events.Emit("crash", [.. Events.DescribeException(ex), ("msg", ex.ToString())]);
    return 2;
}
