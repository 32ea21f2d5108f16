using Xunit.Sdk;

namespace LockAnalyzers.Runtime.FaultTests.Infrastructure;

/// <summary>The children of one scenario: started together, SIGKILLed together in Dispose, judged together.</summary>
public sealed class Fleet : IDisposable
{
    private readonly List<Child> children = new();

    public IReadOnlyList<Child> Children => children;

    public Child Start(string name, string role, IEnumerable<string> args, ShimFault? fault = null, bool unprivileged = false)
    {
        var child = Child.Start(name, role, args, fault, unprivileged);
        children.Add(child);
        return child;
    }

    public IEnumerable<Evt> Events(string name) => children.SelectMany(c => c.Events).Where(e => e.Name == name);

    /// <summary>The witness never saw two live processes inside at once.</summary>
    public void AssertNoOverlap()
    {
        var overlaps = Events("overlap").ToList();
        if (overlaps.Count > 0)
        {
            throw Fail($"{overlaps.Count} overlap(s) inside the critical section:\n" + string.Join("\n", overlaps.Take(10)));
        }
    }

    public XunitException Fail(string message)
    {
        var transcripts = string.Join("\n", children.Select(c => Tail(c.Transcript, 6000)));
        return new XunitException(message + "\n" + transcripts);
    }

    public void Dispose()
    {
        foreach (var child in children)
        {
            child.Dispose();
        }
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "...\n" + text[^max..];
}
