using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PureHDF;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Reporting;

/// <summary>Element type of the values a <see cref="FeatureMatrixWriter"/> stores (.npy and .h5; .csv is text).</summary>
public enum FeatureDType
{
    /// <summary>4-byte IEEE single precision (NumPy &lt;f4).</summary>
    Float32,
    /// <summary>8-byte IEEE double precision (NumPy &lt;f8).</summary>
    Float64,
}

/// <summary>
/// Streams descriptor rows (one per centre) to .npy, .csv or .h5, with bounded memory. Every row carries the
/// frame index and atom index it belongs to (.csv and .h5 store them; .npy holds the bare rows × features
/// matrix). The file appears under its final name only after <see cref="Complete"/>; disposing before that
/// removes every temporary file (<see cref="AtomicOutput"/>). A run killed midway continues from a
/// <see cref="Checkpoint"/> (bytes of .npy/.csv, rows of .h5) given to <see cref="Create"/>.
/// </summary>
public abstract class FeatureMatrixWriter : IFrameOutput
{
    private static readonly int[] AveragedRow = [-1];
    private protected AtomicOutput Output { get; }
    /// <summary>The final path the file takes on <see cref="Complete"/>.</summary>
    protected string FinalPath => Output.Path;
    /// <summary>The temporary file written until <see cref="Complete"/>.</summary>
    protected string TempPath => Output.TempPath;
    /// <inheritdoc/>
    public string Path => Output.Path;
    /// <summary>The descriptor's feature (column) names, one per value of a row.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>Number of features per row (the matrix's second dimension).</summary>
    public int Dimension => FeatureNames.Count;
    /// <summary>Element type of the stored values.</summary>
    public FeatureDType DType { get; }
    /// <summary>Rows written so far, rows of an interrupted run being resumed included (the matrix's first dimension).</summary>
    public long RowCount { get; private set; }
    private bool _done;

    /// <summary>Opens the temporary file for <paramref name="path"/>; <paramref name="rowsDone"/> rows are already in it when a run is resumed.</summary>
    protected FeatureMatrixWriter(string path, IReadOnlyList<string> featureNames, FeatureDType dtype, long rowsDone = 0)
    {
        if (featureNames.Count == 0) throw new ArgumentException("a feature matrix needs at least one column");
        FeatureNames = featureNames;
        DType = dtype;
        RowCount = rowsDone;
        Output = new AtomicOutput(path);
    }

