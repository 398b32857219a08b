using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>Progress of a frame loop: frames done so far and the index of the last frame in its file.</summary>
public readonly record struct FrameProgress(int FramesDone, int FrameIndex, string? Source);

/// <summary>
/// One loop for every per-frame analysis (ARCHITECTURE.md): <see cref="Prepare"/> sees the first selected
/// frame, <see cref="SingleFrame"/> each selected frame, <see cref="Conclude"/> builds the result. Frames carry
/// their labels as per-atom columns (<see cref="PhaseLabels"/>). <see cref="Run"/> may be called again with
/// more trajectories before <see cref="Result"/>; each call concludes over everything seen so far.
/// </summary>
public abstract class FrameAnalysis<TResult>
{
    private bool _prepared;
    private int _done;

    /// <summary>Called once with the first selected frame, before <see cref="SingleFrame"/>; does nothing by default.</summary>
    protected virtual void Prepare(Frame first) { }
    /// <summary>Processes one selected frame (labels as per-atom columns).</summary>
    protected abstract void SingleFrame(Frame frame);
    /// <summary>Builds the result over every frame seen so far.</summary>
    protected abstract TResult Conclude();

    /// <summary>Frames analysed so far over every call to <see cref="Run"/>.</summary>
    public int FramesDone => _done;

    /// <summary>
    /// Analyses the frames whose position in <paramref name="frames"/> (0-based) is selected by
    /// <paramref name="range"/>; pass <see cref="FrameRange.All"/> when the reader already selected them.
    /// </summary>
    public TResult Run(IEnumerable<Frame> frames, FrameRange range, IProgress<FrameProgress>? progress = null, CancellationToken cancel = default)
    {
        int position = 0;
        foreach (var frame in frames)
        {
            if (range.IsPast(position)) break;
            if (range.Contains(position))
            {
                cancel.ThrowIfCancellationRequested();
                Feed(frame);
                progress?.Report(new FrameProgress(_done, frame.Index, frame.Source));
            }
            position++;
        }
        return Conclude();
    }

    /// <summary>Analyses one more frame (a frame loop that selects the frames itself: the pipeline's run).</summary>
    internal void Feed(Frame frame)
    {
        if (!_prepared)
        {
            Prepare(frame);
            _prepared = true;
        }
        SingleFrame(frame);
        _done++;
    }

    /// <summary>The result over every frame seen so far.</summary>
    public TResult Result() => Conclude();
}
