namespace ZifPhase;

/// <summary>The nearest of a set of known words to a misspelt one, for "did you mean …?" hints.</summary>
public static class Spelling
{
    /// <summary>
    /// The candidate closest to <paramref name="word"/>: one equal to it once case, '-', '_' and spaces are ignored
    /// ("Glass", "ZIF4-cp"), else the one with the fewest edits when that is at most a third of the word (at least
    /// 1, at most 3). Null when nothing is close.
    /// </summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        var key = Key(word);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            if (c == word) return c;
            var ck = Key(c);
            if (ck.Length > 0 && ck == key) return c;
            int d = Distance(word.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.Clamp(word.TrimStart('-').Length / 3, 1, 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'X'?)" when a candidate is close, else "".</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Nearest(word, candidates) is { } n && n != word ? $" (did you mean '{n}'?)" : "";

    private static string Key(string s) =>
        new string(s.Where(ch => ch is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
