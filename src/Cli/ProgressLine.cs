namespace LockAnalyzers.Cli;

/// <summary>A single overwritten status line on stderr, shown only when stderr is a terminal (never in logs or pipes).</summary>
internal sealed class ProgressLine
{
    private readonly TextWriter _error;
    private readonly bool _enabled;
    private bool _shown;

    public ProgressLine(TextWriter error, bool enabled)
    {
        _error = error;
        _enabled = enabled;
    }

    public void Report(string text)
    {
        if (!_enabled)
        {
            return;
        }

        var width = Math.Max(20, SafeWidth() - 1);
        _error.Write("\r\u001b[K" + (text.Length > width ? text[..width] : text));
        _error.Flush();
        _shown = true;
    }

    public void Clear()
    {
        if (_shown)
        {
            _error.Write("\r\u001b[K");
            _error.Flush();
            _shown = false;
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
