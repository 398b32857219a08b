using System.IO.Compression;
using System.Text;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// Writes frames as extended XYZ or LAMMPS dump (gzip when the name ends in .gz). Frames go to
/// "NAME.tmp" first; <see cref="Complete"/> renames it to NAME, and disposing without completing removes it,
/// so a failed run never leaves a truncated file under the final name (<see cref="AtomicOutput"/>).
/// </summary>
public sealed class TrajectoryWriter : IFrameOutput
{
    private readonly AtomicOutput _output;
    private readonly string _tempPath;
    private readonly bool _gzip;
    private readonly TextWriter _writer;
    private readonly FileStream _file;
    private readonly CountingStream _counted;
    private readonly Action<TextWriter, Frame> _write;
    private bool _completed;
    private bool _disposed;

    /// <summary>Format the frames are written in (given, or from the file name).</summary>
    public TrajectoryFormat Format { get; }
    /// <summary>Frames written by this writer so far (not counting those kept from a resumed file).</summary>
    public int FramesWritten { get; private set; }

    /// <param name="resumeAt">Continue an interrupted run: keep the first <paramref name="resumeAt"/> bytes of
    /// NAME.tmp (complete frames, see <see cref="FlushPosition"/>) and append after them. Uncompressed only.</param>
    public TrajectoryWriter(string path, TrajectoryFormat? format = null, long? resumeAt = null)
    {
        Format = format ?? TrajectoryFormats.FromExtension(path)
            ?? throw new ZifPhaseException($"cannot tell the output format from '{path}' (use .extxyz, .xyz, .lammpstrj or .dump, optionally .gz)");
        _write = TrajectoryFormats.Info(Format).Write
            ?? throw new ZifPhaseException($"writing {TrajectoryFormats.Name(Format)} is not supported (write extxyz or a LAMMPS dump)");
        bool gzip = _gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (resumeAt is not null && gzip) throw new ZifPhaseException($"{path}: a gzip output cannot be resumed; write it uncompressed");
        _output = new AtomicOutput(path);
        _tempPath = _output.TempPath;
        _file = AtomicOutput.OpenAt(_tempPath, resumeAt, FileAccess.Write, FileShare.Read);
        Stream stream = gzip ? new GZipStream(_file, CompressionLevel.Fastest) : _file;
        _counted = new CountingStream(stream, resumeAt ?? 0);
        _writer = new StreamWriter(_counted, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    /// <summary>Appends <paramref name="frame"/> to NAME.tmp.</summary>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    /// <exception cref="InvalidOperationException">The writer is already complete.</exception>
    public void Write(Frame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("the writer is already complete");
        _write(_writer, frame);
        FramesWritten++;
    }

    /// <summary>Appends text that is already one or more whole frames in this writer's format (a merge of parts).</summary>
    internal void WriteText(ReadOnlySpan<char> frames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.Write(frames);
    }

    /// <summary>Flushes what was written and returns the length of NAME.tmp: a point to resume from. (A gzip
    /// output is flushed to a byte boundary, which shapes its compressed bytes: a merge repeats these flushes.)</summary>
    public long FlushPosition()
    {
        _writer.Flush();
        UncompressedFlushed = _counted.Count;
        return _file.Position;
    }

    /// <summary>Uncompressed bytes written up to the last <see cref="FlushPosition"/>.</summary>
    public long UncompressedFlushed { get; private set; }

    /// <inheritdoc/>
    public string Path => _output.Path;

    /// <inheritdoc/>
    public long Checkpoint() => FlushPosition();

    /// <inheritdoc/>
    public long PartEnd(long checkpoint) => _gzip ? UncompressedFlushed : checkpoint;

    /// <inheritdoc/>
    public void Suspend()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
        _output.Suspend();
    }

    /// <summary>Flushes, closes and moves the file to its final name (replacing an older file).</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.Dispose();
        _output.Commit();
        _completed = true;
        _disposed = true;
    }

    /// <summary>Closes the file; without <see cref="Complete"/> it removes NAME.tmp, so no truncated output is left.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
        if (!_completed) _output.Dispose();
    }

    /// <summary>
    /// Joins the labelled parts of a sharded run (validated, see <see cref="PartSet"/>) through the writer a single
    /// run uses, flushed after every frame as that run was: gzip output depends on where the compressor was flushed
    /// and on how bytes reached it.
    /// </summary>
    public static void Merge(PartSet set, string output)
    {
        using var writer = new TrajectoryWriter(output);
        var chars = Array.Empty<char>();
        set.Frames(TrajectoryReader.OpenRead, (_, _) => [], _ => { }, (_, bytes) =>
        {
            writer.WriteText(PartSet.Text(bytes, ref chars));
            writer.FlushPosition();
        });
        writer.Complete();
    }

    /// <summary>Writes all frames to <paramref name="path"/> atomically; returns the number written.</summary>
    public static int WriteAll(string path, IEnumerable<Frame> frames, TrajectoryFormat? format = null)
    {
        using var w = new TrajectoryWriter(path, format);
        foreach (var f in frames) w.Write(f);
        w.Complete();
        return w.FramesWritten;
    }
}

/// <summary>A write-only pass-through that counts the bytes written through it.</summary>
internal sealed class CountingStream(Stream inner, long start) : Stream
{
    public long Count { get; private set; } = start;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Count += buffer.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
