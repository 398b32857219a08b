using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;

namespace ZifPhase.IO;

/// <summary>
/// The row spool of every streamed HDF5 output: HDF5 needs a dataset's dimensions when the file is created, so
/// rows (float32 or float64, little-endian, row-major) go to NAME.rows.tmp and their per-row integer columns
/// (frame, atom, ...) to NAME.index.tmp while frames stream; <see cref="WriteFile"/> then builds the file with the
/// rows copied block by block (<see cref="Hdf5RowBlocks{T}"/>), never holding the whole matrix. Both spools can
/// be cut back to a row count and continued (a resumed run).
/// </summary>
internal sealed class Hdf5RowSpool : IDisposable
{
    private readonly FileStream _rows, _index;
    private readonly byte[] _scratch = new byte[1 << 16];

    public int Columns { get; }
    public int IndexColumns { get; }
    public bool Float64 { get; }
    public long Rows { get; private set; }

    /// <param name="output">The output whose side files hold the spools (NAME.rows.tmp, NAME.index.tmp).</param>
    /// <param name="resumeRows">Continue with the first this-many rows of spools a killed run left; null: start empty.</param>
    public Hdf5RowSpool(AtomicOutput output, int columns, int indexColumns, bool float64, long? resumeRows = null)
    {
        Columns = columns;
        IndexColumns = indexColumns;
        Float64 = float64;
        _rows = Open(output.SidePath("rows.tmp"), resumeRows, (long)columns * (float64 ? 8 : 4));
        _index = Open(output.SidePath("index.tmp"), resumeRows, 4L * indexColumns);
        Rows = resumeRows ?? 0;
    }

    private static FileStream Open(string path, long? resumeRows, long rowBytes) =>
        AtomicOutput.OpenAt(path, resumeRows * rowBytes, FileAccess.ReadWrite, FileShare.None);

    /// <summary>Appends <c>rows.Length / Columns</c> rows and their integer columns (<c>index.Length = rows × IndexColumns</c>, row-major).</summary>
    public void Append(ReadOnlySpan<double> rows, ReadOnlySpan<int> index)
    {
        WriteValues(_rows, rows, Float64, _scratch);
        _index.Write(MemoryMarshal.AsBytes(index));
        Rows += rows.Length / Columns;
    }

    /// <summary>Writes <paramref name="values"/> to <paramref name="stream"/> as little-endian float64 or float32,
    /// through <paramref name="scratch"/> (a buffer of any size of at least 8 bytes).</summary>
    internal static void WriteValues(Stream stream, ReadOnlySpan<double> values, bool float64, byte[] scratch)
    {
        int size = float64 ? 8 : 4;
        for (int start = 0; start < values.Length;)
        {
            int n = Math.Min(values.Length - start, scratch.Length / size);
            var block = values.Slice(start, n);
            if (float64)
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(scratch.AsSpan(8 * i), block[i]);
            else
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(scratch.AsSpan(4 * i), (float)block[i]);
            stream.Write(scratch, 0, n * size);
            start += n;
        }
    }

    /// <summary>Flushes both spools; returns the number of rows (the checkpoint of a resume journal).</summary>
    public long Checkpoint()
    {
        _rows.Flush();
        _index.Flush();
        return Rows;
    }

    /// <summary>Integer column <paramref name="column"/> of every row.</summary>
    public int[] IndexColumn(int column)
    {
        _index.Flush();
        var all = new int[checked((int)(Rows * IndexColumns))];
        _index.Position = 0;
        _index.ReadExactly(MemoryMarshal.AsBytes(all.AsSpan()));
        _index.Position = _index.Length;
        var values = new int[Rows];
        for (long r = 0; r < Rows; r++) values[r] = all[r * IndexColumns + column];
        return values;
    }

    /// <summary>Writes <paramref name="path"/>: dataset <paramref name="name"/> holds the rows, and
    /// <paramref name="fill"/> adds the other datasets and attributes to the file (after it, in that order).</summary>
    public void WriteFile(string path, string name, Action<H5File> fill)
    {
        if (Float64) WriteFile(new Hdf5RowBlocks<double>((ulong)Rows, (ulong)Columns), path, name, fill);
        else WriteFile(new Hdf5RowBlocks<float>((ulong)Rows, (ulong)Columns), path, name, fill);
    }

    private void WriteFile<T>(Hdf5RowBlocks<T> rows, string path, string name, Action<H5File> fill) where T : unmanaged
    {
        var file = new H5File { [name] = rows.Dataset };
        fill(file);
        using var writer = file.BeginWrite(path);
        rows.CopyFrom(_rows, writer);
    }

    /// <summary>Reads rows <paramref name="start"/> … start+n−1 of a rows × <paramref name="columns"/> dataset (a
    /// shard part's) into <paramref name="into"/>; an <see cref="InputException"/> naming <paramref name="path"/>
    /// when the dataset holds fewer.</summary>
    internal static void ReadRows(IH5Dataset features, bool float64, long start, int n, int columns, Span<double> into, string path)
    {
        if (n == 0) return;
        var dims = features.Space.Dimensions;
        if (dims.Length != 2 || (ulong)columns != dims[1] || (ulong)(start + n) > dims[0])
            throw new InputException(path, null, null, "holds fewer rows than its shard record lists");
        var selection = new HyperslabSelection(2, [(ulong)start, 0], [(ulong)n, (ulong)columns]);
        if (float64)
            features.Read<double[]>(selection).CopyTo(into);
        else
        {
            var values = features.Read<float[]>(selection);
            for (int i = 0; i < values.Length; i++) into[i] = values[i];
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
        _index.Dispose();
    }
}
