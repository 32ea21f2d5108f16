using System.Diagnostics;
using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

public class LockOwnerTests
{
    [Fact]
    public void Current_describes_this_process_exactly()
    {
        var me = LockOwner.Current;
        Assert.Equal(Environment.ProcessId, me.ProcessId);
        Assert.Equal(Environment.MachineName, me.Host);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(), me.BootId);
        string stat = File.ReadAllText("/proc/self/stat");
        long field22 = long.Parse(stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[19]);
        Assert.Equal(field22, me.ProcessStartTicks);
        Assert.StartsWith("pid:[", me.PidNamespace);
        Assert.Equal(32, me.Token.Length);
        Assert.NotEqual(me.Token, LockOwner.Current.Token);
        Assert.True(DateTimeOffset.UtcNow - me.AcquiredAt < TimeSpan.FromMinutes(1));
        Assert.False(me.IsDefinitelyDead());
    }

    [Fact]
    public void Record_round_trips_through_a_file()
    {
        using var dir = new TempDir();
        string path = dir.File("a.lock");
        var me = LockOwner.Current;
        File.WriteAllText(path, me.ToRecord());
        Assert.StartsWith($"{me.ProcessId}\n", File.ReadAllText(path));
        var back = LockOwner.TryRead(path);
        Assert.NotNull(back);
        Assert.False(back!.IsLegacy);
        Assert.Equal(me.Host, back.Host);
        Assert.Equal(me.BootId, back.BootId);
        Assert.Equal(me.ProcessId, back.ProcessId);
        Assert.Equal(me.ProcessStartTicks, back.ProcessStartTicks);
        Assert.Equal(me.PidNamespace, back.PidNamespace);
        Assert.Equal(me.Token, back.Token);
        Assert.Equal(me.AcquiredAt, back.AcquiredAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("   \r\n\0\0")]
    [InlineData("garbage without a pid")]
    [InlineData("{\"note\": \"no pid here\"}")]
    public void Unreadable_legacy_records_are_null(string content)
    {
        Assert.Null(LockOwner.Parse(content));
        using var dir = new TempDir();
        File.WriteAllText(dir.File("x.lock"), content);
        Assert.Null(LockOwner.TryRead(dir.File("x.lock")));
    }

    [Theory]
    [InlineData("12345\n", 12345)]
    [InlineData("12345", 12345)]
    [InlineData("12345\n1732500000000\n", 12345)]
    [InlineData("12345\n2026-11-25T02:20:00Z\n", 12345)]
    [InlineData("pid=12345\nstarted=1732500000\n", 12345)]
    [InlineData("{\"pid\": 12345, \"time\": 1732500000}", 12345)]
    [InlineData("{\"pid\":\"12345\",\"createdAt\":\"2026-11-25\"}", 12345)]
    [InlineData("{\"pid\": 12345, \"tok", 12345)]
    public void Legacy_pid_records_parse_as_local(string content, int pid)
    {
        var owner = LockOwner.Parse(content);
        Assert.NotNull(owner);
        Assert.True(owner!.IsLegacy);
        Assert.Equal(pid, owner.ProcessId);
        // Legacy pid files are local by construction: same host and boot as ours.
        Assert.Equal(Environment.MachineName, owner.Host);
        Assert.Equal(LockOwner.Current.BootId, owner.BootId);
        Assert.Equal(0, owner.ProcessStartTicks);
    }

    [Fact]
    public void Legacy_json_naming_another_host_is_foreign()
    {
        var owner = LockOwner.Parse("{\"pid\": 1, \"hostname\": \"elsewhere\"}");
        Assert.Equal("elsewhere", owner!.Host);
        Assert.False(owner.IsDefinitelyDead());
    }

    [Fact]
    public void Missing_file_reads_null()
    {
        using var dir = new TempDir();
        Assert.Null(LockOwner.TryRead(dir.File("none")));
    }

    [Fact]
    public void Dead_pid_is_definitely_dead()
    {
        var me = LockOwner.Current;
        var owner = new LockOwner { Host = me.Host, BootId = me.BootId, ProcessId = Sh.DeadPid(), PidNamespace = me.PidNamespace };
        Assert.True(owner.IsDefinitelyDead());
        Assert.True(LockOwner.Parse($"{owner.ProcessId}\n")!.IsDefinitelyDead());
    }

    [Fact]
    public void Other_start_time_is_definitely_dead()
    {
        var me = LockOwner.Current;
        var reused = new LockOwner { Host = me.Host, BootId = me.BootId, ProcessId = me.ProcessId, ProcessStartTicks = me.ProcessStartTicks + 1, PidNamespace = me.PidNamespace };
        Assert.True(reused.IsDefinitelyDead());
    }

    [Fact]
    public void Zombie_is_definitely_dead()
    {
        // perl forks a child that exits at once, then execs sleep, which never reaps it: a zombie until sleep exits.
        // (dash reaps its background jobs before exec, so it cannot make one.)
        var psi = new ProcessStartInfo("perl") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add("$| = 1; my $p = fork(); if (!$p) { exit 0 } print \"$p\\n\"; exec 'sleep', '5'");
        using var p = Process.Start(psi)!;
        try
        {
            int zombie = int.Parse(p.StandardOutput.ReadLine()!);
            var sw = Stopwatch.StartNew();
            while (!File.ReadAllText($"/proc/{zombie}/stat").Contains(") Z ") && sw.Elapsed < TimeSpan.FromSeconds(3))
            {
                Thread.Sleep(10);
            }

            var me = LockOwner.Current;
            Assert.True(new LockOwner { Host = me.Host, BootId = me.BootId, ProcessId = zombie }.IsDefinitelyDead());
        }
        finally
        {
            p.Kill();
        }
    }

    [Fact]
    public void Doubt_means_alive()
    {
        var me = LockOwner.Current;
        int dead = Sh.DeadPid();
        Assert.False(new LockOwner { Host = "another-host", BootId = me.BootId, ProcessId = dead }.IsDefinitelyDead());
        Assert.False(new LockOwner { Host = me.Host, BootId = "another-boot", ProcessId = dead }.IsDefinitelyDead());
        Assert.False(new LockOwner { Host = me.Host, BootId = "", ProcessId = dead }.IsDefinitelyDead());
        Assert.False(new LockOwner { Host = me.Host, BootId = me.BootId, ProcessId = dead, PidNamespace = "pid:[1]" }.IsDefinitelyDead());
        Assert.False(new LockOwner { Host = me.Host, BootId = me.BootId, ProcessId = 0 }.IsDefinitelyDead());
        Assert.False(new LockOwner { Host = me.Host, BootId = me.BootId, ProcessId = me.ProcessId }.IsDefinitelyDead());
    }

    [Fact]
    public void Legacy_pid_of_a_process_younger_than_the_file_is_pid_reuse()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            // The file changed an hour ago; this process started seconds ago, so it cannot have written the pid.
            var reused = LockOwner.Parse($"{sleeper.Id}\n", DateTime.UtcNow.AddHours(-1));
            Assert.True(reused!.IsDefinitelyDead());
            // Written just now (after the process started): it may be the writer, so alive.
            var fresh = LockOwner.Parse($"{sleeper.Id}\n", DateTime.UtcNow.AddSeconds(1));
            Assert.False(fresh!.IsDefinitelyDead());
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void Backdating_mtime_does_not_fake_pid_reuse()
    {
        using var dir = new TempDir();
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            string path = dir.File("legacy.pid");
            File.WriteAllText(path, $"{sleeper.Id}\n");
            Sh.Backdate(path, TimeSpan.FromHours(2));
            // ctime, not mtime, is compared: utimensat cannot set ctime back.
            Assert.False(LockOwner.TryRead(path)!.IsDefinitelyDead());
        }
        finally
        {
            sleeper.Kill();
        }
    }

    /// <summary>
    /// The pid-only fallback end to end, through a real file and a real process: a legacy lock file whose pid now
    /// belongs to a live process that started after the file was written is not that process's lock (LCK008's rule
    /// page promises this). The process's pid cannot be chosen, so a lock file is written for each pid the kernel may
    /// hand out next (ns_last_pid onwards) before the process starts.
    /// </summary>
    [Fact]
    public void Pid_only_lock_file_older_than_the_live_process_with_its_pid_is_dead()
    {
        int max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim());
        for (int attempt = 0; attempt < 4; attempt++)
        {
            using var dir = new TempDir();
            int last = int.Parse(File.ReadAllText("/proc/sys/kernel/ns_last_pid").Trim());
            for (int i = 1; i <= Math.Min(8000, max - 301); i++)
            {
                // pids wrap to 300 past pid_max.
                int pid = last + i < max ? last + i : 300 + (last + i - max);
                File.WriteAllText(dir.File($"{pid}.pid"), $"{pid}\n");
            }

            // The runtime demands a clear 2 s between the file's ctime and the start, and btime rounds down by up to 1 s.
            Thread.Sleep(3500);
            using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;
            try
            {
                string stale = dir.File($"{sleeper.Id}.pid");
                if (!File.Exists(stale))
                {
                    continue; // the machine handed out more pids than we guessed: try again
                }

                var owner = LockOwner.TryRead(stale);
                Assert.NotNull(owner);
                Assert.True(owner!.IsLegacy);
                Assert.Equal(sleeper.Id, owner.ProcessId);
                Assert.False(sleeper.HasExited);
                Assert.True(owner.IsDefinitelyDead(), "a live process younger than the pid file is pid reuse, not the owner");

                // The same pid written after the process started may be its own lock: alive.
                string fresh = dir.File("fresh.pid");
                File.WriteAllText(fresh, $"{sleeper.Id}\n");
                Assert.False(LockOwner.TryRead(fresh)!.IsDefinitelyDead());
                return;
            }
            finally
            {
                sleeper.Kill();
            }
        }

        Assert.Fail("the started process never got one of the predicted pids");
    }
}
