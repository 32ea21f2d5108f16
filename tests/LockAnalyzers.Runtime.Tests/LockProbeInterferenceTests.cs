using LockAnalyzers.Runtime.Internal;
using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

/// <summary>
/// A breaker's look at a lock must not disturb anyone else's. Found by seed 004's fixed build: the steal probe took
/// LOCK_EX|LOCK_NB on the lock for a moment, so the owner's own File.ReadAllText of its lock failed with a sharing
/// violation and read as "my lock is gone", and LockOwner.TryRead answered null (no owner) while a FileShare.None
/// holder kept the file open.
/// </summary>
public class LockProbeInterferenceTests
{
    [Fact]
    public void A_breakers_probes_never_make_a_readers_File_ReadAllText_fail()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        string record = LockOwner.Current.ToRecord();
        File.WriteAllText(p, record);
        Sh.Backdate(p, TimeSpan.FromHours(1));

        using var stop = new CancellationTokenSource();
        int probes = 0;
        // A dedicated thread: on a two-core CI machine running other test classes in parallel, a pool task could
        // wait out the whole reading window and leave nothing to interfere with.
        var breaker = Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Assert.Equal(StealOutcome.OwnerAlive, LockSteal.TryBreakStale(p, TimeSpan.FromSeconds(1)));
                    Interlocked.Increment(ref probes);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        int reads = 0, failures = 0;
        var until = DateTime.UtcNow.AddSeconds(1.5);
        var giveUp = DateTime.UtcNow.AddSeconds(20);
        while ((DateTime.UtcNow < until || Volatile.Read(ref probes) < 50) && DateTime.UtcNow < giveUp)
        {
            try
            {
                Assert.Equal(record, File.ReadAllText(p));
            }
            catch (IOException)
            {
                failures++;
            }

            reads++;
        }

        stop.Cancel();
        breaker.Wait();
        Assert.True(probes > 10, $"only {probes} probes ran");
        Assert.True(failures == 0, $"{failures} of {reads} reads failed while {probes} probes ran");
    }

    [Fact]
    public void TryRead_sees_the_owner_while_a_FileShare_None_holder_keeps_the_lock_open()
    {
        using var dir = new TempDir();
        string p = dir.File("a.lock");
        File.WriteAllText(p, LockOwner.Current.ToRecord());
        using (new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.None))
        {
            var owner = LockOwner.TryRead(p);
            Assert.NotNull(owner);
            Assert.Equal(Environment.ProcessId, owner!.ProcessId);
            Assert.False(owner.IsDefinitelyDead());
        }
    }

    [Theory]
    [InlineData("1: FLOCK  ADVISORY  WRITE 4242 00:2a:56789 0 EOF", true)]
    [InlineData("2: FLOCK  ADVISORY  READ 4242 00:2a:56789 0 EOF", true)]
    [InlineData("3: POSIX  ADVISORY  WRITE 4242 00:2a:56789 0 EOF", true)]
    [InlineData("4: -> FLOCK  ADVISORY  WRITE 4243 00:2a:56789 0 EOF", false)]
    [InlineData("5: FLOCK  ADVISORY  WRITE 4242 00:2a:56788 0 EOF", false)]
    [InlineData("6: FLOCK  ADVISORY  WRITE 4242 08:01:56789 0 EOF", false)]
    [InlineData("garbage", false)]
    [InlineData("", false)]
    public void A_proc_locks_line_names_a_holder_of_exactly_this_device_and_inode(string line, bool holds)
    {
        var file = new FileIdentity((0UL << 32) | 0x2a, 56789, 1, DateTime.UtcNow, DateTime.UtcNow, true);
        Assert.Equal(holds, ProcLocks.Holds(line, file));
    }
}
