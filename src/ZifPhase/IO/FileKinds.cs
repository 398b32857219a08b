namespace ZifPhase.IO;

/// <summary>
/// What a file is by its first bytes, for the files ZifPhase reads and writes that are not trajectories: a dataset
/// (HDF5 signature), a model (JSON naming <see cref="ModelFormat"/>), a fractions CSV (its header) and a dataset
/// manifest (TOML with [[source]] tables). Lets the trajectory reader name a file given in the wrong place
/// without depending on the learning code that writes those files.
/// </summary>
public static class FileKinds
{
    /// <summary>The "format" value a model file (JSON) names itself with.</summary>
    public const string ModelFormat = "zifphase-model";

    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether the file starts with the HDF5 signature (a dataset, or another HDF5 file).</summary>
    public static bool IsHdf5(string path) => Head(path, 8) is { Length: 8 } head && head.AsSpan().SequenceEqual(Hdf5Signature);

    /// <summary>Whether the file is JSON that names itself a ZifPhase model (its first 4 KiB hold "format": "zifphase-model").</summary>
    public static bool IsModelJson(string path)
    {
        var head = Head(path, 4096);
        if (head is null) return false;
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('{') && text.Contains($"\"{ModelFormat}\"", StringComparison.Ordinal);
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

    /// <summary>Whether the file is TOML with [[source]] tables (a dataset manifest).</summary>
    public static bool IsManifest(string path)
    {
        var head = Head(path, 1 << 16);
        if (head is null || head.Contains((byte)0)) return false;
        var text = System.Text.Encoding.UTF8.GetString(head);
        return text.Contains("[[source]]", StringComparison.Ordinal) && text.Contains("descriptor", StringComparison.Ordinal);
    }

    /// <summary>Whether the file starts with the gzip magic bytes.</summary>
    public static bool IsGzip(string path) => Head(path, 2) is [0x1f, 0x8b];

    /// <summary>For a file given as a trajectory that is a dataset, a model or a fractions CSV: the error naming it; else null.</summary>
    public static InputException? NotATrajectory(string path)
    {
        if (IsHdf5(path)) return new(path, null, null, "this is a dataset (HDF5), not a trajectory");
        if (IsModelJson(path)) return new(path, null, null, "this is a model file (JSON), not a trajectory");
        if (IsFractionsCsv(path)) return new(path, null, null, "this is a fractions CSV (from zifphase classify --fractions), not a trajectory");
        if (IsManifest(path)) return new(path, null, null, "this is a dataset manifest (TOML), not a trajectory");
        return null;
    }

    /// <summary>The first <paramref name="count"/> bytes of the file (fewer when it is shorter); null when it cannot be read.</summary>
    public static byte[]? Head(string path, int count)
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