    /// <summary>Writer chosen by extension: .npy, .csv or .h5/.hdf5.</summary>
    /// <param name="resume">Continue a killed run: its last <see cref="Checkpoint"/> and the rows written up to it.</param>
    public static FeatureMatrixWriter Create(string path, IReadOnlyList<string> featureNames, FeatureDType dtype,
        IReadOnlyDictionary<string, string>? attributes = null, (long Checkpoint, long Rows)? resume = null) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npy" => new NpyFeatureWriter(path, featureNames, dtype, resume),
            ".csv" => new CsvFeatureWriter(path, featureNames, dtype, resume),
            ".h5" or ".hdf5" => new Hdf5FeatureWriter(path, featureNames, dtype, attributes, resume),
            _ => throw UnknownType(path),
        };

    /// <summary>Checks that <paramref name="path"/> names a feature file type <see cref="Create"/> writes, before
    /// anything (a folder, a journal) is created for it.</summary>
    public static void CheckType(string path)
    {
        if (System.IO.Path.GetExtension(path).ToLowerInvariant() is not (".npy" or ".csv" or ".h5" or ".hdf5")) throw UnknownType(path);
    }

    private static ZifPhaseException UnknownType(string path) => new($"{path}: unknown feature file type (use .npy, .csv or .h5)");

    /// <summary>Joins the .npy parts of a sharded describe (validated, see <see cref="PartSet"/>).</summary>
    public static void MergeNpy(PartSet set, string output) => NpyFeatureWriter.Merge(set, output);

    /// <summary>Joins the .csv parts of a sharded describe.</summary>
    public static void MergeCsv(PartSet set, string output) => CsvFeatureWriter.Merge(set, output);

    /// <summary>Joins the .h5 parts of a sharded describe.</summary>
    public static void MergeHdf5(PartSet set, string output) => Hdf5FeatureWriter.Merge(set, output);

    /// <summary>Describes one frame with <paramref name="describer"/> and appends its rows; returns the number of
    /// centres (0 when the frame has none). A descriptor that averages over centres gives one row, atom −1.</summary>
    public int WriteFrame(FrameDescriber describer, Frame frame)
    {
        var atoms = describer.Centres.Resolve(frame);
        if (atoms.Length == 0) return 0;
        var rows = describer.Compute(frame, atoms);
        WriteRows(rows, frame.Index, describer.Descriptor.RowCount(atoms.Length) == atoms.Length ? atoms : AveragedRow);
        return atoms.Length;
    }

    /// <summary>Opens NAME.tmp for writing, or for continuing at <paramref name="keep"/> bytes.</summary>
    private protected FileStream OpenTemp(long? keep, FileShare share) => AtomicOutput.OpenAt(TempPath, keep, FileAccess.ReadWrite, share);

    /// <summary>Appends rows (row-major, <c>rows.Length = n × Dimension</c>) with the frame and atom of each.</summary>
    public void WriteRows(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (rows.Length != atoms.Length * Dimension)
            throw new ArgumentException($"{rows.Length} values are not {atoms.Length} rows of {Dimension}");
        Append(rows, frame, atoms);
        RowCount += atoms.Length;
    }

    /// <summary>Writes <paramref name="atoms"/>.Length rows (row-major, <see cref="Dimension"/> values each) of frame <paramref name="frame"/>, one per centre atom index.</summary>
    protected abstract void Append(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms);

    /// <summary>Length of the temporary file so far, header included (.npy and .csv; 0 for .h5, whose rows are spooled).</summary>
    public virtual long Position => 0;

    /// <inheritdoc/>
    public virtual long Checkpoint() => Position;

    /// <inheritdoc/>
    public virtual long PartEnd(long checkpoint) => checkpoint;

    /// <summary>Writes what remains (headers, the HDF5 file) into the temporary file.</summary>
    protected abstract void Finish();

    /// <summary>Closes the format's streams (the temporary file stays on disk).</summary>
    protected abstract void Release();

    /// <summary>Finishes the file and moves it to its final name; the writer can not be used afterwards.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Finish();
        Release();
        Output.Commit();
        _done = true;
    }

    /// <inheritdoc/>
    public void Suspend()
    {
        if (_done) return;
        _done = true;
        Release();
        Output.Suspend();
    }

    /// <summary>Closes the writer and, unless <see cref="Complete"/> or <see cref="Suspend"/> was called, removes every temporary file.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Release();
        Output.Dispose();
    }

    /// <summary>Writes <paramref name="rows"/> as <see cref="DType"/> (float32 or float64) to <paramref name="stream"/>, through <paramref name="scratch"/>.</summary>
    protected void WriteBinary(Stream stream, ReadOnlySpan<double> rows, byte[] scratch) =>
        Hdf5RowSpool.WriteValues(stream, rows, DType == FeatureDType.Float64, scratch);
}

/// <summary>NumPy .npy version 1.0, C order, little-endian '&lt;f4' or '&lt;f8'; the header is patched with the row count at the end.</summary>
internal sealed partial class NpyFeatureWriter : FeatureMatrixWriter
{
    [GeneratedRegex(@"'descr'\s*:\s*'(?<descr><f[48])'.*'shape'\s*:\s*\((?<rows>\d+),\s*(?<cols>\d+)\)", RegexOptions.Singleline)]
    private static partial Regex HeaderPattern();

    /// <summary>Joins .npy parts (validated, see <see cref="PartSet"/>): one header with the total rows, then every frame's rows.</summary>
    internal static void Merge(PartSet set, string output) => set.JoinBytes(output, ReadHeader, headers =>
    {
        string? descr = null;
        int columns = 0;
        for (int i = 0; i < headers.Count; i++)
        {
            var m = HeaderPattern().Match(Encoding.ASCII.GetString(headers[i]!));
            if (!m.Success) throw new InputException(set.Paths[i], null, null, "not a .npy part written by zifphase describe");
            int cols = int.Parse(m.Groups["cols"].Value, CultureInfo.InvariantCulture);
            if (descr is not null && (descr != m.Groups["descr"].Value || columns != cols))
                throw new InputException(set.Paths[i], null, null, "its dtype or number of features differs from the other parts");
            descr = m.Groups["descr"].Value;
            columns = cols;
        }
        return Header(descr!, set.Rows, columns);
    });

