using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;
using ZifPhase.Sharding;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>
/// classify: every centre of every frame through a model; writes a labelled trajectory (extxyz or dump, per-atom
/// phase, p_&lt;class&gt;, spread and novelty) and/or per-frame fractions (<see cref="FractionsCsvWriter"/>; live under
/// its final name when <paramref name="liveFractions"/>, for a followed run). Items are centres. Resumable
/// (uncompressed outputs) and shardable.
/// </summary>
/// <param name="threshold">A centre whose highest probability is below this is "uncertain", in (0, 1].</param>
public sealed class ClassifyStage(PhaseClassifier model, double threshold, string? labelled, string? fractions, bool liveFractions = false,
    int maxDegreeOfParallelism = -1) : FrameStage
{
    private readonly FrameClassifier _classifier = model.ForFrames(maxDegreeOfParallelism);
    private TrajectoryWriter? _labelled;
    private FractionsCsvWriter? _fractions;

    /// <summary>Centres classified in this run.</summary>
    public long CentresSeen { get; private set; }

    /// <summary>Centres the model's novelty detector called unknown in this run.</summary>
    public long UnknownSeen { get; private set; }

    /// <summary>Called with every frame's fractions, as soon as the frame is written (a live view).</summary>
    public Action<PhaseFractions>? FrameClassified { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets { get; } =
    [
        .. labelled is null ? Array.Empty<OutputTarget>() : [new OutputTarget(labelled, ShardOutputKind.Labelled)],
        .. fractions is null ? Array.Empty<OutputTarget>() : [new OutputTarget(fractions, ShardOutputKind.FractionsCsv)],
    ];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone)
    {
        var outputs = new List<IFrameOutput>();
        try
        {
            int k = 0;
            if (labelled is not null)
            {
                var at = resume?.Checkpoints[k];
                outputs.Add(_labelled = new TrajectoryWriter(paths[k++], null, at));
            }
            if (fractions is not null)
            {
                var at = resume?.Checkpoints[k];
                outputs.Add(_fractions = new FractionsCsvWriter(paths[k], at is { } bytes ? (bytes, model.ClassNames) : null, liveFractions));
            }
        }
        catch
        {
            foreach (var o in outputs) o.Dispose();
            throw;
        }
        return outputs;
    }

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        var assignment = _classifier.Classify(frame);
        var row = PhaseFractions.Of(frame, assignment, threshold);
        CentresSeen += assignment.Centres.Length;
        UnknownSeen += assignment.UnknownCount();
        _labelled?.Write(PhaseLabels.Attach(frame, assignment, threshold));
        _fractions?.Write(row);
        FrameClassified?.Invoke(row);
        return assignment.Centres.Length;
    }
}
