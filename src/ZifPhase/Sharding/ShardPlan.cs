using ZifPhase.IO;

namespace ZifPhase.Sharding;

/// <summary>
/// Which frames one shard reads. The selected frames of all inputs, in order, are numbered 0 … F−1 (their
/// "positions"); the shard owns some of them (<see cref="ShardMode"/>) and reads each input through a
/// <see cref="FrameRange"/> that selects exactly its own frames, so readers skip the others cheaply.
/// </summary>
public sealed class ShardPlan
{
    private readonly long[] _offsets;
    private readonly FrameRange[] _selected;

    /// <summary>The shard this plan is for.</summary>
    public Shard Shard { get; }
    /// <summary>How the selected frames are dealt out (blocks or stride).</summary>
    public ShardMode Mode { get; }
    /// <summary>Selected frames over all inputs (F).</summary>
    public long Total { get; }
    /// <summary>Per input: the frames this shard reads, or null when it reads none of that input.</summary>
    public IReadOnlyList<FrameRange?> Ranges { get; }
    /// <summary>Number of frames this shard owns.</summary>
    public long Owned { get; }

    /// <param name="selected">Per input: the user's frame selection (ranges counted from the end are resolved
    /// against <paramref name="frameCounts"/>).</param>
    /// <param name="frameCounts">Per input: the number of frames the file holds.</param>
    /// <param name="sources">Per input: its path, to name in an error (a missing single index); optional.</param>
    public ShardPlan(IReadOnlyList<FrameRange> selected, IReadOnlyList<int> frameCounts, Shard shard, ShardMode mode, IReadOnlyList<string>? sources = null)
    {
        if (selected.Count != frameCounts.Count) throw new ArgumentException("one frame count per input");
        Shard = shard;
        Mode = mode;
        _selected = [.. selected.Select((r, j) => r.Resolve(frameCounts[j], sources?[j]))];
        selected = _selected;
        _offsets = new long[selected.Count + 1];
        for (int j = 0; j < selected.Count; j++) _offsets[j + 1] = _offsets[j] + selected[j].Count(frameCounts[j]);
        Total = _offsets[^1];
        var ranges = new FrameRange?[selected.Count];
        long owned = 0;
        for (int j = 0; j < selected.Count; j++)
        {
            var r = selected[j];
            long count = _offsets[j + 1] - _offsets[j];
            long lo, hi, step;
            if (mode == ShardMode.Blocks)
            {
                long a = Shard.Start(shard.Index, Total, shard.Count), b = Shard.Start(shard.Index + 1, Total, shard.Count);
                lo = Math.Max(a, _offsets[j]) - _offsets[j];
                hi = Math.Min(b, _offsets[j + 1]) - _offsets[j];
                step = 1;
            }
            else
            {
                lo = ((shard.Index - 1 - _offsets[j]) % shard.Count + shard.Count) % shard.Count;
                hi = count;
                step = shard.Count;
            }
            if (lo >= hi) continue;
            owned += (hi - lo + step - 1) / step;
            ranges[j] = new FrameRange(checked((int)(r.Start + lo * r.Step)), checked((int)(r.Start + hi * r.Step)), checked((int)(r.Step * step)));
        }
        Ranges = ranges;
        Owned = owned;
    }

    /// <summary>Counts the frames of each input (headers only for dumps and XYZ) and plans the shard.</summary>
    public static ShardPlan Create(IReadOnlyList<(string Path, ReadOptions Options, TrajectoryFormat? Format)> inputs, Shard shard, ShardMode mode)
    {
        var counts = new int[inputs.Count];
        for (int j = 0; j < inputs.Count; j++) counts[j] = TrajectoryReader.CountFrames(inputs[j].Path, inputs[j].Options, inputs[j].Format);
        return new ShardPlan([.. inputs.Select(i => i.Options.Frames)], counts, shard, mode, [.. inputs.Select(i => i.Path)]);
    }

    /// <summary>Position (0 … F−1) of frame <paramref name="frameIndex"/> of input <paramref name="input"/>.</summary>
    public long PositionOf(int input, int frameIndex)
    {
        var r = _selected[input];
        return _offsets[input] + (frameIndex - r.Start) / r.Step;
    }

    /// <summary><paramref name="options"/> restricted to the frames this shard reads of input <paramref name="input"/> (none: an empty range).</summary>
    public ReadOptions Restrict(ReadOptions options, int input) => options with { Frames = Ranges[input] ?? new FrameRange(0, 0, 1) };

    /// <summary>Selected frames of input <paramref name="input"/> (its share of <see cref="Total"/>).</summary>
    public long SelectedIn(int input) => _offsets[input + 1] - _offsets[input];
}
