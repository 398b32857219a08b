using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// Entry point for reading any supported structure or trajectory file. Detects the format from the extension
/// and checks it against the content (content wins when they disagree), decompresses gzip transparently
/// (by its magic bytes, whatever the name), and yields frames lazily.
/// </summary>
public static class TrajectoryReader
{
    private const int SniffBytes = 4096;

    /// <summary>Lazily reads the selected frames of <paramref name="path"/> (format detected when <paramref name="format"/> is null, gzip undone), closing the file when enumeration ends.</summary>
    /// <exception cref="InputException">The file is missing, unreadable, of no known format, or malformed.</exception>
    public static IEnumerable<Frame> Read(string path, ReadOptions? options = null, TrajectoryFormat? format = null)
    {
        var file = Open(path, options, format);
        return ReadAndDispose(file);
    }

    private static IEnumerable<Frame> ReadAndDispose(TrajectoryFile file)
    {
        using (file)
            foreach (var f in file.Frames) yield return f;
    }

    /// <summary>Opens a file for reading with access to how far the reader has got (for progress and ETA).</summary>
    public static TrajectoryFile Open(string path, ReadOptions? options = null, TrajectoryFormat? format = null)
    {
        var chosen = format ?? DetectFormat(path);
        options = Resolve(path, options ?? ReadOptions.Default, chosen);
        var raw = OpenFile(path);
        var stream = IsGzip(raw) ? new BufferedStream(new GzipReadStream(raw, path), 1 << 16) : (Stream)raw;
        return new TrajectoryFile(path, chosen, raw, stream, options, checkIndex: true);
    }

    /// <summary>
    /// <paramref name="options"/> with a frame range that counts from the end (a negative start, stop or index)
    /// resolved against the number of frames of <paramref name="path"/>, counted with <see cref="CountFrames"/>
    /// (headers only for dumps and XYZ). Ranges counted from the start are returned as they are, without counting.
    /// </summary>
    public static ReadOptions Resolve(string path, ReadOptions options, TrajectoryFormat? format = null)
    {
        if (!options.Frames.FromEnd) return options;
        return options with { Frames = options.Frames.Resolve(CountFrames(path, options, format), path) };
    }

    /// <summary>
    /// Opens a file that is still being written (a growing dump or a named pipe) and follows it: frames come as
    /// soon as they are complete; the end comes when a pipe closes, after <paramref name="idleTimeout"/> without
    /// new data, or on cancellation. The format comes from <paramref name="format"/> or the extension (the
    /// content may not exist yet); gzip cannot be followed. A file that does not exist yet (the MD has not written
    /// its first dump) is waited for, up to <paramref name="idleTimeout"/>; cancelled meanwhile, this throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static TrajectoryFile OpenFollow(string path, TimeSpan idleTimeout, CancellationToken cancel, ReadOptions? options = null, TrajectoryFormat? format = null)
    {
        var chosen = format ?? TrajectoryFormats.FromExtension(path)
            ?? throw new InputException(path, null, null, "cannot tell the format of a followed file from its name; give --format");
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            throw new InputException(path, null, null, "a gzip file cannot be followed while it is written");
        if (!TrajectoryFormats.Info(chosen).CanFollow)
            throw new InputException(path, null, null, $"a {TrajectoryFormats.Describe(chosen)} file cannot be followed while it is written (follow a LAMMPS dump or extended XYZ file)");
        if (options is not null) CheckFollowable(path, options);
        WaitToAppear(path, idleTimeout, cancel);
        var raw = OpenFile(path);
        var follow = new FollowStream(raw, idleTimeout, cancel);
        return new TrajectoryFile(path, chosen, raw, follow, options ?? ReadOptions.Default, checkIndex: false);
    }

    private static void WaitToAppear(string path, TimeSpan timeout, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(path) && !Directory.Exists(path))
        {
            cancel.ThrowIfCancellationRequested();
            if (clock.Elapsed >= timeout)
                throw new InputException(path, null, null,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no such file: it did not appear within --idle-timeout ({timeout.TotalSeconds:0.###} s)"));
            cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// An error when <paramref name="options"/> cannot be applied to a file that is still being written: frames
    /// counted from the end (a negative start, stop or index) need an end, which such a file does not have yet.
    /// </summary>
    public static void CheckFollowable(string path, ReadOptions options)
    {
        if (options.Frames.FromEnd)
            throw new InputException(path, null, null,
                $"frames '{options.Frames}' count from the end, which a followed file does not have yet; select frames from the start (e.g. '100:')");
    }

    internal static IEnumerable<Frame> ReadFormat(Stream stream, string path, ReadOptions options, TrajectoryFormat format) =>
        TrajectoryFormats.Info(format).Read(stream, path, options);

    /// <summary>
    /// Number of frames the file holds (all of them, whatever <see cref="ReadOptions.Frames"/> says). Dumps and XYZ
    /// files are counted from their headers without parsing atoms; other formats are read.
    /// </summary>
    public static int CountFrames(string path, ReadOptions? options = null, TrajectoryFormat? format = null)
    {
        var chosen = format ?? DetectFormat(path);
        using var stream = OpenRead(path);
        var info = TrajectoryFormats.Info(chosen);
        return info.CountFrames is { } count
            ? count(stream, path)
            : info.Read(stream, path, (options ?? ReadOptions.Default) with { Frames = FrameRange.All }).Count();
    }

    /// <summary>
    /// Reads and parses every selected frame (atoms included) and returns how many there were: the whole reading
    /// path, e.g. to time a parser (bench), where <see cref="CountFrames"/> may only read headers.
    /// </summary>
    public static int ParseAll(string path, ReadOptions? options = null, TrajectoryFormat? format = null) =>
        Read(path, options, format).Count();

    /// <summary>The first selected frame; an error when the file holds none.</summary>
    public static Frame ReadFirst(string path, ReadOptions? options = null, TrajectoryFormat? format = null)
    {
        foreach (var f in Read(path, options, format)) return f;
        throw new InputException(path, null, null, "the file holds no frame");
    }

    /// <summary>Format of a file: extension first, confirmed or overruled by the content.</summary>
    public static TrajectoryFormat DetectFormat(string path)
    {
        byte[] head = new byte[SniffBytes];
        using (var probe = OpenRead(path))
        {
            int n = probe.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
            Array.Resize(ref head, n);
        }
        var byName = TrajectoryFormats.FromExtension(path);
        if (byName is { } f && TrajectoryFormats.Info(f).LooksLike(head)) return f;
        foreach (var candidate in TrajectoryFormats.All)
            if (candidate.LooksLike(head)) return candidate.Format;
        if (head.Length == 0) throw new InputException(path, null, null, "the file is empty");
        if (FileKinds.NotATrajectory(path) is { } other) throw other;
        throw new InputException(path, null, null,
            byName is { } expected
                ? $"does not look like a {TrajectoryFormats.Name(expected)} file"
                : $"unknown format (expected {TrajectoryFormats.DescribeAll()})");
    }

    /// <summary>Opens a file for reading, through a gzip decompressor when it starts with the gzip magic bytes.</summary>
    public static Stream OpenRead(string path)
    {
        var fs = OpenFile(path);
        return IsGzip(fs) ? new BufferedStream(new GzipReadStream(fs, path), 1 << 16) : fs;
    }

    private static FileStream OpenFile(string path) =>
        InputFiles.OpenRead(path, "no such file", "no such file (the folder does not exist)", 1 << 16);

    private static bool IsGzip(FileStream fs)
    {
        if (!fs.CanSeek) return false;
        Span<byte> magic = stackalloc byte[2];
        int n = fs.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        fs.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
