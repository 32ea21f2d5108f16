using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Seeds;

/// <summary>
/// Seed 000 (issue 3 item 2): the holder's heartbeat starts failing while it is inside; a contender polls with a short
/// StaleAfter. The two are never inside at once (O_EXCL marker + read-modify-write counter), the holder's Lost fires
/// with the classified health, and once the holder leaves and releases, the contender gets in.
/// </summary>
public sealed class TwoContenderTests(ITestOutputHelper output)
{
    private const int HeartbeatMs = 100;
    private const int StaleMs = 400;

    public static TheoryData<string> Faults()
    {
        var data = Errnos.Names();
        // A read-only bind mount is not a heartbeat fault here: a bind remount,ro fails (EBUSY) while the holder has the
        // lock open for writing through it, and through a handle opened before the mount the heartbeat keeps working.
        data.Add("chattr+i");
        return data;
    }

    [FaultTheory(Facility.Root, Facility.Gcc, Facility.Chattr)]
    [MemberData(nameof(Faults))]
    public void Failing_heartbeat_never_lets_the_contender_in_while_the_holder_is_inside(string fault)
    {
        Facilities.Require(Facility.Root, Facility.Gcc, Facility.Chattr);
        using var scratch = new Scratch("seed000-" + fault.Replace('+', '-'));
        var lockDir = scratch.Dir("locks");
        var lockPath = Path.Combine(lockDir, "seed000.lock");
        var witness = scratch.Dir("witness");
        var trigger = scratch.PathOf("fault-on");
        var injected = Errnos.All.ContainsKey(fault);
        var shim = injected ? new ShimFault("seed000.lock", fault) { Ops = ShimFault.HeartbeatOps, TriggerFile = trigger } : null;
        var timing = new[] { $"hb={HeartbeatMs}", $"stale={StaleMs}", "poll=25" };

        using var fleet = new Fleet();
        var holder = fleet.Start("holder", "hold", [$"lock={lockPath}", $"witness={witness}", "timeout=10000", .. timing], shim);
        holder.WaitFor("entered", TimeSpan.FromSeconds(30));

        var expected = fault switch
        {
            "chattr+i" => LockHealth.PermissionDenied,
            _ => Errnos.All[fault].Health,
        };
        var faultOn = Clock.NowMs();
        switch (fault)
        {
            case "chattr+i":
                scratch.ChattrImmutable(lockPath);
                break;
            default:
                File.WriteAllText(trigger, "");
                break;
        }

        var lost = holder.WaitFor("lost", TimeSpan.FromSeconds(10));
        output.WriteLine($"{fault}: Lost fired {lost.T - faultOn:F0} ms after the fault (heartbeat {HeartbeatMs} ms) with {lost["h"]}");
        Assert.Equal(expected.ToString(), lost["h"]);

        // The holder stays inside for 3 x StaleAfter with a stale mtime: the contender must not get in.
        var contender = fleet.Start("contender", "contend", [$"lock={lockPath}", $"witness={witness}", "timeout=15000", "holdms=20", .. timing]);
        Thread.Sleep(3 * StaleMs);
        Assert.Null(contender.TryWaitFor("entered", TimeSpan.Zero));

        // Undo the real fault (it would also stop the release), then leave and release.
        if (fault == "chattr+i")
        {
            scratch.ClearImmutable(lockPath);
        }

        holder.Send("release");
        var released = holder.WaitFor("released", TimeSpan.FromSeconds(10));
        var left = holder.WaitFor("left", TimeSpan.Zero);
        output.WriteLine($"{fault}: holder released ok={released["ok"]}");

        {
            var entered = contender.TryWaitFor("entered", TimeSpan.FromSeconds(15));
            if (entered == null)
            {
                throw fleet.Fail($"{fault}: the contender never got in after the holder released");
            }

            Assert.True(entered.T >= left.T, $"contender entered at {entered.T:F3} before the holder left at {left.T:F3}");
            output.WriteLine($"{fault}: contender entered {entered.T - left.T:F0} ms after the holder left");
        }

        contender.WaitExit(TimeSpan.FromSeconds(20));
        fleet.AssertNoOverlap();
    }
}
