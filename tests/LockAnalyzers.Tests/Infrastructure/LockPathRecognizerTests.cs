using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;

namespace LockAnalyzers.Tests.Infrastructure;

public class LockPathRecognizerTests
{
    [Theory]
    [InlineData("lockPath")]
    [InlineData("_lockFile")]
    [InlineData("LockFilePath")]
    [InlineData("LOCK_FILE")]
    [InlineData("lock-path")]
    [InlineData("lockfile")]
    [InlineData("pidFile")]
    [InlineData("PidFilePath")]
    [InlineData("pidfile")]
    [InlineData("daemonPid")]
    [InlineData("_lck")]
    [InlineData("mutexPath")]
    [InlineData("leasePath")]
    [InlineData("heartbeatFile")]
    [InlineData("hbPath")]
    [InlineData("HBPath")]
    [InlineData("semaphoreFile")]
    [InlineData("IOLock")]
    [InlineData("GetLockPath")]
    public void Lock_words_make_a_lock_name(string name) =>
        Assert.True(LockPathRecognizer.Default.IsLockName(name));

    [Theory]
    [InlineData("clock")]
    [InlineData("clockSkew")]
    [InlineData("block")]
    [InlineData("blockSize")]
    [InlineData("blocking")]
    [InlineData("unlock")]
    [InlineData("unlockPath")]
    [InlineData("deadlock")]
    [InlineData("deadlockLog")]
    [InlineData("padlock")]
    [InlineData("padlockIcon")]
    [InlineData("rapid")]
    [InlineData("cachePath")]
    [InlineData("settingsFile")]
    [InlineData("")]
    public void Other_names_are_not_lock_names(string name) =>
        Assert.False(LockPathRecognizer.Default.IsLockName(name));

    [Theory]
    [InlineData("daemon.lock", true)]
    [InlineData("/var/run/app.pid", true)]
    [InlineData("state.LCK", true)]
    [InlineData("job.lease", true)]
    [InlineData("LOCK", true)]
    [InlineData("app.log", false)]
    [InlineData("blocklist.txt", false)]
    [InlineData("clock.json", false)]
    [InlineData("locks.json", false)]
    public void Literals_are_lock_paths_by_extension(string literal, bool expected) =>
        Assert.Equal(expected, LockPathRecognizer.Default.IsLockLiteral(literal));

    [Fact]
    public void Editorconfig_words_extend_the_list()
    {
        var recognizer = new LockPathRecognizer(ImmutableHashSet.Create("journal", "claim"));
        Assert.True(recognizer.IsLockName("journalPath"));
        Assert.True(recognizer.IsLockName("ClaimFile"));
        Assert.True(recognizer.IsLockName("lockPath"));
        Assert.False(LockPathRecognizer.Default.IsLockName("journalPath"));
    }

    [Theory]
    [InlineData("File.Delete(lockPath);")]
    [InlineData("File.Delete(Path.Combine(dir, \"daemon.lock\"));")]
    [InlineData("File.Delete($\"{dir}/daemon.lock\");")]
    [InlineData("File.Delete(dir + \"/daemon.pid\");")]
    [InlineData("var p = Path.Combine(dir, \"x.lck\"); File.Delete(p);")]
    [InlineData("var p = lockPath; var q = p; File.Delete(q);")]
    [InlineData("File.Delete(_lockFile);")]
    [InlineData("File.Delete(Options.LockPath);")]
    [InlineData("File.Delete(GetLockPath());")]
    [InlineData("File.Delete(_statePath);")]
    [InlineData("File.Delete(PathFromHelper());")]
    [InlineData("File.Delete(new FileInfo(lockPath).FullName);")]
    [InlineData("File.Delete(dir + \"/x\"); using var s = new FileStream(dir + \"/x\", FileMode.CreateNew);")]
    public void Expressions_that_flow_from_lock_names_are_lock_paths(string body) =>
        Assert.True(IsFirstDeleteALockPath(body));

    [Theory]
    [InlineData("File.Delete(cachePath);")]
    [InlineData("File.Delete(Path.Combine(dir, \"output.txt\"));")]
    [InlineData("File.Delete($\"{dir}/report.json\");")]
    [InlineData("var p = Path.Combine(dir, \"x.log\"); File.Delete(p);")]
    [InlineData("File.Delete(clockFile);")]
    [InlineData("File.Delete(Options.OutputPath);")]
    [InlineData("File.Delete(dir + \"/x\"); using var s = new FileStream(dir + \"/x\", FileMode.Create);")]
    public void Ordinary_paths_are_not_lock_paths(string body) =>
        Assert.False(IsFirstDeleteALockPath(body));

    [Theory]
    [InlineData("File.Delete(_lockFile);", true)]
    [InlineData("File.Delete(Path.Combine(dir, \"daemon.lock\"));", true)]
    [InlineData("File.Delete(dir + \"/x\"); using var s = new FileStream(dir + \"/x\", FileMode.CreateNew);", false)]
    [InlineData("File.Delete(cachePath);", false)]
    public void IsLockPathByNameOrLiteral_leaves_out_the_CreateNew_clause(string body, bool expected) =>
        Assert.Equal(expected, IsFirstDeleteALockPath(body, byNameOrLiteral: true));

    private static bool IsFirstDeleteALockPath(string body, bool byNameOrLiteral = false)
    {
        var source = $$"""
            using System.IO;
            class Settings { public string LockPath = ""; public string OutputPath = ""; }
            class C
            {
                string _lockFile = "";
                string _statePath = Path.Combine("/run", "state.lock");
                Settings Options = new Settings();
                string GetLockPath() => "";
                string PathFromHelper() => Path.Combine("/run", "svc.pid");
                void M(string lockPath, string cachePath, string dir, string clockFile)
                {
                    {{body}}
                }
            }
            """;
        var deletes = SnippetCompilation.FirstArgumentsOf(source, "Delete");
        Assert.NotEmpty(deletes);
        return byNameOrLiteral ? LockPathRecognizer.Default.IsLockPathByNameOrLiteral(deletes[0]) : LockPathRecognizer.Default.IsLockPath(deletes[0]);
    }
}
