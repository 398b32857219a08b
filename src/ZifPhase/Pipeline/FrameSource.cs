using ZifPhase.IO;
using ZifPhase.Sharding;

namespace ZifPhase.Pipeline;

/// <summary>One input of a run: a trajectory or structure file, how to read it (frame selection, type map) and
/// its format (null: from the extension and content). <paramref name="Name"/> is how shard records name it
/// (default: the path).</summary>
public sealed record FrameInput(string Path, ReadOptions Options, TrajectoryFormat? Format = null, string? Name = null)
{
    /// <summary>The name shard records give the input.</summary>
    public string RecordName => Name ?? Path;
}

/// <summary>
/// Where a run's frames come from: its inputs in order, optionally restricted to one shard's frames
/// (<see cref="Sharded"/>: every selected frame of all inputs numbered 0 … F−1, see <see cref="ShardPlan"/>) or
/// followed while still being written (<see cref="Following"/>: one input, no known end).
/// </summary>
public sealed class FrameSource
{
    /// <summary>The inputs, in the order their frames are read.</summary>
    public IReadOnlyList<FrameInput> Inputs { get; }

    /// <summary>The shard this source reads, or null for every selected frame.</summary>
    public ShardPlan? Plan { get; private init; }

    /// <summary>When following: how long without new data ends the input; null when not following.</summary>
    public TimeSpan? FollowIdle { get; private init; }

    /// <summary>A source reading <paramref name="inputs"/> one after the other.</summary>
    public FrameSource(IEnumerable<FrameInput> inputs)
    {
        Inputs = [.. inputs];
        if (Inputs.Count == 0) throw new ArgumentException("a run needs at least one input");
    }

    /// <summary>One input read with <paramref name="options"/>.</summary>
    public static FrameSource Of(string path, ReadOptions? options = null, TrajectoryFormat? format = null) =>
        new([new FrameInput(path, options ?? ReadOptions.Default, format)]);

    /// <summary>This source restricted to shard <paramref name="shard"/>: counts the frames of every input (headers
    /// only for dumps and XYZ) to deal the selected frames out.</summary>
    public FrameSource Sharded(Shard shard, ShardMode mode)
    {
        if (FollowIdle is not null) throw new ZifPhaseException("--follow cannot be sharded: a file that is still growing has no known number of frames");
        return new FrameSource(Inputs) { Plan = ShardPlan.Create([.. Inputs.Select(i => (i.Path, i.Options, i.Format))], shard, mode) };
    }

    /// <summary>This source's one input followed as it grows (a dump still being written, a named pipe), until a
    /// pipe closes, <paramref name="idle"/> passes without new data, or the run is cancelled.</summary>
    public FrameSource Following(TimeSpan idle)
    {
        if (Inputs.Count != 1) throw new ZifPhaseException("--follow takes exactly one trajectory");
        if (Plan is not null) throw new ZifPhaseException("--follow cannot be sharded: a file that is still growing has no known number of frames");
        TrajectoryReader.CheckFollowable(Inputs[0].Path, Inputs[0].Options);
        return new FrameSource(Inputs) { FollowIdle = idle };
    }

    /// <summary>Whether input <paramref name="input"/> has frames for this source (a shard may own none of it).</summary>
    public bool Reads(int input) => Plan is null || Plan.Ranges[input] is not null;

    /// <summary>Opens input <paramref name="input"/> restricted to this source's frames.</summary>
    /// <exception cref="OperationCanceledException">Following, cancelled while waiting for the file to appear.</exception>
    public TrajectoryFile Open(int input, CancellationToken cancel = default)
    {
        var i = Inputs[input];
        if (FollowIdle is { } idle) return TrajectoryReader.OpenFollow(i.Path, idle, cancel, i.Options, i.Format);
        return TrajectoryReader.Open(i.Path, Plan is null ? i.Options : Plan.Restrict(i.Options, input), i.Format);
    }
}
