using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Sharding;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>What <see cref="DatasetBuilder.Build"/> wrote: rows, features per row, and rows per class and per tag.</summary>
public sealed record DatasetSummary(long Rows, int Dimension, IReadOnlyDictionary<string, long> RowsPerClass, IReadOnlyDictionary<string, long> RowsPerTag);

/// <summary>
/// Progress of a build, reported after every frame and once when a source is done.
/// <paramref name="Source"/> is the 0-based source index; bytes are of the file on disk (compressed for gzip).
/// </summary>
public sealed record DatasetProgress(int Source, int SourceCount, string Path, int Frames, long Rows, long BytesRead, long BytesTotal, bool SourceDone);

/// <summary>
/// dataset build: the manifest's descriptor for every centre of every selected frame of every source, with its
/// label and provenance, into a dataset file (<see cref="DatasetWriter"/>). Items are rows. A source whose
/// selected frames give no row is an error (unless sharded: the merge checks it then). Resumable and shardable.
/// </summary>
public sealed class DatasetBuildStage : FrameStage
{
    private readonly DatasetManifest _manifest;
    private readonly IDescriptor _descriptor;
    private readonly FrameDescriber _describer;
    private readonly CentreSelection _centres;
    private readonly bool _sharded;
    private readonly Dictionary<string, long> _perClass;
    private readonly Dictionary<string, long> _perTag = [];

    /// <summary>The writer, once the run has opened it.</summary>
    public DatasetWriter Writer { get; private set; } = null!;

    /// <param name="sharded">A shard's part: a source may yield no row (the merge checks instead).</param>
    public DatasetBuildStage(DatasetManifest manifest, string output, int maxDegreeOfParallelism = -1, bool sharded = false)
    {
        _manifest = manifest;
        _descriptor = manifest.Descriptor.Create(maxDegreeOfParallelism);
        _centres = CentreSelection.Parse(manifest.Centres);
        _describer = new FrameDescriber(_descriptor, _centres, maxDegreeOfParallelism);
        _sharded = sharded;
        _perClass = manifest.ClassNames.ToDictionary(c => c, _ => 0L);
        foreach (var s in manifest.Sources) _perTag.TryAdd(s.Tag, 0);
        Targets = [new OutputTarget(output, ShardOutputKind.Dataset)];
    }

    /// <summary>The manifest's sources as a run's inputs (paths resolved against the manifest's folder).</summary>
    public static FrameSource Source(DatasetManifest manifest, Action<string>? warn = null) =>
        new(manifest.Sources.Select((s, i) => new FrameInput(manifest.ResolvePath(s), manifest.ReadOptions(i, warn), null, s.Path)));

    /// <inheritdoc/>
    public override IReadOnlyList<OutputTarget> Targets { get; }

    /// <inheritdoc/>
    protected internal override IReadOnlyList<IFrameOutput> Open(IReadOnlyList<string> paths, JournalEntry? resume, long itemsDone)
    {
        Writer = DatasetWriter.Create(paths[0], _manifest, _descriptor, resume?.Checkpoints[0]);
        if (resume is not null)
            foreach (int source in Writer.Sources()) Count(source, 1);
        return [Writer];
    }

    /// <inheritdoc/>
    protected internal override long SingleFrame(int input, Frame frame)
    {
        var atoms = _centres.Resolve(frame);
        if (atoms.Length == 0) return 0;
        var rows = _describer.Compute(frame, atoms);
        int n = rows.Length / _descriptor.Dimension;
        Writer.Append(rows, _manifest.Label(_manifest.Sources[input].Phase), input, frame.Index, n == atoms.Length ? atoms : [.. Enumerable.Repeat(-1, n)]);
        Count(input, n);
        return n;
    }

    private void Count(int source, long rows)
    {
        var s = _manifest.Sources[source];
        _perClass[s.Phase] += rows;
        _perTag[s.Tag] += rows;
    }

    /// <inheritdoc/>
    protected internal override void InputDone(int input, int frames, long items)
    {
        if (items == 0 && !_sharded)
            throw new InputException(_manifest.ResolvePath(_manifest.Sources[input]), null, null,
                frames == 0 ? "no frame selected" : $"no centre '{_manifest.Centres}' in the {frames} selected frames");
    }

    /// <summary>Rows written, features per row, rows per class and per tag.</summary>
    public DatasetSummary Summary() => new(Writer.Rows, _descriptor.Dimension, _perClass, _perTag);
}

/// <summary>
/// Builds a dataset file (layout in <see cref="Dataset"/>) from a manifest with one <see cref="FrameRun"/>:
/// frames stream one at a time, rows are spooled and written to "OUT.tmp", renamed to OUT when complete. A failure
/// or cancellation leaves neither OUT (if it did not exist) nor a temporary file. Rows are identical for any degree
/// of parallelism.
/// </summary>
public static class DatasetBuilder
{
    /// <param name="warn">Receives the readers' non-fatal remarks.</param>
    /// <exception cref="InputException">A source cannot be read, or gives no row.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public static DatasetSummary Build(DatasetManifest manifest, string outputPath, IProgress<DatasetProgress>? progress = null,
        int maxDegreeOfParallelism = -1, CancellationToken cancel = default, Action<string>? warn = null)
    {
        var stage = new DatasetBuildStage(manifest, outputPath, maxDegreeOfParallelism);
        return Run(DatasetBuildStage.Source(manifest, warn), stage, new RunOptions { Cancel = cancel, Progress = DatasetProgressOf(manifest, progress) }).Summary;
    }

    /// <summary>Runs <paramref name="stage"/> over <paramref name="source"/> (both from one manifest) to the end and
    /// completes its output; returns the summary and the run's result.</summary>
    public static (DatasetSummary Summary, RunResult Result) Run(FrameSource source, DatasetBuildStage stage, RunOptions options)
    {
        var result = FrameRun.ToEnd(source, stage, options);
        return (stage.Summary(), result);
    }

    /// <summary>The run's progress as a build's (<see cref="DatasetProgress"/>); null for null.</summary>
    public static IProgress<RunProgress>? DatasetProgressOf(DatasetManifest manifest, IProgress<DatasetProgress>? progress) =>
        progress is null ? null : new InlineProgress<RunProgress>(p =>
            progress.Report(new DatasetProgress(p.Input, manifest.Sources.Count, p.Path, p.Frames, p.Items, p.BytesRead, p.Length, p.InputDone)));
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => report(value);
}
