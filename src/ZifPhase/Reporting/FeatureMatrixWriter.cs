using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PureHDF;

namespace ZifPhase.Reporting;

public enum FeatureDType
{
    Float32,
    Float64,
}

/// <summary>
/// Streams descriptor rows (one per centre) to .npy, .csv or .h5, with bounded memory. Every row carries the
/// frame index and atom index it belongs to (.csv and .h5 store them; .npy holds the bare rows × features
/// matrix). The file appears under its final name only after <see cref="Complete"/>; disposing before that
/// removes every temporary file.
/// </summary>
public abstract class FeatureMatrixWriter : IDisposable
{
    protected string FinalPath { get; }
    protected string TempPath { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public int Dimension => FeatureNames.Count;
    public FeatureDType DType { get; }
    public long RowCount { get; private set; }
    private bool _done;

    protected FeatureMatrixWriter(string path, IReadOnlyList<string> featureNames, FeatureDType dtype)
    {
        if (featureNames.Count == 0) throw new ArgumentException("a feature matrix needs at least one column");
        FinalPath = path;
        TempPath = path + ".tmp";
        FeatureNames = featureNames;
        DType = dtype;
        IO.OutputFolder.CreateFor(path);
    }

    /// <summary>Writer chosen by extension: .npy, .csv or .h5/.hdf5.</summary>
    public static FeatureMatrixWriter Create(string path, IReadOnlyList<string> featureNames, FeatureDType dtype,
        IReadOnlyDictionary<string, string>? attributes = null) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npy" => new NpyFeatureWriter(path, featureNames, dtype),
            ".csv" => new CsvFeatureWriter(path, featureNames, dtype),
            ".h5" or ".hdf5" => new Hdf5FeatureWriter(path, featureNames, dtype, attributes),
            _ => throw new ZifPhaseException($"{path}: unknown feature file type (use .npy, .csv or .h5)"),
        };

    /// <summary>Appends rows (row-major, <c>rows.Length = n × Dimension</c>) with the frame and atom of each.</summary>
    public void WriteRows(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (rows.Length != atoms.Length * Dimension)
            throw new ArgumentException($"{rows.Length} values are not {atoms.Length} rows of {Dimension}");
        Append(rows, frame, atoms);
        RowCount += atoms.Length;
    }

    protected abstract void Append(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms);

    /// <summary>Length of the temporary file so far, header included (.npy and .csv; 0 for .h5, whose rows are spooled).</summary>
    public virtual long Position => 0;

    /// <summary>Writes what remains (headers, the HDF5 file) into the temporary file.</summary>
    protected abstract void Finish();

    protected abstract void Release();

    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Finish();
        Release();
        File.Move(TempPath, FinalPath, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Release();
        if (File.Exists(TempPath)) File.Delete(TempPath);
    }

    protected void WriteBinary(Stream stream, ReadOnlySpan<double> rows, byte[] scratch)
    {
        int size = DType == FeatureDType.Float32 ? 4 : 8;
        for (int start = 0; start < rows.Length;)
        {
            int n = Math.Min(rows.Length - start, scratch.Length / size);
            var block = rows.Slice(start, n);
            if (DType == FeatureDType.Float32)
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(scratch.AsSpan(4 * i), (float)block[i]);
            else
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(scratch.AsSpan(8 * i), block[i]);
            stream.Write(scratch, 0, n * size);
            start += n;
        }
    }
}

/// <summary>NumPy .npy version 1.0, C order, little-endian '&lt;f4' or '&lt;f8'; the header is patched with the row count at the end.</summary>
internal sealed class NpyFeatureWriter : FeatureMatrixWriter
{
    internal const int HeaderLength = 128; // magic(6) + version(2) + length(2) + dict padded with spaces, ending '\n'
    private readonly FileStream _stream;
    private readonly byte[] _scratch = new byte[1 << 16];

    public NpyFeatureWriter(string path, IReadOnlyList<string> names, FeatureDType dtype) : base(path, names, dtype)
    {
        _stream = new FileStream(TempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _stream.Write(Header(0));
    }

    private byte[] Header(long rows) => Header(DType == FeatureDType.Float32 ? "<f4" : "<f8", rows, Dimension);

    public override long Position => _stream.Position;

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

    public CsvFeatureWriter(string path, IReadOnlyList<string> names, FeatureDType dtype) : base(path, names, dtype)
    {
        _writer = new StreamWriter(TempPath, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
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

    protected override void Finish() => _writer.Flush();

    protected override void Release() => _writer.Dispose();
}

/// <summary>
/// HDF5 that h5py reads: datasets <c>features</c> (rows × features, float32 or float64, chunked), <c>frame</c>
/// and <c>atom</c> (int32 per row), attributes <c>feature_names</c> and any given (descriptor spec, source).
/// Rows are spooled to a temporary binary file while streaming, then copied into the HDF5 file in blocks,
/// because HDF5 dimensions must be known when the file is created.
/// </summary>
internal sealed class Hdf5FeatureWriter : FeatureMatrixWriter
{
    private readonly string _spoolPath;
    private readonly FileStream _spool;
    private readonly List<int> _frames = [];
    private readonly List<int> _atoms = [];
    private readonly byte[] _scratch = new byte[1 << 16];
    private readonly IReadOnlyDictionary<string, string> _attributes;

    public Hdf5FeatureWriter(string path, IReadOnlyList<string> names, FeatureDType dtype, IReadOnlyDictionary<string, string>? attributes)
        : base(path, names, dtype)
    {
        _attributes = attributes ?? new Dictionary<string, string>();
        _spoolPath = path + ".rows.tmp";
        _spool = new FileStream(_spoolPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    protected override void Append(ReadOnlySpan<double> rows, int frame, ReadOnlySpan<int> atoms)
    {
        WriteBinary(_spool, rows, _scratch);
        foreach (int a in atoms)
        {
            _frames.Add(frame);
            _atoms.Add(a);
        }
    }

    protected override void Finish()
    {
        if (DType == FeatureDType.Float32) WriteFile(new IO.Hdf5RowBlocks<float>((ulong)RowCount, (ulong)Dimension));
        else WriteFile(new IO.Hdf5RowBlocks<double>((ulong)RowCount, (ulong)Dimension));
    }

    private void WriteFile<T>(IO.Hdf5RowBlocks<T> features) where T : unmanaged
    {
        var file = new H5File
        {
            ["features"] = features.Dataset,
            ["frame"] = _frames.ToArray(),
            ["atom"] = _atoms.ToArray(),
        };
        file.Attributes["feature_names"] = FeatureNames.ToArray();
        foreach (var (k, v) in _attributes) file.Attributes[k] = v;
        using var writer = file.BeginWrite(TempPath);
        features.CopyFrom(_spool, writer);
    }

    protected override void Release() => _spool.Dispose();
}
