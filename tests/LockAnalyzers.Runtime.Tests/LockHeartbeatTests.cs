using LockAnalyzers.Runtime.Tests.Support;

namespace LockAnalyzers.Runtime.Tests;

public class LockHeartbeatTests
{
    [Fact]
    public void Refresh_sets_mtime_to_now()
    {
        using var dir = new TempDir();
        string hb = dir.File("app.lock");
        File.WriteAllText(hb, "1");
        Sh.Backdate(hb, TimeSpan.FromHours(1));
        var result = LockHeartbeat.Refresh(hb);
        Assert.True(result.IsHealthy);
        Assert.Null(result.Error);
        Assert.True(DateTime.UtcNow - File.GetLastWriteTimeUtc(hb) < TimeSpan.FromSeconds(5));
        result.ThrowIfUnhealthy();
    }

    [Fact]
    public void Missing_heartbeat_is_PathMissing_logged_and_not_thrown()
    {
        using var dir = new TempDir();
        string hb = dir.File("hb");
        var log = new ListLogger();
        var result = LockHeartbeat.Refresh(hb, dir.File("app.lock"), log);
        Assert.False(result.IsHealthy);
        Assert.Equal(LockHealth.PathMissing, result.Health);
        Assert.Equal(hb, result.Path);
        Assert.Equal(LockHeartbeat.RefreshOperation, result.Operation);
        Assert.NotNull(result.Error);
        Assert.False(File.Exists(hb));
        string message = Assert.Single(log.Messages);
        Assert.Contains(hb, message);
        Assert.Contains(dir.File("app.lock"), message);
        Assert.Contains("PathMissing", message);
        Assert.Contains(LockHeartbeat.RefreshOperation, message);

        var ex = Assert.Throws<LockHealthException>(result.ThrowIfUnhealthy);
        Assert.Equal(LockHealth.PathMissing, ex.Health);
        Assert.Equal(hb, ex.Path);
        Assert.Equal(LockHeartbeat.RefreshOperation, ex.Operation);
        Assert.IsAssignableFrom<IOException>(ex);
    }

    [Fact]
    public void Immutable_heartbeat_is_PermissionDenied()
    {
        using var dir = new TempDir();
        string hb = dir.File("hb");
        File.WriteAllText(hb, "1");
        if (!Sh.TryMakeImmutable(hb))
        {
            return;
        }

        try
        {
            var result = LockHeartbeat.Refresh(hb);
            Assert.Equal(LockHealth.PermissionDenied, result.Health);
        }
        finally
        {
            Sh.ClearImmutable(hb);
        }
    }

    [Fact]
    public void Throwing_logger_does_not_make_Refresh_throw()
    {
        using var dir = new TempDir();
        var result = LockHeartbeat.Refresh(dir.File("hb"), null, new ThrowingLogger());
        Assert.Equal(LockHealth.PathMissing, result.Health);
    }

    private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logger broke");
    }
}
