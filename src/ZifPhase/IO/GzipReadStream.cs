using System.IO.Compression;

namespace ZifPhase.IO;

/// <summary>
/// Read-only gzip decompressor that reports corrupt compressed data as an <see cref="InputException"/> naming
/// the file, instead of the <see cref="InvalidDataException"/> that <see cref="GZipStream"/> throws.
/// </summary>
internal sealed class GzipReadStream(Stream compressed, string path) : Stream
{
    private readonly GZipStream _inner = new(compressed, CompressionMode.Decompress);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(path, null, null, $"the gzip data is corrupt ({e.Message})", e);
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