    private static byte[] ReadHeader(Stream s, string path)
    {
        var prefix = new byte[10];
        if (s.ReadAtLeast(prefix, 10, throwOnEndOfStream: false) != 10 || prefix[0] != 0x93 || prefix[6] != 1)
            throw new InputException(path, null, null, "not a .npy (version 1) part");
        int length = 10 + BitConverter.ToUInt16(prefix, 8);
        var header = new byte[length];
        prefix.CopyTo(header, 0);
        s.ReadExactly(header, 10, length - 10);
        return header;
    }

    internal const int HeaderLength = 128; // magic(6) + version(2) + length(2) + dict padded with spaces, ending '\n'
    private readonly FileStream _stream;
    private readonly byte[] _scratch = new byte[1 << 16];

    public NpyFeatureWriter(string path, IReadOnlyList<string> names, FeatureDType dtype, (long Checkpoint, long Rows)? resume = null)
        : base(path, names, dtype, resume?.Rows ?? 0)
    {
        _stream = OpenTemp(resume?.Checkpoint, FileShare.None);
        if (resume is null) _stream.Write(Header(0));
    }

    private byte[] Header(long rows) => Header(DType == FeatureDType.Float32 ? "<f4" : "<f8", rows, Dimension);

    public override long Position => _stream.Position;

    /// <summary>Flushes the rows to the file (a kill loses nothing the journal records), then returns its length.</summary>
    public override long Checkpoint()
    {
        _stream.Flush();
        return _stream.Position;
    }

    /// <summary>The 128-byte header of a C-order 2-D array of <paramref name="descr"/> ('&lt;f4', '&lt;f8').</summary>
    internal static byte[] Header(string descr, long rows, int columns)
    {
        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        var header = new byte[HeaderLength];
        header[0] = 0x93; // the magic string is \x93NUMPY (a raw byte, not UTF-8)
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), HeaderLength - 10);
        var text = Encoding.ASCII.GetBytes(dict);
        if (text.Length > HeaderLength - 11) throw new InvalidOperationException("npy header too long");
        header.AsSpan(10).Fill((byte)' ');
        text.CopyTo(header, 10);
        header[^1] = (byte)'\n';
        return header;
    }

    protected override void Append(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms) => WriteBinary(_stream, rows, _scratch);

    protected override void Finish()
    {
        _stream.Position = 0;
        _stream.Write(Header(RowCount));
        _stream.Flush();
    }

    protected override void Release() => _stream.Dispose();
}

/// <summary>CSV with a header: <c>frame,atom,&lt;feature names&gt;</c>; values in shortest round-trip form.</summary>
internal sealed class CsvFeatureWriter : FeatureMatrixWriter
{
    private readonly StreamWriter _writer;

