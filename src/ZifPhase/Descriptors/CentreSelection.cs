using System.Globalization;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors;

/// <summary>Which atoms of a frame are descriptor centres: one element ("Zn"), "all", or 0-based indices ("0,5,17").</summary>
public sealed class CentreSelection
{
    private readonly Element? _element;
    private readonly int[]? _indices;

    private CentreSelection(Element? element, int[]? indices)
    {
        _element = element;
        _indices = indices;
    }

    /// <summary>Every atom of the frame is a centre.</summary>
    public static CentreSelection All { get; } = new(null, null);
    /// <summary>Every atom of element <paramref name="element"/> is a centre, in file order.</summary>
    public static CentreSelection Of(Element element) => new(element, null);
    /// <summary>
    /// The given 0-based atom indices are the centres, in this order (duplicates kept; checked against each frame in <see cref="Resolve"/>).
    /// </summary>
    public static CentreSelection Indices(IEnumerable<int> indices) => new(null, indices.ToArray());

    /// <summary>
    /// Parses the --centres value: an element symbol ("Zn"), "all", or comma-separated 0-based atom indices ("0,5,17").
    /// </summary>
    /// <exception cref="ZifPhaseException">The text is none of these (a negative or non-numeric index, or an empty list).</exception>
    public static CentreSelection Parse(string text)
    {
        text = text.Trim();
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (Element.TryFromSymbol(text, out var e)) return Of(e);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var idx = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out idx[i]) || idx[i] < 0)
                throw new ZifPhaseException($"centres '{text}': use an element symbol (Zn), 'all', or 0-based atom indices (0,5,17)");
        if (idx.Length == 0) throw new ZifPhaseException("centres: empty selection");
        return Indices(idx);
    }

    /// <summary>The centre atoms of this frame, in file order for an element or all, as given for indices.</summary>
    public int[] Resolve(Frame frame)
    {
        if (_element is not null) return frame.IndicesOf(_element);
        if (_indices is null) return Enumerable.Range(0, frame.AtomCount).ToArray();
        foreach (int i in _indices)
            if (i >= frame.AtomCount)
                throw new InputException(frame.Source, frame.Index, null, $"centre index {i} is beyond the {frame.AtomCount} atoms of the frame");
        return _indices;
    }

    /// <summary>The selection as <see cref="Parse"/> reads it: the symbol, "all", or the indices joined by commas.</summary>
    public override string ToString() =>
        _element?.Symbol ?? (_indices is null ? "all" : string.Join(",", _indices));
}
