using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Seeds;

/// <summary>
/// Seed 004 (issue 3 item 5): LockSteal.TryRetire refuses to retire a live holder's lock; legacy code that deletes it
/// anyway lets B take the lock over while A still runs. A's late release — through its LockFile and through the static
/// Release(path, token) — leaves B's lock in place; B's own release removes it. B's fencing token is higher than A's.
/// </summary>
public sealed class ReleaseAfterTakeoverTests
{
    [FaultFact(Facility.Linux)]
    public void A_release_after_a_takeover_leaves_the_new_owners_lock()
    {
        Facilities.Require(Facility.Linux);
        using var scratch = new Scratch("seed004-release");
        var lockPath = Path.Combine(scratch.Dir("fleet"), "restart.lock");
        using var fleet = new Fleet();
        var a = fleet.Start("A", "hold", [$"lock={lockPath}", "hb=200", "stale=5000"]);
        var aAcquired = a.WaitFor("acquired", TimeSpan.FromSeconds(30));

        var retire = fleet.Start("C", "retire", [$"lock={lockPath}"]);
        Assert.False(retire.WaitFor("retire", TimeSpan.FromSeconds(30)).Flag("ok"), "TryRetire removed a live holder's lock");
        Assert.True(File.Exists(lockPath), "TryRetire removed a live holder's lock file");

        // The legacy takeover the seed describes: delete the lock file regardless of its owner.
        File.Delete(lockPath);

        var b = fleet.Start("B", "hold", [$"lock={lockPath}", "hb=200", "stale=5000"]);
        var bAcquired = b.WaitFor("acquired", TimeSpan.FromSeconds(30));
        Assert.True(bAcquired.Long("fencing") > aAcquired.Long("fencing"), $"fencing token did not increase: A {aAcquired["fencing"]}, B {bAcquired["fencing"]}");
        var bContent = File.ReadAllText(lockPath);
        Assert.Contains(bAcquired["token"], bContent);

        a.Send("release");
        var aReleased = a.WaitFor("released", TimeSpan.FromSeconds(10));
        Assert.False(aReleased.Flag("ok"), "A's late release claimed success: " + aReleased);
        Assert.True(File.Exists(lockPath), "A's late release deleted B's lock");
        Assert.Equal(bContent, File.ReadAllText(lockPath));

        var byToken = fleet.Start("A-token", "release-token", [$"lock={lockPath}", $"token={aAcquired["token"]}"]);
        var tokenRelease = byToken.WaitFor("release-token", TimeSpan.FromSeconds(30));
        Assert.False(tokenRelease.Flag("ok"), "Release(path, A's token) claimed success on B's lock");
        Assert.True(File.Exists(lockPath), "Release(path, A's token) deleted B's lock");

        b.Send("release");
        var bReleased = b.WaitFor("released", TimeSpan.FromSeconds(10));
        Assert.True(bReleased.Flag("ok"), "B's own release failed: " + bReleased);
        Assert.False(File.Exists(lockPath), "B's release left its lock behind");
    }
}
