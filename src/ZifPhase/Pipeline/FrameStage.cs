using ZifPhase.IO;
using ZifPhase.Sharding;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>An output a stage writes: its final name and what kind of part a shard of it is.</summary>
public sealed record OutputTarget(string Path, ShardOutputKind Kind);

/// <summary>
/// The per-frame work of a run (MDAnalysis's AnalysisBase in spirit): <see cref="Open"/> prepares the outputs
/// (fresh, or continued from a resume checkpoint), <see cref="SingleFrame"/> handles one frame,
/// <see cref="Prepare"/> sees each input opened, <see cref="InputDone"/> closes it; the run around it (<see cref="FrameRun"/>) owns the loop, selection,
/// shards, the journal, truncated frames, progress and cancellation. Results are read from the stage afterwards.
/// </summary>
public abstract class FrameStage
{
    /// <summary>The outputs this stage writes, in journal order.</summary>
    public abstract IReadOnlyList<OutputTarget> Targets { get; }

    /// <summary>Opens the outputs under <paramref name="paths"/> (the targets, or their shard parts).</summary>
    /// <param name="resume">The last frame a killed run completed (its checkpoints, one per output), or null.</param>
    /// <param name="itemsDone">Items (rows) that run wrote.</param>
    protected internal abstract IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone);

    /// <summary>Called when input <paramref name="input"/> has been opened, before its first frame.</summary>
    protected internal virtual void Prepare(int input, TrajectoryFile file) { }

    /// <summary>Handles frame <paramref name="frame"/> of input <paramref name="input"/>; returns its items (centres, rows).</summary>
    protected internal abstract long SingleFrame(int input, Frame frame);

    /// <summary>Called when input <paramref name="input"/> is read to its end (not when cancelled or cut), with its
    /// frames and items over the whole run (resumed ones included); may refuse it (an input without centres).</summary>
    protected internal virtual void InputDone(int input, int frames, long items) { }

    /// <summary>Attributes stored in shard records (a describe .h5 output's).</summary>
    protected internal virtual IReadOnlyList<KeyValuePair<string, string>> RecordAttributes => [];
}
