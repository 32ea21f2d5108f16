using System.Collections.Immutable;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>The scan's one-pass lock word places agree with the text search where a name can be.</summary>
public class LockWordPartsTests
{
    [Theory]
    [InlineData("var lockPath = _lockFile + LOCK_FILE + FileLock + x.Lock(); lock (gate) { @lock = 1; }")]
    [InlineData("string pidFile, _pid, Pid2Lock, lock2file, my_lock, IOLock, FILELOCK, Block, clock, unlock, deadlock;")]
    [InlineData("int hb = HBLock + Heartbeat + heartBeat + SemaphoreSlim + MutexName + mutex_x + leaseRenew + ReleaseLease + please;")]
    [InlineData("// lock in a comment line\nvar a = \"lock.lck\"; /* lock */ var b = 3lock;")]
    [InlineData("class LockFile { readonly string _path; void Hb_Beat() { } int PIDLock; int LCKPath; int x9pid; }")]
    public void Agree_with_the_text_search_where_a_name_can_be(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code);
        var hits = TextHits.Scan(code, tree);

        Assert.NotNull(hits.LockWordParts);
        Assert.Equal(hits.LockWordParts!.OrderBy(p => p), hits.LockWordParts);
        Assert.Equal(InNames(tree, hits.PositionsOf(PrefilterWords.LockWordPieces, wordStartsOnly: true)), InNames(tree, hits.LockWordParts));
    }

    [Theory]
    [InlineData("var lockÄ = 1;")]
    [InlineData("var x = 1; // café\nvar lockPath = 2;")]
    [InlineData("var \\u006Cock = 1;")]
    public void Leave_a_text_beyond_ascii_to_the_text_search(string code) =>
        Assert.Null(TextHits.Scan(code, CSharpSyntaxTree.ParseText(code)).LockWordParts);

    [Fact]
    public void Are_what_the_default_recognizer_searches_and_not_a_configured_one()
    {
        Assert.True(LockPathRecognizer.Default.SearchesLockWordPieces);
        Assert.False(new LockPathRecognizer(ImmutableHashSet.Create("flock")).SearchesLockWordPieces);
        Assert.False(new LockPathRecognizer(ImmutableHashSet.Create("filelock")).SearchesLockWordPieces);
    }

    private static int[] InNames(SyntaxTree tree, IEnumerable<int> positions)
    {
        var root = tree.GetRoot();
        return positions.Where(p => root.FindToken(p) is var token && token.Span.Contains(p) && token.IsKind(SyntaxKind.IdentifierToken)).Distinct().OrderBy(p => p).ToArray();
    }
}
