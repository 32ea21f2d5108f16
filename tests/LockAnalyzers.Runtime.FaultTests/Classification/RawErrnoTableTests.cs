using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Classification;

/// <summary>
/// The raw facts the classifier is built on: what plain .NET file calls throw on Linux when one syscall fails with a
/// given errno (injected by the shim into a child). Needs no runtime; the table is printed for docs/runtime-fault-tests.md.
/// </summary>
public sealed class RawErrnoTableTests(ITestOutputHelper output)
{
    private static readonly string[] Ops = ["touch", "touch-handle", "create", "write-small", "write-large", "fsync", "rename", "delete", "read"];

    [FaultTheory(Facility.Linux, Facility.Gcc)]
    [MemberData(nameof(ErrnoNames))]
    public void Plain_dotnet_calls_surface_the_injected_errno(string errno)
    {
        Facilities.Require(Facility.Linux, Facility.Gcc);
        using var scratch = new Scratch("raw-" + errno.ToLowerInvariant());
        var dir = scratch.Dir("probe");
        foreach (var op in Ops.Where(op => op != "create"))
        {
            scratch.File($"probe/{op}.t", "seed\n");
        }

        using var child = Child.Start("probe-" + errno, "probe", [$"dir={dir}", "ops=" + string.Join(",", Ops)], new ShimFault(Errnos.ShimPathSpec(Ops), errno));
        Assert.Equal(0, child.WaitExit(TimeSpan.FromSeconds(60)));
        var (number, _) = Errnos.All[errno];
        foreach (var evt in child.Events.Where(e => e.Name == "raw"))
        {
            output.WriteLine($"| {errno} | {evt["op"]} | {evt.Get("ex") ?? "(no exception)"} | {evt.Get("hr") ?? ""} | {evt.Get("inner") ?? ""} {evt.Get("innerhr") ?? ""} | {evt.Get("health")} |");
        }

        var byOp = child.Events.Where(e => e.Name == "raw").ToDictionary(e => e["op"]);
        Assert.Equal(Ops.Length, byOp.Count);

        // Every op that reaches the faulted syscall fails with the errno, as IOException.HResult == errno or, for
        // EACCES/EPERM, as UnauthorizedAccessException 0x80070005 wrapping an IOException whose HResult is the errno.
        // Two facts are printed but not asserted: FileStream.Flush(true) swallows an fsync failure, and File.Delete
        // swallows ENOENT.
        foreach (var op in new[] { "touch", "touch-handle", "create", "write-small", "write-large", "rename", "delete", "read" })
        {
            if (errno == "ENOENT" && op == "delete")
            {
                continue;
            }

            var evt = byOp[op];
            Assert.False(evt.Flag("ok"), $"{op} under {errno} did not fail: {evt}");
            switch (errno)
            {
                case "EACCES" or "EPERM" when op is not ("write-small" or "write-large"):
                    Assert.Equal("UnauthorizedAccessException", evt["ex"]);
                    Assert.Equal("0x80070005", evt["hr"]);
                    Assert.Equal($"0x{number:X8}", evt["innerhr"]);
                    break;
                case "ENOENT":
                    Assert.True(evt["ex"] is "FileNotFoundException" or "DirectoryNotFoundException", evt.ToString());
                    break;
                default:
                    Assert.True(evt["hr"] == $"0x{number:X8}" || evt.Get("innerhr") == $"0x{number:X8}", $"{op} under {errno}: expected errno {number} in the HResult: {evt}");
                    break;
            }
        }
    }

    public static TheoryData<string> ErrnoNames() => Errnos.Names();
}
