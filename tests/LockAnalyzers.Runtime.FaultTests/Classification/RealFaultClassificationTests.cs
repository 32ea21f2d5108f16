using System.Text;
using LockAnalyzers.Runtime.FaultTests.Infrastructure;

namespace LockAnalyzers.Runtime.FaultTests.Classification;

/// <summary>
/// Issue 3 item 1, real faults: a full tmpfs (size=), an inode-exhausted tmpfs (nr_inodes=), chattr +i, a read-only
/// bind mount and an unprivileged child (setpriv nobody). Each child probes plain .NET calls, the heartbeat and a
/// TryAcquire in the faulty place; mounts and flags are undone in Scratch.Dispose.
/// </summary>
public sealed class RealFaultClassificationTests(ITestOutputHelper output)
{
    [FaultFact(Facility.Tmpfs)]
    public void Full_tmpfs_fails_writes_with_DiskFull_but_heartbeats_still_succeed()
    {
        Facilities.Require(Facility.Tmpfs);
        using var scratch = new Scratch("tmpfs-full");
        var dir = scratch.Dir("mnt");
        scratch.MountTmpfs(dir, "size=256k,mode=0755");
        File.WriteAllText(Path.Combine(dir, "heartbeat.t"), "beat\n");
        File.WriteAllText(Path.Combine(dir, "touch.t"), "beat\n");
        Fill(Path.Combine(dir, "filler"));

        var events = Probe(scratch, dir, "touch,heartbeat,write-large,create,tryacquire");
        Assert.True(events["touch"].Flag("ok"), "mtime update on a full disk should succeed: " + events["touch"]);
        Assert.True(events["heartbeat"].Flag("ok"), "heartbeat on a full disk should stay healthy: " + events["heartbeat"]);
        Assert.Equal("DiskFull", events["write-large"]["health"]);
        AssertAcquireFailedCleanly(events["tryacquire"], "DiskFull");
    }

    [FaultFact(Facility.Tmpfs)]
    public void Inode_exhausted_tmpfs_fails_creates_with_DiskFull()
    {
        Facilities.Require(Facility.Tmpfs);
        using var scratch = new Scratch("tmpfs-inodes");
        var dir = scratch.Dir("mnt");
        scratch.MountTmpfs(dir, "size=4m,nr_inodes=16,mode=0755");
        File.WriteAllText(Path.Combine(dir, "heartbeat.t"), "beat\n");
        for (var i = 0; ; i++)
        {
            try
            {
                File.WriteAllText(Path.Combine(dir, $"inode-{i}"), "");
            }
            catch (IOException)
            {
                break;
            }
        }

        var events = Probe(scratch, dir, "heartbeat,mkfile,tryacquire");
        Assert.True(events["heartbeat"].Flag("ok"), "heartbeat needs no new inode: " + events["heartbeat"]);
        Assert.Equal("DiskFull", events["mkfile"]["health"]);
        AssertAcquireFailedCleanly(events["tryacquire"], "DiskFull");
    }

    [FaultFact(Facility.Chattr)]
    public void Immutable_files_fail_with_PermissionDenied_even_for_root()
    {
        Facilities.Require(Facility.Chattr);
        using var scratch = new Scratch("chattr");
        var dir = scratch.Dir("probe");
        foreach (var op in new[] { "heartbeat", "touch", "write-small", "delete" })
        {
            scratch.ChattrImmutable(scratch.File($"probe/{op}.t", "seed\n"));
        }

        var events = Probe(scratch, dir, "heartbeat,touch,write-small,delete");
        foreach (var op in new[] { "touch", "write-small", "delete" })
        {
            Assert.Equal("PermissionDenied", events[op]["health"]);
        }

        Assert.False(events["heartbeat"].Flag("ok"));
        Assert.Equal("PermissionDenied", events["heartbeat"]["health"]);
    }

    [FaultFact(Facility.BindMountReadOnly)]
    public void Read_only_bind_mount_fails_with_ReadOnlyFileSystem()
    {
        Facilities.Require(Facility.BindMountReadOnly);
        using var scratch = new Scratch("robind");
        var dir = scratch.Dir("probe");
        foreach (var op in new[] { "heartbeat", "touch", "write-small" })
        {
            scratch.File($"probe/{op}.t", "seed\n");
        }

        scratch.BindReadOnly(dir);
        var events = Probe(scratch, dir, "heartbeat,touch,write-small,create,tryacquire");
        foreach (var op in new[] { "touch", "write-small", "create" })
        {
            Assert.Equal("ReadOnlyFileSystem", events[op]["health"]);
        }

        Assert.Equal("ReadOnlyFileSystem", events["heartbeat"]["health"]);
        AssertAcquireFailedCleanly(events["tryacquire"], "ReadOnlyFileSystem");
    }

    [FaultFact(Facility.Setpriv)]
    public void Unprivileged_child_fails_with_AccessDenied()
    {
        Facilities.Require(Facility.Setpriv);
        using var scratch = new Scratch("setpriv");
        var dir = scratch.Dir("probe");
        foreach (var op in new[] { "heartbeat", "write-small" })
        {
            scratch.File($"probe/{op}.t", "seed\n");
        }

        var events = Probe(scratch, dir, "heartbeat,write-small,create,tryacquire", unprivileged: true);
        Assert.Equal("AccessDenied", events["write-small"]["health"]);
        Assert.Equal("AccessDenied", events["create"]["health"]);
        AssertAcquireFailedCleanly(events["tryacquire"], "AccessDenied");

        // .NET sets explicit times, which needs ownership (EPERM) rather than write access (EACCES): either is unhealthy.
        Assert.False(events["heartbeat"].Flag("ok"));
        Assert.Contains(events["heartbeat"]["health"], new[] { "AccessDenied", "PermissionDenied" });
    }

    private Dictionary<string, Evt> Probe(Scratch scratch, string dir, string ops, bool unprivileged = false)
    {
        using var child = Child.Start("probe", "probe", [$"dir={dir}", "ops=" + ops], unprivileged: unprivileged);
        Assert.Equal(0, child.WaitExit(TimeSpan.FromSeconds(60)));
        var events = child.Events.Where(e => e.Get("op") != null).ToDictionary(e => e["op"]);
        foreach (var evt in events.Values)
        {
            output.WriteLine($"{evt["op"]}: ok={evt["ok"]} health={evt["health"]} {evt.Get("ex")} {evt.Get("hr")} {evt.Get("inner")} {evt.Get("innerhr")}");
        }

        return events;
    }

    private static void AssertAcquireFailedCleanly(Evt acquire, string health)
    {
        Assert.False(acquire.Flag("ok"), "TryAcquire returned a lock in a faulty place: " + acquire);
        Assert.Equal(health, acquire["health"]);
        Assert.False(acquire.Flag("exists"), "TryAcquire left a half-created lock file behind (it could never be judged stale): " + acquire);
    }

    private static void Fill(string path)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = Encoding.ASCII.GetBytes(new string('f', 4096));
        try
        {
            while (true)
            {
                fs.Write(block);
                fs.Flush();
            }
        }
        catch (IOException)
        {
            // full
        }
    }
}
