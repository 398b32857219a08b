using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;

namespace ZifPhase.IO;

/// <summary>
/// A rows × columns HDF5 dataset, chunked in blocks of about 1 MiB, filled from a spool file of the same values
/// (little-endian, row-major) one block at a time. HDF5 needs its dimensions when the file is created, so
/// streamed rows go to a spool first; this copies them over without ever holding the whole matrix.
/// </summary>
internal sealed class Hdf5RowBlocks<T> where T : unmanaged
{
    private readonly ulong _rows, _columns, _chunkRows;

    public H5Dataset<T[]> Dataset { get; }

    public Hdf5RowBlocks(ulong rows, ulong columns)
    {
        _rows = rows;
        _columns = columns;
        _chunkRows = Math.Clamp((ulong)(1 << 20) / (columns * (ulong)Marshal.SizeOf<T>()), 1UL, Math.Max(rows, 1));
        // HDF5 chunks may not exceed a fixed dimension, so an empty matrix (a shard without rows) is contiguous
        Dataset = rows == 0
            ? new H5Dataset<T[]>(fileDims: [rows, columns])
            : new H5Dataset<T[]>(fileDims: [rows, columns], chunks: [(uint)_chunkRows, (uint)columns]);
    }

    /// <summary>Copies every row from the start of <paramref name="spool"/> into the dataset.</summary>
    public void CopyFrom(Stream spool, H5NativeWriter writer)
    {
        spool.Flush();
        spool.Position = 0;
        var block = new T[checked((int)(_chunkRows * _columns))];
        for (ulong start = 0; start < _rows; start += _chunkRows)
        {
            ulong n = Math.Min(_chunkRows, _rows - start);
            int count = (int)(n * _columns);
            var buffer = n == _chunkRows ? block : new T[count];
            spool.ReadExactly(MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
            writer.Write(Dataset, buffer, fileSelection: new HyperslabSelection(2, [start, 0], [n, _columns]));
        }
    }
}
