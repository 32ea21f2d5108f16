using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Seeds;

/// <summary>
/// Seed 003 (issue 3 item 6): a stale lock of a SIGKILLed owner sits in a directory made immutable (chattr +i), so it
/// can be neither renamed nor deleted. AcquireAsync must throw LockTimeoutException naming the lock within Timeout plus
/// one poll interval — never hang, never spin past the deadline.
/// </summary>
public sealed class UndeletableStaleLockTests(ITestOutputHelper output)
{
    private const int TimeoutMs = 1500;
    private const int PollMs = 100;

    /// <summary>Child-side scheduling slack on a loaded 2-core machine, on top of Timeout + one poll.</summary>
    private const int SlackMs = 250;

    [FaultFact(Facility.Chattr)]
    public void Stale_lock_in_an_immutable_directory_times_out_instead_of_hanging()
    {
        Facilities.Require(Facility.Chattr);
        using var scratch = new Scratch("seed003");
        var dir = scratch.Dir("locks");
        var lockPath = Path.Combine(dir, "datastore.lock");
        using var fleet = new Fleet();
        var owner = fleet.Start("owner", "owner", [$"lock={lockPath}", "hb=60000", "stale=100"]);
        owner.WaitFor("acquired", TimeSpan.FromSeconds(30));
        owner.Kill();
        scratch.ChattrImmutable(dir);
        Thread.Sleep(200);

        var contender = fleet.Start("contender", "contend", [$"lock={lockPath}", $"timeout={TimeoutMs}", $"poll={PollMs}", "stale=100", "hb=1000"]);
        var timeout = contender.TryWaitFor("timeout", TimeSpan.FromMilliseconds(TimeoutMs + 20000));
        if (timeout == null)
        {
            throw fleet.Fail("AcquireAsync did not throw LockTimeoutException (hang or another outcome)");
        }

        var elapsed = timeout.Double("elapsedms");
        output.WriteLine($"LockTimeoutException after {elapsed:F0} ms (Timeout {TimeoutMs} ms, poll {PollMs} ms); holder: {timeout["holder"]}; message: {timeout.Get("msg")}");
        Assert.True(elapsed >= TimeoutMs - 5, $"timed out early: {elapsed:F0} ms");
        Assert.True(elapsed <= TimeoutMs + PollMs + SlackMs, $"timed out {elapsed:F0} ms after start: more than Timeout {TimeoutMs} + poll {PollMs} + slack {SlackMs}");
        Assert.Equal(lockPath, timeout["lockpath"]);
        Assert.Contains(lockPath, timeout.Get("msg") ?? "");
        Assert.True(File.Exists(lockPath), "the immutable directory's lock vanished");
    }
}
