using System.Globalization;

namespace ZifPhase.IO;

/// <summary>
/// Frames to take from a trajectory, as a Python slice "start:stop:step" (0-based, stop exclusive, each part
/// optional; "5" alone means frame 5 only). Negative start/stop are not supported because readers stream.
/// </summary>
public readonly record struct FrameRange(int Start = 0, int? Stop = null, int Step = 1)
{
    public static FrameRange All => new(0, null, 1);

    public static FrameRange Parse(string text)
    {
        if (!TryParse(text, out var range, out var error)) throw new ArgumentException(error);
        return range;
    }

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
            if (!int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0 || (i == 2 && v == 0))
            {
                error = $"frame range '{text}': '{p}' is not a {(i == 2 ? "positive" : "non-negative")} integer";
                return false;
            }
            values[i] = v;
        }
        if (parts.Length == 1)
        {
            if (values[0] is null) { error = "empty frame range"; return false; }
            range = new FrameRange(values[0]!.Value, values[0]!.Value + 1, 1);
            return true;
        }
        range = new FrameRange(values[0] ?? 0, values[1], values[2] ?? 1);
        return true;
    }

    public bool Contains(int index) => index >= Start && (Stop is null || index < Stop) && (index - Start) % Step == 0;

    /// <summary>True once no index at or after <paramref name="index"/> can be selected.</summary>
    public bool IsPast(int index) => Stop is not null && index >= Stop;

    /// <summary>Number of selected frames among <paramref name="total"/>.</summary>
    public int Count(int total)
    {
        int stop = Math.Min(Stop ?? total, total);
        return stop <= Start ? 0 : (stop - Start + Step - 1) / Step;
    }

    public override string ToString() => $"{Start}:{Stop?.ToString(CultureInfo.InvariantCulture) ?? ""}:{Step}";
}
