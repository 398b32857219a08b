using System.Globalization;

namespace ZifPhase.IO;

/// <summary>
/// Frames to take from a trajectory, as a Python slice "start:stop:step" (0-based, stop exclusive, each part
/// optional) or a single index "5" (frame 5 only, which must exist). As in Python, a negative start, stop or
/// index counts from the end ("-1" is the last frame, "-10:" the last ten, ":-1" all but the last); such a range
/// must be <see cref="Resolve"/>d with the file's number of frames before a reader uses it
/// (<see cref="TrajectoryReader.Open"/> and the shard plans of a run do). The step must be positive:
/// readers stream forward, so a negative step is refused when parsing.
/// </summary>
public readonly record struct FrameRange(int Start = 0, int? Stop = null, int Step = 1)
{
    /// <summary>Every frame: the slice "0::1".</summary>
    public static FrameRange All => new(0, null, 1);

    /// <summary>True for the single-index form ("7", "-1"): exactly one frame, an error when the file lacks it.</summary>
    public bool IsIndex { get; init; }

    /// <summary>True when the start or stop counts from the end: <see cref="Resolve"/> it with the number of frames.</summary>
    public bool FromEnd => Start < 0 || Stop < 0;

    /// <summary>Parses "start:stop:step" or a single index (0-based; negative counts from the end), as <see cref="TryParse"/> does.</summary>
    /// <exception cref="ZifPhaseException">The text is not a valid range; the message says why.</exception>
    public static FrameRange Parse(string text)
    {
        if (!TryParse(text, out var range, out var error)) throw new ZifPhaseException(error);
        return range;
    }

    /// <summary>Parses "start:stop:step" or a single index (0-based; negative counts from the end). Returns false with a one-line <paramref name="error"/> for malformed text or a step that is not positive.</summary>
    public static bool TryParse(string text, out FrameRange range, out string error)
    {
        range = All;
        error = "";
        var parts = text.Trim().Split(':');
        if (parts.Length > 3)
        {
            error = $"frame range '{text}' has more than three parts (use start:stop:step)";
            return false;
        }
        var values = new int?[3];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i].Trim();
            if (p.Length == 0) continue;
            if (!int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
            {
                error = $"frame range '{text}': '{p}' is not an integer";
                return false;
            }
            values[i] = v;
        }
        if (values[2] is 0)
        {
            error = $"frame range '{text}': the step cannot be zero";
            return false;
        }
        if (values[2] < 0)
        {
            error = $"frame range '{text}': a negative step is not supported: frames are read forward; give a positive step (e.g. '::1' for '::-1') and reverse the order afterwards";
            return false;
        }
        if (parts.Length == 1)
        {
            if (values[0] is not { } index) { error = "empty frame range"; return false; }
            // Frame i is the slice i:i+1, frame -1 the slice -1: (to the end), frame -k the slice -k:-k+1.
            int? stop = index == -1 || index == int.MaxValue ? null : index + 1;
            range = new FrameRange(index, stop, 1) { IsIndex = true };
            return true;
        }
        range = new FrameRange(values[0] ?? 0, values[1], values[2] ?? 1);
        return true;
    }

    /// <summary>
    /// This range for a file of <paramref name="count"/> frames: negative start and stop become counted from the
    /// end (clamped at 0, as Python's slice.indices does). A single index outside -count … count−1 is an
    /// <see cref="InputException"/> naming <paramref name="source"/> and the number of frames.
    /// </summary>
    public FrameRange Resolve(int count, string? source)
    {
        if (IsIndex)
        {
            long i = Start < 0 ? (long)Start + count : Start;
            if (i < 0 || i >= count) throw OutOfRange(count, source);
            return new FrameRange((int)i, (int)i + 1, 1) { IsIndex = true };
        }
        if (!FromEnd) return this;
        var (start, stop) = Bounds(count);
        return new FrameRange(start, Stop is null ? null : stop, Step);
    }

    /// <summary>The error for a single index the file does not have.</summary>
    public InputException OutOfRange(int count, string? source) => new(source, null, null, count == 0
        ? $"frame {Start} does not exist: the file holds no frame"
        : FormattableString.Invariant($"frame {Start} does not exist: the file holds {count} frame(s) (0 … {count - 1}, or -{count} … -1 from the end)"));

    // Python's slice.indices(count) for a positive step.
    private (int Start, int Stop) Bounds(int count)
    {
        static int Clamp(long v, int count) => (int)Math.Clamp(v < 0 ? v + count : v, 0, count);
        return (Clamp(Start, count), Stop is { } s ? Clamp(s, count) : count);
    }

    /// <summary>Whether 0-based frame <paramref name="index"/> is selected. The range must not count from the end (resolve it first).</summary>
    /// <exception cref="InvalidOperationException">The range counts from the end and has not been resolved.</exception>
    public bool Contains(int index)
    {
        RequireResolved();
        return index >= Start && (Stop is null || index < Stop) && (index - Start) % Step == 0;
    }

    /// <summary>True once no index at or after <paramref name="index"/> can be selected.</summary>
    public bool IsPast(int index)
    {
        RequireResolved();
        return Stop is not null && index >= Stop;
    }

    /// <summary>Number of selected frames among <paramref name="total"/> (Python's len(range(total)[slice]); 0 for a missing index).</summary>
    public int Count(int total)
    {
        if (IsIndex)
        {
            long i = Start < 0 ? (long)Start + total : Start;
            return i >= 0 && i < total ? 1 : 0;
        }
        var (start, stop) = Bounds(total);
        return stop <= start ? 0 : (stop - start + Step - 1) / Step;
    }

    private void RequireResolved()
    {
        if (FromEnd) throw new InvalidOperationException($"frame range {this} counts from the end; resolve it with the number of frames first");
    }

    /// <summary>The range as it parses back: "7" for an index, otherwise "start:stop:step" with an empty stop when open.</summary>
    public override string ToString() => IsIndex
        ? Start.ToString(CultureInfo.InvariantCulture)
        : $"{Start}:{Stop?.ToString(CultureInfo.InvariantCulture) ?? ""}:{Step}";
}
