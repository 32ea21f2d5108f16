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
