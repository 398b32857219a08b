namespace ZifPhase.Learning;

/// <summary>
/// Tells a dataset (HDF5) from a model file (JSON) by their first bytes, so that one given where the other is
/// expected is named as such, with what to do, instead of a parser's message.
/// </summary>
public static class LearningFiles
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether the file starts with the HDF5 signature (a dataset, or another HDF5 file).</summary>
    public static bool IsHdf5(string path) => Head(path, 8) is { Length: 8 } head && head.AsSpan().SequenceEqual(Hdf5Signature);

    /// <summary>Whether the file is JSON that names itself a ZifPhase model (its first 4 KiB hold "format": "zifphase-model").</summary>
    public static bool IsModelJson(string path)
    {
        var head = Head(path, 4096);
        if (head is null) return false;
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('{') && text.Contains($"\"{ModelFile.Format}\"", StringComparison.Ordinal);
    }

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
        if (trimmed.Length == 0 && !IsGzip(path)) return new(path, null, null, "the file is empty, not a model file");
        if (trimmed.StartsWith('{') && !IsGzip(path)) return null;
        if (TrajectoryKind(path) is { } kind)
            return new(path, null, null, $"this is a trajectory ({kind}), not a model file: the model comes first (zifphase classify MODEL TRAJECTORY)");
        if (IsFractionsCsv(path))
            return new(path, null, null, "this is a fractions CSV (from zifphase classify --fractions), not a model file");
        return new(path, null, null, "not a model file (a model is JSON written by zifphase train)");
    }

    /// <summary>For a file given as a trajectory that is a dataset, a model or a fractions CSV: the error naming it; else null.</summary>
    public static InputException? NotATrajectory(string path)
    {
        if (IsHdf5(path)) return new(path, null, null, "this is a dataset (HDF5), not a trajectory");
        if (IsModelJson(path)) return new(path, null, null, "this is a model file (JSON), not a trajectory");
        if (IsFractionsCsv(path)) return new(path, null, null, "this is a fractions CSV (from zifphase classify --fractions), not a trajectory");
        if (IsManifest(path)) return new(path, null, null, "this is a dataset manifest (TOML), not a trajectory");
        return null;
    }

    /// <summary>Whether the first line is a fractions CSV header (…,frac_uncertain,frac_unknown, or …,frac_uncertain from before frac_unknown).</summary>
    public static bool IsFractionsCsv(string path)
    {
        var head = Head(path, 8192);
        if (head is null) return false;
        var text = System.Text.Encoding.UTF8.GetString(head);
        int end = text.IndexOf('\n');
        var first = (end < 0 ? text : text[..end]).TrimEnd('\r');
        return first.Contains(',') && (first.EndsWith(",frac_uncertain,frac_unknown", StringComparison.Ordinal) || first.EndsWith(",frac_uncertain", StringComparison.Ordinal));
    }

    /// <summary>
    /// What a file is, in words, when it is one of the files ZifPhase reads or writes other than a manifest:
    /// "a dataset (HDF5)", "a model file (JSON)", "a fractions CSV", "a trajectory (LAMMPS dump)", "a gzip file"; else null.
    /// </summary>
    public static string? KindOf(string path)
    {
        if (IsHdf5(path)) return "a dataset (HDF5)";
        if (IsModelJson(path)) return "a model file (JSON)";
        if (IsFractionsCsv(path)) return "a fractions CSV (from zifphase classify --fractions)";
        if (TrajectoryKind(path) is { } t) return $"a trajectory ({t})";
        if (IsGzip(path)) return "a gzip file";
        if (Head(path, 6) is [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']) return "a feature matrix (.npy)";
        return null;
    }

    /// <summary>Whether the file is TOML with [[source]] tables (a dataset manifest).</summary>
    public static bool IsManifest(string path)
    {
        var head = Head(path, 1 << 16);
        if (head is null || head.Contains((byte)0)) return false;
        var text = System.Text.Encoding.UTF8.GetString(head);
        return text.Contains("[[source]]", StringComparison.Ordinal) && text.Contains("descriptor", StringComparison.Ordinal);
    }

    private static bool IsGzip(string path) => Head(path, 2) is [0x1f, 0x8b];

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

    private static byte[]? Head(string path, int count)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[count];
            int n = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
            return buffer[..n];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
