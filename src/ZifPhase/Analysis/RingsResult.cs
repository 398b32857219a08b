namespace ZifPhase.Analysis;

/// <summary>One ring of one frame: its four Zn (atom indices, 0-based), φa and how many carry the target label.</summary>
public sealed record RingRow(int Frame, long Step, int[] Zn, double PhiA, int TargetCount);

/// <summary>
/// The four-membered rings of a trajectory (`analyze rings`): every ring of every frame, the φa histogram of all
/// of them and, with a target phase, one histogram per number of target-labelled Zn in the ring.
/// </summary>
/// <param name="Path">The trajectory analysed.</param>
/// <param name="Target">The phase whose Zn are counted per ring; null without one.</param>
/// <param name="Frames">Frames analysed.</param>
/// <param name="ZnTotal">Zn summed over the frames.</param>
/// <param name="Rings">Every ring observation (a ring present in several frames once per frame).</param>
/// <param name="BinWidth">Histogram bin width, degrees.</param>
/// <param name="All">φa histogram of all rings.</param>
/// <param name="ByTargetCount">Per number (0..4) of target Zn in a ring, its φa histogram; null without a target.</param>
public sealed record RingsResult(string Path, string? Target, int Frames, int ZnTotal, RingRow[] Rings, double BinWidth,
    PhiHistogram All, SortedDictionary<int, PhiHistogram>? ByTargetCount)
{
    /// <summary>Named histograms: all rings, or one per target count.</summary>
    public List<(string Name, PhiHistogram Histogram)> Groups() => ByTargetCount is null
        ? [("all rings", All)]
        : [.. ByTargetCount.Select(kv => ($"{kv.Key} {Target} Zn", kv.Value))];
}
