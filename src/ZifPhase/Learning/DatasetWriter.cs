using PureHDF;
using ZifPhase.Descriptors;
using ZifPhase.IO;

namespace ZifPhase.Learning;

/// <summary>
/// Writes a dataset file (layout in <see cref="Dataset"/>) row block by row block: float32 descriptor rows with
/// their label, source index, frame index and atom index (−1 for a row averaged over centres), spooled
/// (<see cref="Hdf5RowSpool"/>) and written as HDF5 by <see cref="Complete"/> under NAME.tmp, then renamed.
/// Disposing before that removes every temporary file; <see cref="Suspend"/> keeps them for a resumed run,
/// whose <see cref="Checkpoint"/> is a row count.
/// </summary>
public sealed class DatasetWriter : IFrameOutput
{
    private readonly AtomicOutput _output;
    private readonly Hdf5RowSpool _spool;
    private readonly DatasetHeader _header;
    private int[] _index = [];
    private bool _done;

    internal DatasetWriter(string path, DatasetHeader header, long? resumeRows = null)
    {
        _header = header;
        _output = new AtomicOutput(path);
        _spool = new Hdf5RowSpool(_output, header.FeatureNames.Count, 4, float64: false, resumeRows);
    }

    /// <summary>A writer for the dataset of <paramref name="manifest"/> described by <paramref name="descriptor"/>.</summary>
    /// <param name="resumeRows">Continue a killed run's spools at this many rows (its last checkpoint).</param>
    public static DatasetWriter Create(string path, DatasetManifest manifest, IDescriptor descriptor, long? resumeRows = null) =>
        new(path, DatasetHeader.Of(manifest, descriptor), resumeRows);

    /// <inheritdoc/>
    public string Path => _output.Path;

    /// <summary>Rows written so far.</summary>
    public long Rows => _spool.Rows;

    /// <summary>Label (class index) of every row written so far.</summary>
    public int[] Labels() => _spool.IndexColumn(0);

    /// <summary>Source index of every row written so far.</summary>
    public int[] Sources() => _spool.IndexColumn(1);

    /// <summary>Appends one frame's rows (<c>rows.Length = atoms.Length × features</c>, row-major) of source
    /// <paramref name="source"/> with class <paramref name="label"/>; <paramref name="atoms"/> per row (−1: averaged).</summary>
    public void Append(ReadOnlySpan<double> rows, int label, int source, int frame, ReadOnlySpan<int> atoms)
    {
        if (_index.Length < 4 * atoms.Length) _index = new int[4 * atoms.Length];
        for (int r = 0; r < atoms.Length; r++)
        {
            _index[4 * r] = label;
            _index[4 * r + 1] = source;
            _index[4 * r + 2] = frame;
            _index[4 * r + 3] = atoms[r];
        }
        _spool.Append(rows, _index.AsSpan(0, 4 * atoms.Length));
    }

    /// <inheritdoc/>
    public long Checkpoint() => _spool.Checkpoint();

    /// <inheritdoc/>
    public long PartEnd(long checkpoint) => 0;

    /// <inheritdoc/>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _spool.WriteFile(_output.TempPath, "features", file =>
        {
            file["labels"] = _spool.IndexColumn(0);
            file["source"] = _spool.IndexColumn(1);
            file["frame"] = _spool.IndexColumn(2);
            file["atom"] = _spool.IndexColumn(3);
            _header.WriteAttributes(file);
        });
        _spool.Dispose();
        _output.Commit();
        _done = true;
    }

    /// <inheritdoc/>
    public void Suspend()
    {
        if (_done) return;
        _done = true;
        _spool.Dispose();
        _output.Suspend();
    }

    /// <summary>
    /// Abandons an unfinished dataset: deletes its temporary file and row spool, leaving the target as it was (nothing to do once completed or suspended).
    /// </summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _spool.Dispose();
        _output.Dispose();
    }

    /// <summary>Joins the parts of a sharded build (validated, see <see cref="PartSet"/>) into the dataset one
    /// build would have written; a source without rows in any part is an error, as in one build.</summary>
    public static void Merge(PartSet set, string output)
    {
        var files = set.Paths.Select(p => H5File.OpenRead(p)).ToArray();
        try
        {
            var header = DatasetHeader.Read(files[0]);
            var columns = new (int[] Labels, int[] Source, int[] Frame, int[] Atom)[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                if (!DatasetHeader.Read(files[i]).SameAs(header))
                    throw new InputException(set.Paths[i], null, null, "its manifest or descriptor differs from the other parts");
                columns[i] = (files[i].Dataset("labels").Read<int[]>(), files[i].Dataset("source").Read<int[]>(),
                    files[i].Dataset("frame").Read<int[]>(), files[i].Dataset("atom").Read<int[]>());
            }
            // a source whose selected frames gave no centre is an error, as in a single build
            var rowsPerSource = new long[set.Inputs.Count];
            foreach (var f in set.Order) rowsPerSource[f.Input] += f.Rows;
            for (int s = 0; s < rowsPerSource.Length; s++)
                if (rowsPerSource[s] == 0)
                    throw new InputException(set.Inputs[s].Path, null, null, $"no centre '{header.Centres}' in the {set.Inputs[s].Selected} selected frames");

            var rowStart = new long[files.Length];
            int dim = header.FeatureNames.Count;
            var values = Array.Empty<double>();
            using var writer = new DatasetWriter(output, header);
            foreach (var f in set.Order)
            {
                int p = f.Part;
                int n = checked((int)f.Rows);
                if (n == 0) continue;
                int s = checked((int)rowStart[p]);
                var c = columns[p];
                if (s + n > c.Labels.Length) throw new InputException(set.Paths[p], null, null, "holds fewer rows than its shard record lists");
                if (values.Length < n * dim) values = new double[n * dim];
                var rows = values.AsSpan(0, n * dim);
                Hdf5RowSpool.ReadRows(files[p].Dataset("features"), false, s, n, dim, rows, set.Paths[p]);
                // a part holds one source's frame in consecutive rows of one label
                writer.Append(rows, c.Labels[s], c.Source[s], c.Frame[s], c.Atom.AsSpan(s, n));
                rowStart[p] += n;
            }
            writer.Complete();
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }
}

