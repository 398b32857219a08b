namespace ZifPhase.Cli;

/// <summary>Reports on the calling thread at once (Progress&lt;T&gt; would post to a thread-pool context).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
