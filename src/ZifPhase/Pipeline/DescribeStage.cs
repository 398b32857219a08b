using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Reporting;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>
/// describe: descriptor rows for every centre of every frame, streamed to a feature matrix (.npy, .csv or .h5,
/// see <see cref="OutputFormats"/>). Items are rows (one per centre; one per frame for a descriptor averaged over
/// centres). Resumable and shardable.
/// </summary>
public sealed class DescribeStage(string output, FrameDescriber describer, FeatureDType dtype, IReadOnlyDictionary<string, string> attributes) : FrameStage
{
    /// <summary>The writer, once the run has opened it.</summary>
    public FeatureMatrixWriter Writer { get; private set; } = null!;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets { get; } = [new(output, OutputFormats.FeatureKind(output))];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone)
    {
        Writer = FeatureMatrixWriter.Create(paths[0], describer.Descriptor.FeatureNames, dtype, attributes,
            resume is null ? null : (resume.Checkpoints[0], itemsDone));
        return [Writer];
    }

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        long before = Writer.RowCount;
        Writer.WriteFrame(describer, frame);
        return Writer.RowCount - before;
    }

    /// <inheritdoc/>
    protected internal override IReadOnlyList<KeyValuePair<string, string>> RecordAttributes => [.. attributes];
}
