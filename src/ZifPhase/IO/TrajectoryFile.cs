using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// An open structure or trajectory file: its frames (read lazily, once) and how many bytes of the file on
/// disk the reader has consumed, so a caller can show progress and an ETA even for gzip files.
/// </summary>
public sealed class TrajectoryFile : IDisposable
{
    private readonly FileStream _file;
    private readonly Stream _stream;

    /// <summary>Path of the file, as given to the reader.</summary>
    public string Path { get; }
    /// <summary>Format the file is read as (detected or given).</summary>
    public TrajectoryFormat Format { get; }
    /// <summary>Options the frames are read with.</summary>
    public ReadOptions Options { get; }
    /// <summary>Size of the file on disk (compressed size for gzip), or 0 when unknown (a pipe).</summary>
    public long Length { get; }
    /// <summary>Bytes of the file on disk read so far.</summary>
    public long Position => _file.CanSeek ? _file.Position : 0;
    /// <summary>The selected frames, read lazily from the file; enumerate it once.</summary>
    /// <exception cref="InputException">The file is malformed, or a frame selected by index is missing.</exception>
    public IEnumerable<Frame> Frames { get; }

    /// <summary>For a followed file: true once the end was reported (pipe closed, idle timeout or cancellation).</summary>
    public bool FollowEnded => _stream is FollowStream { EndReached: true };

    /// <summary>For a followed file: bytes read so far (at the end, all the writer wrote); 0 otherwise.</summary>
    public long FollowedBytes => _stream is FollowStream f ? f.BytesRead : 0;

    /// <param name="checkIndex">When the options select a single frame by index: an error, naming the number of
    /// frames, if the file ends without it (not for a followed file, which cannot be counted again).</param>
    internal TrajectoryFile(string path, TrajectoryFormat format, FileStream file, Stream stream, ReadOptions options, bool checkIndex)
    {
        Path = path;
        Format = format;
        Options = options;
        _file = file;
        _stream = stream;
        Length = file.CanSeek ? file.Length : 0;
        var frames = TrajectoryReader.ReadFormat(stream, path, options, format);
        Frames = checkIndex && options.Frames.IsIndex ? RequireIndex(frames) : frames;
    }

    private IEnumerable<Frame> RequireIndex(IEnumerable<Frame> frames)
    {
        bool any = false;
        foreach (var f in frames)
        {
            any = true;
            yield return f;
        }
        if (!any) throw Options.Frames.OutOfRange(TrajectoryReader.CountFrames(Path, Options with { Frames = FrameRange.All }, Format), Path);
    }

    /// <summary>Closes the file and any decompression stream over it.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        _file.Dispose();
    }
}
