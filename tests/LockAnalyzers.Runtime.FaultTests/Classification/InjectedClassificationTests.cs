using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Classification;

/// <summary>
/// Issue 3 item 1, injected: each errno, injected by the shim into one syscall per op, is classified by
/// LockHealthClassifier, reported by LockHeartbeat.Refresh (without throwing) and by a failed LockFile.TryAcquire,
/// which must not leave a half-created lock behind.
/// </summary>
public sealed class InjectedClassificationTests(ITestOutputHelper output)
{
    private static readonly string[] RawOps = ["touch", "touch-handle", "create", "write-small", "rename", "delete", "read"];

    [FaultTheory(Facility.Linux, Facility.Gcc)]
    [MemberData(nameof(ErrnoNames))]
    public void Each_errno_is_classified_reported_by_the_heartbeat_and_by_acquire(string errno)
    {
        Facilities.Require(Facility.Linux, Facility.Gcc);
        using var scratch = new Scratch("cls-" + errno.ToLowerInvariant());
        var dir = scratch.Dir("probe");
        foreach (var op in RawOps.Where(op => op != "create").Append("heartbeat"))
        {
            scratch.File($"probe/{op}.t", "seed\n");
        }

        var spec = Errnos.ShimPathSpec(RawOps) + ":/heartbeat.t@utimensat+futimens:/tryacquire.t@open+open64+openat+openat64";
        using var child = Child.Start("classify-" + errno, "probe", [$"dir={dir}", "ops=" + string.Join(",", RawOps.Append("heartbeat").Append("tryacquire"))], new ShimFault(spec, errno));
        Assert.Equal(0, child.WaitExit(TimeSpan.FromSeconds(60)));
        var expected = Errnos.All[errno].Health.ToString();
        foreach (var evt in child.Events.Where(e => e.Name is "raw" or "heartbeat" or "tryacquire"))
        {
            output.WriteLine($"{errno} {evt["op"]}: ok={evt["ok"]} health={evt["health"]} {evt.Get("ex")} {evt.Get("hr")}");
        }

        foreach (var evt in child.Events.Where(e => e.Name == "raw" && !e.Flag("ok")))
        {
            Assert.True(evt["health"] == expected, $"Classify({evt["ex"]} {evt["hr"]} inner {evt.Get("innerhr")}) from {evt["op"]} under {errno}: expected {expected}, got {evt["health"]}");
        }

        var heartbeat = child.WaitFor("heartbeat", TimeSpan.Zero);
        Assert.False(heartbeat.Flag("ok"), $"heartbeat under {errno} reported healthy: {heartbeat}");
        Assert.Equal(expected, heartbeat["health"]);

        var acquire = child.WaitFor("tryacquire", TimeSpan.Zero);
        Assert.False(acquire.Flag("ok"), $"TryAcquire under {errno} returned a lock: {acquire}");
        Assert.Equal(expected, acquire["health"]);
        Assert.False(acquire.Flag("exists"), $"TryAcquire under {errno} left a lock file behind: {acquire}");
    }

    public static TheoryData<string> ErrnoNames() => Errnos.Names();
}
