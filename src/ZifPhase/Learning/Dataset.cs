using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PureHDF;
using ZifPhase.Descriptors;

namespace ZifPhase.Learning;

/// <summary>
/// Labelled descriptor rows with provenance: for every row its features (float32), its class (an index into
/// <see cref="ClassNames"/>), the source it came from (an index into <see cref="Sources"/>), the frame index in
/// that source's file and the atom index in that frame (-1 for a row that averages over centres).
/// <para>
/// On disk (HDF5, readable by h5py; written by <see cref="DatasetWriter"/>):
/// <list type="bullet">
/// <item>datasets <c>features</c> (float32, rows × dim, chunked), <c>labels</c>, <c>source</c>, <c>frame</c>,
/// <c>atom</c> (int32, one per row);</item>
/// <item>root attributes <c>format</c> = "zifphase-dataset-1", <c>class_names</c>, <c>feature_names</c> (string[]),
/// <c>descriptor_spec</c> (DescriptorSpec JSON), <c>centers</c>, <c>manifest</c> (the TOML text), and per source
/// <c>source_paths</c>, <c>source_phases</c>, <c>source_tags</c>, <c>source_frames</c>, <c>source_types</c>
/// (string[]; "" where the manifest gave no frames or types).</item>
/// </list>
/// </para>
/// </summary>
public sealed class Dataset
{
    /// <summary>Value of the HDF5 root attribute "format" that marks a dataset file (version 1).</summary>
    public const string FormatName = "zifphase-dataset-1";

    private string? _hash;

    /// <summary>Number of rows (one per centre atom of each frame, or per frame when the descriptor averages).</summary>
    public int Rows { get; }
    /// <summary>Feature columns per row (the descriptor's dimension).</summary>
    public int Dimension { get; }
    /// <summary>Rows × Dimension, row-major.</summary>
    public float[] Features { get; }
    /// <summary>Index into <see cref="ClassNames"/> per row.</summary>
    public int[] Labels { get; }
    /// <summary>Phase names of the classes, in label order (order of first appearance in the manifest).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>A name per feature column (<see cref="Dimension"/> of them), as the descriptor names them.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>The descriptor settings the features were computed with.</summary>
    public DescriptorSpec Descriptor { get; }
    /// <summary>The manifest's sources (trajectory, phase, tag), indexed by <see cref="SourceIndex"/>.</summary>
    public IReadOnlyList<DatasetSource> Sources { get; }
    /// <summary>Index into <see cref="Sources"/> per row.</summary>
    public int[] SourceIndex { get; }
    /// <summary>0-based frame index of each row in its source's file.</summary>
    public int[] Frame { get; }
    /// <summary>0-based atom index of each row's centre in its frame; −1 for a row that averages over centres.</summary>
    public int[] Atom { get; }
    /// <summary>The manifest's TOML text as written ("" when not known), kept for provenance.</summary>
    public string ManifestText { get; }
    /// <summary>The centre selection the rows were computed for ("Zn").</summary>
    public string Centres { get; init; } = "Zn";

    /// <summary>
    /// A dataset over the given arrays (not copied): <paramref name="features"/> rows × <paramref name="dimension"/>, row-major, and one label, source, frame and atom per row.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is not positive, the features are not whole rows, a per-row array or the feature names have the wrong length, or a label or source index is out of range.</exception>
    public Dataset(float[] features, int dimension, int[] labels, IReadOnlyList<string> classNames, IReadOnlyList<string> featureNames,
        DescriptorSpec descriptor, IReadOnlyList<DatasetSource> sources, int[] sourceIndex, int[] frame, int[] atom, string manifestText = "")
    {
        if (dimension <= 0) throw new ArgumentException("a dataset needs at least one feature column");
        if (features.Length % dimension != 0) throw new ArgumentException($"{features.Length} values are not rows of {dimension}");
        int rows = features.Length / dimension;
        if (labels.Length != rows || sourceIndex.Length != rows || frame.Length != rows || atom.Length != rows)
            throw new ArgumentException($"labels, source, frame and atom need one entry per row ({rows})");
        if (featureNames.Count != dimension) throw new ArgumentException($"{featureNames.Count} feature names for {dimension} columns");
        foreach (int l in labels)
            if ((uint)l >= (uint)classNames.Count) throw new ArgumentException($"label {l} is outside the {classNames.Count} classes");
        foreach (int s in sourceIndex)
            if ((uint)s >= (uint)sources.Count) throw new ArgumentException($"source index {s} is outside the {sources.Count} sources");
        Rows = rows;
        Dimension = dimension;
        Features = features;
        Labels = labels;
        ClassNames = classNames;
        FeatureNames = featureNames;
        Descriptor = descriptor;
        Sources = sources;
        SourceIndex = sourceIndex;
        Frame = frame;
        Atom = atom;
        ManifestText = manifestText;
    }

    /// <summary>
    /// The <see cref="Dimension"/> features of row <paramref name="row"/> (0-based), a view into <see cref="Features"/>.
    /// </summary>
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(checked(row * Dimension), Dimension);

