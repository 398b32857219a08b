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
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(path, null, null, $"the gzip data is corrupt ({e.Message})", e);
        }
        _total += (uint)n;
        if (n == 0 && buffer.Length > 0 && !_checkedEnd)
        {
            _checkedEnd = true;
            if (!EndsWithTrailer()) throw new InputException(path, null, null, "the gzip data ends early (the file is truncated)");
        }
        return n;
    }

    private uint _total;
    private bool _checkedEnd;

    /// <summary>
    /// Whether the compressed file ends with the gzip trailer of what was read: its last 4 bytes are the
    /// uncompressed size modulo 2^32. GZipStream itself returns end-of-data quietly when the file is cut. A file of
    /// several gzip members (whose last size is that of the last member only) is accepted as it is.
    /// </summary>
    private bool EndsWithTrailer()
    {
        if (!compressed.CanSeek) return true;
        long length = compressed.Length;
        if (length < 18) return false; // 10-byte header + empty deflate block + 8-byte trailer at the least
        var tail = new byte[8];
        compressed.Position = length - 8;
        compressed.ReadExactly(tail);
        uint isize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(4));
        if (isize == _total) return true;
        return HasSecondMember(length);
    }

    /// <summary>Whether a second gzip member header (1f 8b 08, flags below 32) appears after the first byte.</summary>
    private bool HasSecondMember(long length)
    {
        compressed.Position = 1;
        var block = new byte[1 << 16];
        byte a = 0, b = 0, c = 0;
        for (long at = 1; at < length;)
        {
            int n = compressed.Read(block);
            if (n <= 0) break;
            for (int i = 0; i < n; i++)
            {
                byte d = block[i];
                if (a == 0x1f && b == 0x8b && c == 0x08 && d < 32) return true;
                (a, b, c) = (b, c, d);
            }
            at += n;
        }
        return false;
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
