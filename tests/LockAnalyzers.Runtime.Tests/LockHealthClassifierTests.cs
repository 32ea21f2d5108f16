using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

public class LockHealthClassifierTests
{
    [Fact]
    public void Real_missing_file_is_PathMissing()
    {
        using var dir = new TempDir();
        var e = Record.Exception(() => File.ReadAllText(dir.File("nope")));
        Assert.IsType<FileNotFoundException>(e);
        Assert.Equal(LockHealth.PathMissing, LockHealthClassifier.Classify(e!));
    }

    [Fact]
    public void Real_missing_directory_is_PathMissing()
    {
        using var dir = new TempDir();
        var e = Record.Exception(() => File.WriteAllText(Path.Combine(dir.Path, "gone", "x.lock"), "1"));
        Assert.IsType<DirectoryNotFoundException>(e);
        Assert.Equal(LockHealth.PathMissing, LockHealthClassifier.Classify(e!));
    }

    [Fact]
    public void Real_missing_heartbeat_mtime_update_is_PathMissing()
    {
        using var dir = new TempDir();
        var e = Record.Exception(() => File.SetLastWriteTimeUtc(dir.File("hb"), DateTime.UtcNow));
        Assert.NotNull(e);
        Assert.Equal(LockHealth.PathMissing, LockHealthClassifier.Classify(e!));
    }

    [Fact]
    public void Real_immutable_file_mtime_update_is_PermissionDenied()
    {
        using var dir = new TempDir();
        string hb = dir.File("hb");
        File.WriteAllText(hb, "x");
        if (!Sh.TryMakeImmutable(hb))
        {
            return;
        }

        try
        {
            var e = Record.Exception(() => File.SetLastWriteTimeUtc(hb, DateTime.UtcNow));
            // EPERM arrives as UnauthorizedAccessException 0x80070005 with the errno (1) in an inner IOException.
            var uae = Assert.IsType<UnauthorizedAccessException>(e);
            Assert.Equal(unchecked((int)0x80070005), uae.HResult);
            Assert.Equal(LockHealth.PermissionDenied, LockHealthClassifier.Classify(e!));
        }
        finally
        {
            Sh.ClearImmutable(hb);
        }
    }

    [Fact]
    public void Real_create_in_immutable_directory_is_PermissionDenied()
    {
        using var dir = new TempDir();
        if (!Sh.TryMakeImmutable(dir.Path))
        {
            return;
        }

        try
        {
            var e = Record.Exception(() => new FileStream(dir.File("a.lock"), FileMode.CreateNew).Dispose());
            Assert.NotNull(e);
            Assert.Equal(LockHealth.PermissionDenied, LockHealthClassifier.Classify(e!));
        }
        finally
        {
            Sh.ClearImmutable(dir.Path);
        }
    }

    [Theory]
    [InlineData(28, LockHealth.DiskFull)]
    [InlineData(122, LockHealth.QuotaExceeded)]
    [InlineData(5, LockHealth.IoError)]
    [InlineData(30, LockHealth.ReadOnlyFileSystem)]
    [InlineData(13, LockHealth.AccessDenied)]
    [InlineData(1, LockHealth.PermissionDenied)]
    [InlineData(2, LockHealth.PathMissing)]
    [InlineData(116, LockHealth.Unlinked)]
    [InlineData(unchecked((int)0x80070070), LockHealth.DiskFull)]
    [InlineData(unchecked((int)0x80070027), LockHealth.DiskFull)]
    [InlineData(unchecked((int)0x8007050F), LockHealth.QuotaExceeded)]
    [InlineData(unchecked((int)0x80070013), LockHealth.ReadOnlyFileSystem)]
    [InlineData(unchecked((int)0x80070005), LockHealth.AccessDenied)]
    [InlineData(unchecked((int)0x80070002), LockHealth.PathMissing)]
    [InlineData(unchecked((int)0x80070003), LockHealth.PathMissing)]
    [InlineData(unchecked((int)0x80131620), LockHealth.DiskFull)]
    public void IOException_whole_HResult(int hresult, LockHealth expected)
    {
        Assert.Equal(expected, LockHealthClassifier.Classify(new IOException("x", hresult)));
    }

    [Fact]
    public void EIO_and_Windows_access_denied_share_low_bits_but_not_health()
    {
        Assert.Equal(LockHealth.IoError, LockHealthClassifier.Classify(new IOException("eio", 5)));
        Assert.Equal(LockHealth.AccessDenied, LockHealthClassifier.Classify(new IOException("denied", unchecked((int)0x80070005))));
        // ENOSPC (28) and a Windows code whose low 16 bits are 28 must not be confused either.
        Assert.Equal(LockHealth.Unknown, LockHealthClassifier.Classify(new IOException("x", unchecked((int)0x8007001C))));
    }

    [Theory]
    [InlineData(13, LockHealth.AccessDenied)]
    [InlineData(1, LockHealth.PermissionDenied)]
    public void UnauthorizedAccess_uses_inner_errno(int errno, LockHealth expected)
    {
        var e = new UnauthorizedAccessException("denied", new IOException("inner", errno));
        Assert.Equal(expected, LockHealthClassifier.Classify(e));
    }

    [Fact]
    public void UnauthorizedAccess_without_inner_is_AccessDenied()
    {
        Assert.Equal(LockHealth.AccessDenied, LockHealthClassifier.Classify(new UnauthorizedAccessException("denied")));
    }

    [Fact]
    public void Unknown_exceptions_are_never_Healthy()
    {
        Exception[] errors =
        {
            new InvalidOperationException(), new IOException("x", 12345), new IOException("x", 0), new EndOfStreamException(),
            new LockHealthException(LockHealth.Healthy, "p", "op"), new AggregateException(new IOException("x", 28), new IOException("y", 5)),
        };
        foreach (var e in errors)
        {
            Assert.NotEqual(LockHealth.Healthy, LockHealthClassifier.Classify(e));
        }
    }

    [Fact]
    public void Wrapped_failures_keep_their_class()
    {
        Assert.Equal(LockHealth.DiskFull, LockHealthClassifier.Classify(new AggregateException(new IOException("x", 28))));
        Assert.Equal(LockHealth.QuotaExceeded, LockHealthClassifier.Classify(new LockHealthException(LockHealth.QuotaExceeded, "p", "op")));
    }

    [Fact]
    public void Subclasses_of_IOException_with_COR_E_IO_are_not_DiskFull()
    {
        var e = new PathTooLongException("x");
        Assert.NotEqual(LockHealth.DiskFull, LockHealthClassifier.Classify(e));
    }
}
