using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;
using ZifPhase.Sharding;

namespace ZifPhase.Pipeline;

/// <summary>
/// One output kind a run writes frame by frame: the extensions a file of it may have, and how the parts of a
/// sharded run are joined into the file one process would have written.
/// </summary>
/// <param name="Merge">Joins the validated parts (<see cref="ShardMerge"/>) into the output, atomically.</param>
public sealed record OutputFormat(ShardOutputKind Kind, IReadOnlyList<string> Extensions, Action<PartSet, string> Merge)
{
    /// <summary>The kind's name in shard records and messages: features-npy, dataset-h5, labelled-trajectory, ...</summary>
    public string Name => ShardRecord.KindName(Kind);

    /// <summary>Whether <paramref name="path"/> has one of this kind's extensions.</summary>
    public bool Accepts(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The registry of frame outputs (in the spirit of ase/io/formats.py): extension → kind, and per kind its merge.
/// The writers themselves: <see cref="Reporting.FeatureMatrixWriter"/> (features), <see cref="Learning.DatasetWriter"/>
/// (dataset), <see cref="Reporting.FractionsCsvWriter"/> (fractions) and <see cref="TrajectoryWriter"/> (labelled).
/// There is no writer factory here: each writer needs what only its stage holds (feature names, dtype and
/// attributes; the dataset header; the model's class names and live fractions; the resume checkpoint in its own
/// unit) and the stage keeps the typed writer to hand it typed rows, so a uniform
/// <c>Func&lt;OutputTarget, IFrameOutput&gt;</c> would need a bag of arguments and a cast back in every stage;
/// stages create their writers in <see cref="FrameStage.Open"/>.
/// </summary>
public static class OutputFormats
{
    // The trajectory formats IO can write (TrajectoryFormats), each extension also gzip-compressed.
    private static readonly string[] Trajectories =
        [.. TrajectoryFormats.All.Where(f => TrajectoryFormats.CanWrite(f.Format)).SelectMany(f => f.Extensions).SelectMany(e => new[] { e, e + ".gz" })];

    /// <summary>Every kind, in <see cref="ShardOutputKind"/> order.</summary>
    public static IReadOnlyList<OutputFormat> All { get; } =
    [
        new(ShardOutputKind.FeaturesNpy, [".npy"], FeatureMatrixWriter.MergeNpy),
        new(ShardOutputKind.FeaturesCsv, [".csv"], FeatureMatrixWriter.MergeCsv),
        new(ShardOutputKind.FeaturesHdf5, [".h5", ".hdf5"], FeatureMatrixWriter.MergeHdf5),
        new(ShardOutputKind.Dataset, [".h5", ".hdf5"], DatasetWriter.Merge),
        new(ShardOutputKind.FractionsCsv, [".csv"], FractionsCsvWriter.Merge),
        new(ShardOutputKind.Labelled, Trajectories, TrajectoryWriter.Merge),
    ];

    /// <summary>The format of a kind.</summary>
    public static OutputFormat Of(ShardOutputKind kind) => All[(int)kind];

    /// <summary>The kind of a feature matrix by its extension: .npy, .csv, else HDF5 (.h5, .hdf5).</summary>
    public static ShardOutputKind FeatureKind(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => ShardOutputKind.FeaturesNpy,
        ".csv" => ShardOutputKind.FeaturesCsv,
        _ => ShardOutputKind.FeaturesHdf5,
    };
}
