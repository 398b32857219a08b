using ZifPhase.IO;

namespace ZifPhase.Learning;

/// <summary>
/// Tells a dataset (HDF5) from a model file (JSON) by their first bytes, so that one given where the other is
/// expected is named as such, with what to do, instead of a parser's message.
/// </summary>
public static class LearningFiles
{
    /// <summary>The error for a dataset given where a model file is expected.</summary>
    public static InputException DatasetGivenAsModel(string path) => new(path, null, null,
        $"this is a dataset (HDF5), not a model file: train one with `zifphase train {path} --preset paper-bpsf -o model.json` (or --preset paper-soap) and give model.json");

    /// <summary>The error for a model file given where a dataset is expected.</summary>
    public static InputException ModelGivenAsDataset(string path) => new(path, null, null,
        "this is a model file (JSON), not a dataset (HDF5): build a dataset with `zifphase dataset build MANIFEST.toml -o data.h5` and give data.h5");

    /// <summary>
    /// For a file given as a model that is plainly something else (empty, a trajectory, a fractions CSV, not JSON),
    /// the error that says what it is; null when it looks like JSON and the model parser should judge it.
    /// </summary>
    public static InputException? NotAModel(string path, string text)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0 && !FileKinds.IsGzip(path)) return new(path, null, null, "the file is empty, not a model file");
        if (trimmed.StartsWith('{') && !FileKinds.IsGzip(path)) return null;
        if (TrajectoryKind(path) is { } kind)
            return new(path, null, null, $"this is a trajectory ({kind}), not a model file: the model comes first (zifphase classify MODEL TRAJECTORY)");
        if (FileKinds.IsFractionsCsv(path))
            return new(path, null, null, "this is a fractions CSV (from zifphase classify --fractions), not a model file");
        return new(path, null, null, "not a model file (a model is JSON written by zifphase train)");
    }

    /// <summary>
    /// What a file is, in words, when it is one of the files ZifPhase reads or writes other than a manifest:
    /// "a dataset (HDF5)", "a model file (JSON)", "a fractions CSV", "a trajectory (LAMMPS dump)", "a gzip file"; else null.
    /// </summary>
    public static string? KindOf(string path)
    {
        if (FileKinds.IsHdf5(path)) return "a dataset (HDF5)";
        if (FileKinds.IsModelJson(path)) return "a model file (JSON)";
        if (FileKinds.IsFractionsCsv(path)) return "a fractions CSV (from zifphase classify --fractions)";
        if (TrajectoryKind(path) is { } t) return $"a trajectory ({t})";
        if (FileKinds.IsGzip(path)) return "a gzip file";
        if (FileKinds.Head(path, 6) is [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']) return "a feature matrix (.npy)";
        return null;
    }

    private static string? TrajectoryKind(string path)
    {
        try
        {
            return IO.TrajectoryFormats.Describe(IO.TrajectoryReader.DetectFormat(path));
        }
        catch (Exception e) when (e is InputException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

}