    /// <summary>Rows <paramref name="rows"/> as a row-major matrix (rows × <see cref="Dimension"/>); optionally each column z-scored over the sample (constant columns → 0).</summary>
    public float[] Gather(int[] rows, bool standardise)
    {
        int d = Dimension;
        var x = new float[rows.Length * d];
        for (int r = 0; r < rows.Length; r++) Row(rows[r]).CopyTo(x.AsSpan(r * d, d));
        if (!standardise) return x;
        for (int c = 0; c < d; c++)
        {
            double mean = 0;
            for (int r = 0; r < rows.Length; r++) mean += x[r * d + c];
            mean /= rows.Length;
            double variance = 0;
            for (int r = 0; r < rows.Length; r++) { double e = x[r * d + c] - mean; variance += e * e; }
            double std = Math.Sqrt(variance / rows.Length);
            for (int r = 0; r < rows.Length; r++)
                x[r * d + c] = std > 0 ? (float)((x[r * d + c] - mean) / std) : 0f;
        }
        return x;
    }

    /// <summary>The tag (force field or protocol) of the row's source.</summary>
    public string Tag(int row) => Sources[SourceIndex[row]].Tag;

    /// <summary>Hex SHA-256 over the features (float32, little-endian) followed by the labels (int32, little-endian).</summary>
    public string ContentHash => _hash ??= ComputeHash();

    private string ComputeHash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (BitConverter.IsLittleEndian)
        {
            sha.AppendData(MemoryMarshal.AsBytes(Features.AsSpan()));
            sha.AppendData(MemoryMarshal.AsBytes(Labels.AsSpan()));
        }
        else
        {
            var buffer = new byte[4];
            foreach (float f in Features) { System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(buffer, f); sha.AppendData(buffer); }
            foreach (int l in Labels) { System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer, l); sha.AppendData(buffer); }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Reads a dataset written by <see cref="DatasetWriter"/>; an <see cref="InputException"/> naming the file for anything else.</summary>
    public static Dataset Load(string h5Path)
    {
        IO.FilePaths.RequireFile(h5Path);
        if (!File.Exists(h5Path)) throw new InputException(h5Path, null, null, "no such file");
        if (IO.FileKinds.IsModelJson(h5Path)) throw LearningFiles.ModelGivenAsDataset(h5Path);
        if (!IO.FileKinds.IsHdf5(h5Path))
        {
            if (IO.FileKinds.IsManifest(h5Path))
                throw new InputException(h5Path, null, null, $"this is a dataset manifest, not a dataset: build one with zifphase dataset build {h5Path} -o data.h5");
            if (LearningFiles.KindOf(h5Path) is { } kind)
                throw new InputException(h5Path, null, null, $"this is {kind}, not a dataset (HDF5): build one with zifphase dataset build MANIFEST.toml -o data.h5");
        }
        try
        {
            using var file = H5File.OpenRead(h5Path);
            string Attr(string name) => file.AttributeExists(name)
                ? file.Attribute(name).Read<string>()
                : throw new InputException(h5Path, null, null, $"not a ZifPhase dataset (no '{name}' attribute)");
            string[] Strings(string name) => file.AttributeExists(name)
                ? file.Attribute(name).Read<string[]>()
                : throw new InputException(h5Path, null, null, $"not a ZifPhase dataset (no '{name}' attribute)");
            int[] Ints(string name) => file.LinkExists(name)
                ? file.Dataset(name).Read<int[]>()
                : throw new InputException(h5Path, null, null, $"not a ZifPhase dataset (no '{name}' dataset)");

            var format = Attr("format");
            if (format != FormatName) throw new InputException(h5Path, null, null, $"unsupported dataset format '{format}' (expected {FormatName})");
            if (!file.LinkExists("features")) throw new InputException(h5Path, null, null, "not a ZifPhase dataset (no 'features' dataset)");
            var featureSet = file.Dataset("features");
            var dims = featureSet.Space.Dimensions;
            if (dims.Length != 2) throw new InputException(h5Path, null, null, "'features' is not a rows × features matrix");
            var features = featureSet.Read<float[]>();
            var paths = Strings("source_paths");
            var phases = Strings("source_phases");
            var tags = Strings("source_tags");
            var frames = Strings("source_frames");
            var types = file.AttributeExists("source_types") ? Strings("source_types") : new string[paths.Length];
            if (phases.Length != paths.Length || tags.Length != paths.Length || frames.Length != paths.Length || types.Length != paths.Length)
                throw new InputException(h5Path, null, null, "source attributes disagree in length");
            var sources = new DatasetSource[paths.Length];
            for (int i = 0; i < sources.Length; i++)
                sources[i] = new DatasetSource(paths[i], phases[i], tags[i], NullIfEmpty(frames[i]), NullIfEmpty(types[i]));
            DescriptorSpec spec;
            try
            {
                spec = DescriptorSpec.FromJson(Attr("descriptor_spec"));
            }
            catch (ArgumentException e)
            {
                throw new InputException(h5Path, null, null, e.Message);
            }
            return new Dataset(features, checked((int)dims[1]), Ints("labels"), Strings("class_names"), Strings("feature_names"), spec,
                sources, Ints("source"), Ints("frame"), Ints("atom"), file.AttributeExists("manifest") ? Attr("manifest") : "")
            {
                Centres = file.AttributeExists("centers") ? Attr("centers") : "Zn",
            };
        }
        catch (InputException)
        {
            throw;
        }
        catch (ArgumentException e)
        {
            throw new InputException(h5Path, null, null, $"inconsistent dataset: {e.Message}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InputException(h5Path, null, null, $"not a readable HDF5 dataset ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
