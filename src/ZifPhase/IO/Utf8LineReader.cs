namespace ZifPhase.IO;

/// <summary>
/// Reads a stream as lines of UTF-8 bytes through one large buffer: no strings, no per-line allocation, never
/// seeks (gzip streams work). Lines end at '\n'; a trailing '\r' is dropped; the last line may lack its '\n'.
/// A returned span is valid only until the next call. The reader does not own (dispose) the stream.
/// </summary>
public sealed class Utf8LineReader
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start; // first unread byte
    private int _end;   // one past the last byte read from the stream
    private bool _eof;

    /// <summary>True when the line just returned was the last of the stream and had no newline (possibly cut).</summary>
    public bool LastLineUnterminated { get; private set; }

    /// <summary>1-based number of the last line returned or skipped (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>A reader over <paramref name="stream"/> (not owned) with an initial buffer of <paramref name="bufferSize"/> bytes (1 MiB by default).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public Utf8LineReader(Stream stream, int bufferSize = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 16);
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>The next line without its terminator; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
            int nl = pending.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _start += nl + 1;
                LineNumber++;
                line = TrimCarriageReturn(pending[..nl]);
                return true;
            }
            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }
                _start = _end;
                LineNumber++;
                LastLineUnterminated = true;
                line = TrimCarriageReturn(pending);
                return true;
            }
            Fill();
        }
    }

    /// <summary>
    /// Skips up to <paramref name="count"/> lines without looking at their content (vectorised newline count);
    /// returns how many were skipped, fewer only at the end of the stream.
    /// </summary>
    public long SkipLines(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            var pending = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
            long need = count - skipped;
            int available = pending.Count((byte)'\n');
            if (available >= need)
            {
                int offset = 0;
                for (long k = 0; k < need; k++) offset += pending[offset..].IndexOf((byte)'\n') + 1;
                _start += offset;
                LineNumber += need;
                return count;
            }
            if (available > 0)
            {
                int last = pending.LastIndexOf((byte)'\n');
                _start += last + 1;
                skipped += available;
                LineNumber += available;
            }
            if (_eof)
            {
                if (_end > _start)
                {
                    // A last line without its newline.
                    _start = _end;
                    skipped++;
                    LineNumber++;
                }
                return skipped;
            }
            Fill();
        }
        return skipped;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length != 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>Moves the unread tail to the front (growing the buffer when one line fills it) and reads more.</summary>
    private void Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var free = _buffer.AsSpan(_end);
        // Plain Read, not ReadAtLeast: a stream that is still being written (FollowStream) hands over each
        // complete frame as soon as it arrives instead of waiting for a full block.
        int read = _stream.Read(free);
        if (read == 0) _eof = true;
        _end += read;
    }
}
