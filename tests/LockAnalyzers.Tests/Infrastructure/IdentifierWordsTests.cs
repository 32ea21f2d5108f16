using LockAnalyzers.Infrastructure;

namespace LockAnalyzers.Tests.Infrastructure;

public class IdentifierWordsTests
{
    [Theory]
    [InlineData("lockPath", "lock,path")]
    [InlineData("LockPath", "lock,path")]
    [InlineData("_lock_path", "lock,path")]
    [InlineData("lock-path", "lock,path")]
    [InlineData("HBPath", "hb,path")]
    [InlineData("IOLock", "io,lock")]
    [InlineData("lock2File", "lock,2,file")]
    [InlineData("LOCK_FILE", "lock,file")]
    public void Splits_identifiers_into_words(string identifier, string expected) =>
        Assert.Equal(expected, string.Join(",", IdentifierWords.Split(identifier)));
}

public class IdentifierWordsPartTestTests
{
    private static readonly string[] Words = { "lock", "LCK", "pid", "Hb", "file" };

    [Theory]
    [InlineData("lockPath")]
    [InlineData("LockPath")]
    [InlineData("_lock_path")]
    [InlineData("HBPath")]
    [InlineData("IOLock")]
    [InlineData("lock2File")]
    [InlineData("LOCK_FILE")]
    [InlineData("Block")]
    [InlineData("clock")]
    [InlineData("unlockedPIDs")]
    [InlineData("rapid")]
    [InlineData("PidLCK")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("__")]
    [InlineData("ABCLock9pid")]
    public void The_allocation_free_part_test_agrees_with_splitting(string identifier)
    {
        var split = IdentifierWords.Split(identifier).Any(part => Words.Contains(part, StringComparer.OrdinalIgnoreCase));

        Assert.Equal(split, IdentifierWords.AnyAsciiPartIn(identifier, Words));
    }

    [Fact]
    public void The_part_test_leaves_names_beyond_ascii_to_splitting() =>
        Assert.Null(IdentifierWords.AnyAsciiPartIn("lockÄ", Words));
}
