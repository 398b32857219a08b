using ZifPhase.IO;
using ZifPhase.Sharding;

namespace ZifPhase.Pipeline;

/// <summary>
/// One output kind a run writes frame by frame: its name in shard records, the extensions a file of it may have,
/// </summary>
public sealed record OutputFormat(ShardOutputKind Kind, string Name, IReadOnlyList<string> Extensions)
{
    /// <summary>Whether <paramref name="path"/> has one of this kind's extensions.</summary>
    public bool Accepts(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The registry of frame outputs (in the spirit of ase/io/formats.py): extension → kind, and per kind its merge.
/// The writers themselves: <see cref="Reporting.FeatureMatrixWriter"/> (features), <see cref="Learning.DatasetWriter"/>
/// (dataset), <see cref="Reporting.FractionsCsvWriter"/> (fractions) and <see cref="TrajectoryWriter"/> (labelled).
/// </summary>
public static class OutputFormats
{
    private static readonly string[] Trajectories = [.. new[] { ".extxyz", ".xyz", ".lammpstrj", ".dump" }.SelectMany(e => new[] { e, e + ".gz" })];

    /// <summary>Every kind, in <see cref="ShardOutputKind"/> order.</summary>
    public static IReadOnlyList<OutputFormat> All { get; } =
    [
        new(ShardOutputKind.FeaturesNpy, "features-npy", [".npy"]),
        new(ShardOutputKind.FeaturesCsv, "features-csv", [".csv"]),
        new(ShardOutputKind.FeaturesHdf5, "features-h5", [".h5", ".hdf5"]),
        new(ShardOutputKind.Dataset, "dataset-h5", [".h5", ".hdf5"]),
        new(ShardOutputKind.FractionsCsv, "fractions-csv", [".csv"]),
        new(ShardOutputKind.Labelled, "labelled-trajectory", Trajectories),
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
