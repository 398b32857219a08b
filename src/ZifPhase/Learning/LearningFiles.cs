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
