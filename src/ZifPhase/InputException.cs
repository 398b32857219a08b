namespace ZifPhase;

/// <summary>
/// A mistake of the user's that ZifPhase reports in one line (the CLI prints "zifphase: error: MESSAGE" and exits
/// with 1): a value that is out of range, a combination of settings that cannot work. Anything else that is thrown
/// is a bug, reported with its stack trace. <see cref="InputException"/> is the kind for input files;
/// <see cref="UsageException"/> the one for command lines (exit 2).
/// </summary>
public class ZifPhaseException : Exception
{
    /// <summary>
    /// Creates the exception with its one-line <paramref name="message"/> and, optionally, the <paramref name="inner"/> exception that caused it.
    /// </summary>
    public ZifPhaseException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Bad input: a file that cannot be read as what it claims to be. The message names the file, and the frame
/// and line when known, so the CLI can print it as one line.
/// </summary>
public class InputException : ZifPhaseException
{
    /// <summary>Path of the file at fault as the user gave it, or null when the input is not a file.</summary>
    public string? File { get; }
    /// <summary>0-based frame index, when the error is inside a trajectory frame.</summary>
    public int? FrameIndex { get; }
    /// <summary>1-based line number, when known.</summary>
    public long? Line { get; }
    /// <summary>What is wrong, without the file/frame/line prefix that <see cref="Exception.Message"/> carries.</summary>
    public string Reason { get; }

    /// <summary>
    /// Creates the exception; the message becomes "FILE, frame F, line L: REASON", leaving out the parts that are null.
    /// </summary>
    public InputException(string? file, int? frame, long? line, string reason, Exception? inner = null)
        : base(Compose(file, frame, line, reason), inner)
    {
        File = file;
        FrameIndex = frame;
        Line = line;
        Reason = reason;
    }

    /// <summary>
    /// Creates the exception for input that has no file, frame or line to name; the message is <paramref name="reason"/> itself.
    /// </summary>
    public InputException(string reason) : this(null, null, null, reason) { }

    private static string Compose(string? file, int? frame, long? line, string reason)
    {
        var parts = new List<string>(3);
        if (file is not null) parts.Add(file);
        if (frame is not null) parts.Add($"frame {frame}");
        if (line is not null) parts.Add($"line {line}");
        return parts.Count == 0 ? reason : $"{string.Join(", ", parts)}: {reason}";
    }
}

/// <summary>
/// A trajectory whose last frame is cut short (the MD stopped or the file was truncated while copying). Every
/// frame before it was complete; callers that stream frames keep their work on those.
/// </summary>
public sealed class TruncatedFrameException(string? file, int frame, long? line, string reason)
    : InputException(file, frame, line, reason);
