namespace LockAnalyzers.TestHelper;

/// <summary>
/// File barrier: each child announces itself with ready-NAME-ID, then spins until the host creates NAME, so N children
/// leave the barrier within about a millisecond of each other.
/// </summary>
internal static class Barrier
{
    public static void Arrive(string dir, string name, int id)
    {
        File.WriteAllText(Path.Combine(dir, $"ready-{name}-{id}"), Environment.ProcessId.ToString());
        Wait(dir, name);
    }

    public static void Wait(string dir, string name)
    {
        var go = Path.Combine(dir, name);
        var spins = 0;
        while (!File.Exists(go))
        {
            if (++spins < 200)
            {
                Thread.SpinWait(50);
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }
}
