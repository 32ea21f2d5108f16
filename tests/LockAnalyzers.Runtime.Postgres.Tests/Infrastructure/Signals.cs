using System.Runtime.InteropServices;

namespace LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

/// <summary>SIGSTOP and SIGCONT for a child: a holder frozen mid-lease, as a GC pause, a stalled VM or a debugger would.</summary>
public static class Signals
{
    private const int SIGCONT = 18;
    private const int SIGSTOP = 19;

    public static void Stop(int pid) => Send(pid, SIGSTOP);

    public static void Continue(int pid) => Send(pid, SIGCONT);

    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
