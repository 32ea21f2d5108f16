namespace LockAnalyzers.Runtime;

/// <summary>Maps a file-system exception to a <see cref="LockHealth"/>; never Healthy for an exception.</summary>
public static class LockHealthClassifier
{
    public static LockHealth Classify(Exception exception) => throw new NotImplementedException();
}
