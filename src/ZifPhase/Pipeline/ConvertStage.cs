using ZifPhase.IO;
using ZifPhase.Sharding;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>convert: every frame rewritten as extxyz or a LAMMPS dump (<see cref="TrajectoryWriter"/>), optionally
/// replicated <paramref name="replicas"/> times along a, b and c. Items are frames.</summary>
public sealed class ConvertStage(string output, TrajectoryFormat? format, (int A, int B, int C) replicas) : FrameStage
{
    /// <summary>The writer, once the run has opened it.</summary>
    public TrajectoryWriter Writer { get; private set; } = null!;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets { get; } = [new(output, ShardOutputKind.Labelled)];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone)
    {
        Writer = new TrajectoryWriter(paths[0], format, resume?.Checkpoints[0]);
        return [Writer];
    }

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        var (a, b, c) = replicas;
        Writer.Write(a * b * c == 1 ? frame : frame.Replicate(a, b, c));
        return 1;
    }
}