/// <summary>The attributes of a dataset file, as <see cref="DatasetWriter"/> writes them (see <see cref="Dataset"/>).</summary>
internal sealed record DatasetHeader(IReadOnlyList<string> ClassNames, IReadOnlyList<string> FeatureNames, string DescriptorSpec,
    string Centres, string Manifest, IReadOnlyList<string> SourcePaths, IReadOnlyList<string> SourcePhases,
    IReadOnlyList<string> SourceTags, IReadOnlyList<string> SourceFrames, IReadOnlyList<string> SourceTypes)
{
    public static DatasetHeader Of(DatasetManifest manifest, IDescriptor descriptor)
    {
        var s = manifest.Sources;
        return new DatasetHeader(manifest.ClassNames, descriptor.FeatureNames, descriptor.Spec.ToJson(), manifest.Centres, manifest.Text,
            [.. s.Select(x => x.Path)], [.. s.Select(x => x.Phase)], [.. s.Select(x => x.Tag)],
            [.. s.Select(x => x.Frames ?? "")], [.. s.Select(x => x.Types ?? "")]);
    }

    /// <summary>Writes the attributes in the order <see cref="Dataset"/> readers expect.</summary>
    public void WriteAttributes(H5File file)
    {
        file.Attributes["format"] = Dataset.FormatName;
        file.Attributes["class_names"] = ClassNames.ToArray();
        file.Attributes["feature_names"] = FeatureNames.ToArray();
        file.Attributes["descriptor_spec"] = DescriptorSpec;
        file.Attributes["centers"] = Centres;
        file.Attributes["manifest"] = Manifest;
        file.Attributes["source_paths"] = SourcePaths.ToArray();
        file.Attributes["source_phases"] = SourcePhases.ToArray();
        file.Attributes["source_tags"] = SourceTags.ToArray();
        file.Attributes["source_frames"] = SourceFrames.ToArray();
        file.Attributes["source_types"] = SourceTypes.ToArray();
    }

    /// <summary>Reads the attributes back from an open dataset file (a part of a sharded build).</summary>
    public static DatasetHeader Read(IH5Object file)
    {
        string Text(string name) => file.Attribute(name).Read<string>() ?? "";
        // PureHDF reads an empty string back as null; the builder writes "" (a heap object), so restore it
        string[] Texts(string name) => [.. file.Attribute(name).Read<string[]>().Select(t => t ?? "")];
        return new DatasetHeader(Texts("class_names"), Texts("feature_names"), Text("descriptor_spec"), Text("centers"), Text("manifest"),
            Texts("source_paths"), Texts("source_phases"), Texts("source_tags"), Texts("source_frames"), Texts("source_types"));
    }

    /// <summary>True when both hold the same values (records compare lists by reference).</summary>
    public bool SameAs(DatasetHeader other) =>
        ClassNames.SequenceEqual(other.ClassNames) && FeatureNames.SequenceEqual(other.FeatureNames) && DescriptorSpec == other.DescriptorSpec
        && Centres == other.Centres && Manifest == other.Manifest && SourcePaths.SequenceEqual(other.SourcePaths)
        && SourcePhases.SequenceEqual(other.SourcePhases) && SourceTags.SequenceEqual(other.SourceTags)
        && SourceFrames.SequenceEqual(other.SourceFrames) && SourceTypes.SequenceEqual(other.SourceTypes);
}
