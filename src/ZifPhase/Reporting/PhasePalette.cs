using ZifPhase.Analysis;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>
/// One fixed colour per phase everywhere (plots, report), from the colour-blind-safe palette of Okabe and Ito
/// (2008); phases not listed get the remaining palette colours in order of first request, then greys.
/// The seven phases use seven Okabe–Ito colours chosen so that phases whose environments lie next to each other
/// (ZIF-4 | glass | liquid, ZIF-4 | ZIF-4-cp | ZIF-4-cp-II) differ in hue and lightness, also under deuteranopia and
/// protanopia; yellow, faint on white, is left out and liquid is black.
/// </summary>
public static class PhasePalette
{
    /// <summary>The Okabe–Ito colour-blind-safe palette (Okabe &amp; Ito 2008) as hex RGB strings: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black.</summary>
    public static readonly IReadOnlyList<string> OkabeIto =
        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    // Colours of Phases.Known, in its order: ZIF-4 blue, ZIF-4-cp vermillion, ZIF-4-cp-II bluish green, ZIF-zni
    // reddish purple, ZIF-hPT-II sky blue, glass orange, liquid black (no yellow: it is faint on white).
    private static readonly string[] KnownColours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"];

    private static readonly Dictionary<string, string> Known = new(
        Phases.Known.Zip(KnownColours, KeyValuePair.Create)
            .Append(KeyValuePair.Create(PhaseLabels.Uncertain, "#999999"))
            .Append(KeyValuePair.Create(PhaseLabels.Unknown, UnknownColour)),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The "unknown" answer: a light neutral grey, CIELAB ΔE ≥ 25 from every phase colour, from the uncertain grey
    /// (#999999, ΔE 26) and from every non-phase series colour — a non-answer, like uncertain, but told apart from it.
    /// </summary>
    public const string UnknownColour = "#E0E0E0";

    private static readonly Dictionary<string, string> Assigned = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock Gate = new();

    /// <summary>
    /// Colours for series that are not phases — transition runs, source tags, ring groups by target count, the
    /// three cluster extents — so that no such series reads as a phase. Taken from Paul Tol's colour-blind-safe
    /// "muted" scheme (indigo, olive, wine) and the dark tones of his "bright" scheme (dark cyan, dark red), picked
    /// because each lies at least 25 CIELAB ΔE units from every phase colour, from the uncertain and unknown greys and from the
    /// Okabe–Ito yellow (the muted teal, cyan, green, rose and purple are too close to a phase colour and are left
    /// out). Series beyond five share a dark grey (#444444, ΔE ≥ 29 from every phase colour).
    /// </summary>
    public static readonly IReadOnlyList<string> Series = ["#332288", "#999933", "#882255", "#225555", "#663333"];

    /// <summary>Colour of the i-th non-phase series: <see cref="Series"/> in order, then dark grey.</summary>
    public static string SeriesOf(int i) => i < Series.Count ? Series[i] : "#444444";

    /// <summary>Hex colour (#RRGGBB) of a phase; the same phase gets the same colour for the life of the process.</summary>
    public static string HexOf(string phase)
    {
        if (Known.TryGetValue(phase, out var known)) return known;
        lock (Gate)
        {
            if (Assigned.TryGetValue(phase, out var c)) return c;
            var used = Known.Values.Concat(Assigned.Values).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var free = OkabeIto.FirstOrDefault(x => !used.Contains(x));
            c = free ?? $"#{0x40 + 0x10 * (Assigned.Count % 8):X2}{0x40 + 0x10 * (Assigned.Count % 8):X2}{0x40 + 0x10 * (Assigned.Count % 8):X2}";
            Assigned[phase] = c;
            return c;
        }
    }
}
