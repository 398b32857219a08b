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

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
