namespace ZifPhase.Analysis;

/// <summary>Outcome of classifying a structure of known phase: right, wrong or a tie for the most Zn.</summary>
public enum VerdictKind
{
    /// <summary>Strictly more of its Zn carry the expected phase than any other phase.</summary>
    Right,
    /// <summary>Another phase alone has the most Zn.</summary>
    Wrong,
    /// <summary>Two or more phases share the highest count of Zn.</summary>
    Tie,
}

/// <summary>
/// How a structure of known phase was classified, Zn by Zn: it is right when strictly more of its Zn carry its
/// phase than any other phase; when two or more phases share the highest count it is a tie (never right, even
/// when the expected phase is among them); otherwise it is wrong, and <see cref="Leaders"/> names the winner.
/// </summary>
public sealed record StructureVerdict(string Expected, int Zn, IReadOnlyList<(string Phase, int Count)> Counts, VerdictKind Kind, string[] Leaders)
{
    /// <summary>Whether the structure was classified right.</summary>
    public bool IsRight => Kind == VerdictKind.Right;

    /// <param name="counts">Zn per phase (phases with no Zn may be left out or given as 0).</param>
    public static StructureVerdict Of(IEnumerable<KeyValuePair<string, int>> counts, string expected)
    {
        var list = counts.Where(kv => kv.Value > 0).Select(kv => (kv.Key, kv.Value))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        int zn = list.Sum(c => c.Value);
        if (list.Count == 0) return new StructureVerdict(expected, 0, [], VerdictKind.Wrong, []);
        int top = list[0].Value;
        var leaders = list.Where(c => c.Value == top).Select(c => c.Key).ToArray();
        var kind = leaders.Length > 1 ? VerdictKind.Tie : leaders[0] == expected ? VerdictKind.Right : VerdictKind.Wrong;
        return new StructureVerdict(expected, zn, list, kind, leaders);
    }

    /// <summary>"8 ZIF-4, 8 ZIF-4-cp-II" (most first).</summary>
    public string CountsText => Counts.Count == 0 ? "no Zn" : string.Join(", ", Counts.Select(c => $"{c.Count} {c.Phase}"));

    /// <summary>"✓ right", "✗ wrong: ZIF-zni" or "tie: ZIF-4 / ZIF-4-cp-II".</summary>
    public string Text => Kind switch
    {
        VerdictKind.Right => "✓ right",
        VerdictKind.Tie => "tie: " + string.Join(" / ", Leaders),
        _ => Leaders.Length == 0 ? "✗ wrong: no Zn classified" : "✗ wrong: " + Leaders[0],
    };
}
