using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>
/// A per-frame analysis (<see cref="FrameAnalysis{TResult}"/>: prepare, single frame, conclude) as a stage of a
/// run: it writes no file (no journal, no shards); <see cref="Result"/> concludes over every frame seen. Each input
/// must give at least one selected frame ("no frame selected" otherwise).
/// </summary>
public sealed class AnalysisStage<TResult>(FrameAnalysis<TResult> analysis) : FrameStage
{
    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets => [];

    /// <summary>The result over every frame seen so far.</summary>
    public TResult Result() => analysis.Result();

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone) => [];

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        analysis.Feed(frame);
        return 0;
    }

    private string? _path;

    /// <inheritdoc/>
    protected internal override void Prepare(int input, TrajectoryFile file) => _path = file.Path;

    /// <inheritdoc/>
    protected internal override void InputDone(int input, int frames, long items)
    {
        if (frames == 0) throw new InputException(_path, null, null, "no frame selected");
    }
}

/// <summary>What info found in a file: its format, frames, first and last step and time (ps; null without one) and the first frame.</summary>
public sealed record FileSummary(TrajectoryFormat Format, int Frames, long FirstStep, long LastStep, double? FirstTime, double? LastTime, Frame First);

/// <summary>info: counts the frames of one input, keeping its first frame and the steps and times at both ends.</summary>
public sealed class InfoStage : FrameStage
{
    private TrajectoryFormat _format;
    private Frame? _first, _last;
    private int _frames;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets => [];

    /// <summary>The summary, or null when the file held no frame.</summary>
    public FileSummary? Summary => _first is null ? null
        : new FileSummary(_format, _frames, _first.Step, _last!.Step, _first.Time, _last.Time, _first);

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone) => [];

    /// <inheritdoc/>
    protected internal override void Prepare(int input, TrajectoryFile file) => _format = file.Format;

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        _first ??= frame;
        _last = frame;
        _frames++;
        return 0;
    }
}

/// <summary>
/// analyze rings: the 4-membered rings of every frame's periodic Zn net (<see cref="FourRings"/>), with how many of
/// each ring's Zn carry the <paramref name="target"/> label — read from the frame, or from the frame at the same
/// place in <paramref name="labelsPath"/> (a labelled trajectory read in step, with the same selection).
/// </summary>
public sealed class RingsStage(string? labelsPath, string? target, ReadOptions read, NetworkOptions network) : FrameStage, IDisposable
{
    private readonly TargetPhaseCheck? _check = target is null ? null : new TargetPhaseCheck(target);
    private readonly IEnumerator<Frame>? _labels = labelsPath is null ? null : TrajectoryReader.Read(labelsPath, read).GetEnumerator();
    private readonly List<RingRow> _rows = [];
    private string _path = "";

    /// <summary>Frames analysed.</summary>
    public int Frames { get; private set; }

    /// <summary>Zn centres of the nets over all frames.</summary>
    public int ZnTotal { get; private set; }

    /// <summary>Every ring, frame by frame.</summary>
    public IReadOnlyList<RingRow> Rings => _rows;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets => [];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone) => [];

    /// <inheritdoc/>
    protected internal override void Prepare(int input, TrajectoryFile file) => _path = file.Path;

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        Frame labelFrame = frame;
        if (_labels is not null)
        {
            if (!_labels.MoveNext()) throw new InputException(labelsPath, null, null, $"holds fewer selected frames than {_path}");
            labelFrame = _labels.Current;
            if (labelFrame.AtomCount != frame.AtomCount)
                throw new InputException(labelsPath, labelFrame.Index, null, $"{labelFrame.AtomCount} atoms but {_path} frame {frame.Index} has {frame.AtomCount}");
        }
        _check?.See(labelFrame);
        var set = FourRings.Find(frame, network);
        int[] counts = target is null ? new int[set.Count] : set.TargetCounts(PhaseLabels.Read(labelFrame), target);
        for (int r = 0; r < set.Count; r++)
        {
            var ring = set.Rings[r];
            _rows.Add(new RingRow(frame.Index, frame.Step, [.. Enumerable.Range(0, 4).Select(k => set.Network.ZnAtoms[ring.Vertex(k)])],
                set.PhiA[r], counts[r]));
        }
        Frames++;
        ZnTotal += set.Network.Count;
        return set.Count;
    }

    /// <inheritdoc/>
    protected internal override void InputDone(int input, int frames, long items)
    {
        if (frames == 0) throw new InputException(_path, null, null, "no frame selected");
        _check?.Finish();
    }

    /// <summary>Closes the labelled trajectory.</summary>
    public void Dispose() => _labels?.Dispose();
}
