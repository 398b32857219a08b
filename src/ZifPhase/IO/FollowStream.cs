namespace ZifPhase.IO;

/// <summary>
/// Reads a file that another program is still writing (a growing LAMMPS dump, or a named pipe): at the end of
/// the data it waits for more instead of reporting end of file. It reports the end only when the writer closes
/// a pipe, when nothing new has arrived for <c>idleTimeout</c>, or when cancelled; <see cref="EndReached"/> then
/// tells a reader's "file ends inside frame" error apart from a malformed file.
/// </summary>
public sealed class FollowStream(FileStream inner, TimeSpan idleTimeout, CancellationToken cancel) : Stream
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>True once this stream has reported the end of the data.</summary>
    public bool EndReached { get; private set; }

    /// <summary>Bytes handed to the reader so far: at the end, everything the writer wrote.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads up to <paramref name="count"/> bytes into <paramref name="buffer"/> from <paramref name="offset"/> (0-based), waiting for the writer as <see cref="Read(Span{byte})"/> does.</summary>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads available bytes into <paramref name="buffer"/>, polling every 50 ms while none are available; returns 0 (and sets <see cref="EndReached"/>) only at the end described on the class.</summary>
    public override int Read(Span<byte> buffer)
    {
        if (EndReached || buffer.IsEmpty) return 0;
        var idleSince = DateTime.UtcNow;
        while (true)
        {
            if (cancel.IsCancellationRequested) return End();
            int n = inner.Read(buffer);
            if (n > 0)
            {
                BytesRead += n;
                return n;
            }
            if (!inner.CanSeek) return End(); // a pipe whose writer has closed
            if (DateTime.UtcNow - idleSince >= idleTimeout) return End();
            try
            {
                Task.Delay(Poll, cancel).Wait(cancel);
            }
            catch (OperationCanceledException)
            {
                return End();
            }
        }
    }

    private int End()
    {
        EndReached = true;
        return 0;
    }

    /// <summary>Always true.</summary>
    public override bool CanRead => true;
    /// <summary>Always false: the stream only moves forward.</summary>
    public override bool CanSeek => false;
    /// <summary>Always false: the stream is read only.</summary>
    public override bool CanWrite => false;
    /// <summary>Not supported: a growing file has no final length yet.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException();
    /// <summary>Byte offset of the underlying file (0-based); setting it is not supported.</summary>
    /// <exception cref="NotSupportedException">On set.</exception>
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    /// <summary>Does nothing: the stream is read only.</summary>
    public override void Flush() { }
    /// <summary>Not supported: the stream only moves forward.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <summary>Not supported: the stream is read only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <summary>Not supported: the stream is read only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Closes the underlying file when <paramref name="disposing"/> is true.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