    public CsvFeatureWriter(string path, IReadOnlyList<string> names, FeatureDType dtype, (long Checkpoint, long Rows)? resume = null)
        : base(path, names, dtype, resume?.Rows ?? 0)
    {
        _writer = new StreamWriter(OpenTemp(resume?.Checkpoint, FileShare.Read), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        if (resume is not null) return;
        _writer.Write("frame,atom");
        foreach (var n in names) _writer.Write("," + n);
        _writer.WriteLine();
    }

    public override long Position
    {
        get
        {
            _writer.Flush();
            return _writer.BaseStream.Position;
        }
    }

    protected override void Append(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms)
    {
        Span<char> buffer = stackalloc char[32];
        var inv = CultureInfo.InvariantCulture;
        for (int r = 0; r < atoms.Length; r++)
        {
            _writer.Write(frame.ToString(inv));
            _writer.Write(',');
            _writer.Write(atoms[r].ToString(inv));
            var row = rows.Slice(r * Dimension, Dimension);
            foreach (double v in row)
            {
                _writer.Write(',');
                bool ok = DType == FeatureDType.Float32
                    ? ((float)v).TryFormat(buffer, out int written, "R", inv)
                    : v.TryFormat(buffer, out written, "R", inv);
                if (!ok) throw new InvalidOperationException("number too long to format");
                _writer.Write(buffer[..written]);
            }
            _writer.WriteLine();
        }
    }

    /// <summary>Joins CSV parts: the header line once, then every frame's rows.</summary>
    internal static void Merge(PartSet set, string output) => set.JoinCsv(output);

    protected override void Finish() => _writer.Flush();

    protected override void Release() => _writer.Dispose();
}

/// <summary>
/// HDF5 that h5py reads: datasets <c>features</c> (rows × features, float32 or float64, chunked), <c>frame</c>
/// and <c>atom</c> (int32 per row), attributes <c>feature_names</c> and any given (descriptor spec, source).
/// Rows are spooled while streaming (<see cref="Hdf5RowSpool"/>) and copied into the HDF5 file at the end.
/// </summary>
internal sealed class Hdf5FeatureWriter : FeatureMatrixWriter
{
    private readonly Hdf5RowSpool _spool;
    private readonly IReadOnlyDictionary<string, string> _attributes;
    private int[] _index = [];

    public Hdf5FeatureWriter(string path, IReadOnlyList<string> names, FeatureDType dtype, IReadOnlyDictionary<string, string>? attributes,
        (long Checkpoint, long Rows)? resume = null)
        : base(path, names, dtype, resume?.Rows ?? 0)
    {
        _attributes = attributes ?? new Dictionary<string, string>();
        _spool = new Hdf5RowSpool(Output, names.Count, 2, dtype == FeatureDType.Float64, resume?.Checkpoint);
    }

    protected override void Append(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms)
    {
        if (_index.Length < 2 * atoms.Length) _index = new int[2 * atoms.Length];
        for (int r = 0; r < atoms.Length; r++)
        {
            _index[2 * r] = frame;
            _index[2 * r + 1] = atoms[r];
        }
        _spool.Append(rows, _index.AsSpan(0, 2 * atoms.Length));
    }

    public override long Checkpoint() => _spool.Checkpoint();

    public override long PartEnd(long checkpoint) => 0;

    protected override void Finish() => _spool.WriteFile(TempPath, "features", file =>
    {
        file["frame"] = _spool.IndexColumn(0);
        file["atom"] = _spool.IndexColumn(1);
        file.Attributes["feature_names"] = FeatureNames.ToArray();
        foreach (var (k, v) in _attributes) file.Attributes[k] = v;
    });

    protected override void Release() => _spool.Dispose();

    /// <summary>Joins .h5 parts through the writer a single run uses (the rows in frame order, the records' attributes).</summary>
    internal static void Merge(PartSet set, string output)
    {
        var files = set.Paths.Select(p => H5File.OpenRead(p)).ToArray();
        try
        {
            var names = files[0].Attribute("feature_names").Read<string[]>();
            var dtype = files[0].Dataset("features").Type.Size == 8 ? FeatureDType.Float64 : FeatureDType.Float32;
            var atoms = new int[files.Length][];
            var rowStart = new long[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                if (!files[i].Attribute("feature_names").Read<string[]>().SequenceEqual(names))
                    throw new InputException(set.Paths[i], null, null, "its feature names differ from the other parts");
                atoms[i] = files[i].Dataset("atom").Read<int[]>();
            }
            using var writer = FeatureMatrixWriter.Create(output, names, dtype, set.Attributes.ToDictionary());
            var buffer = Array.Empty<double>();
            foreach (var frame in set.Order)
            {
                int p = frame.Part;
                int n = checked((int)frame.Rows);
                if (buffer.Length < n * names.Length) buffer = new double[n * names.Length];
                var rows = buffer.AsSpan(0, n * names.Length);
                Hdf5RowSpool.ReadRows(files[p].Dataset("features"), dtype == FeatureDType.Float64, rowStart[p], n, names.Length, rows, set.Paths[p]);
                writer.WriteRows(rows, frame.Frame, atoms[p].AsSpan(checked((int)rowStart[p]), n));
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
