namespace ZifPhase.Learning;

/// <summary>
/// Train/test splits of dataset rows. Every split returns disjoint, ascending row indices that together cover
/// every row. Seeded splits shuffle with <see cref="Random"/>(seed) (a stable algorithm in .NET), class by class in
/// label order, so the same seed gives the same split on every run and machine. Counts are
/// round(n · fraction) with halves rounded away from zero.
/// </summary>
public static class Split
{
    /// <summary>Per class: a seeded shuffle of its rows, the first round(n · fraction) to test (the paper's 80/20 with 0.2).</summary>
    public static (int[] Train, int[] Test) RandomStratified(int[] labels, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var rng = new Random(seed);
        var inTest = new bool[labels.Length];
        foreach (var group in Groups(Enumerable.Range(0, labels.Length), i => labels[i]))
        {
            var rows = group.ToArray();
            rng.Shuffle(rows);
            int k = Count(rows.Length, testFraction);
            for (int i = 0; i < k; i++) inTest[rows[i]] = true;
        }
        return Partition(inTest);
    }

    /// <summary>
    /// Whole frames to test: groups are (source, frame), the group's class is its most common label; per class a
    /// seeded shuffle of its groups, the first round(groups · fraction) to test. Rows of one frame never sit on both sides.
    /// </summary>
    public static (int[] Train, int[] Test) ByFrame(Dataset d, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var groupOf = new Dictionary<(int Source, int Frame), List<int>>();
        var order = new List<(int, int)>();
        for (int r = 0; r < d.Rows; r++)
        {
            var key = (d.SourceIndex[r], d.Frame[r]);
            if (!groupOf.TryGetValue(key, out var list))
            {
                groupOf[key] = list = [];
                order.Add(key);
            }
            list.Add(r);
        }
        int GroupClass((int, int) key) => groupOf[key].GroupBy(r => d.Labels[r]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        var rng = new Random(seed);
        var inTest = new bool[d.Rows];
        foreach (var cls in Groups(order, GroupClass))
        {
            var groups = cls.ToArray();
            rng.Shuffle(groups);
            int k = Count(groups.Length, testFraction);
            for (int i = 0; i < k; i++)
                foreach (int r in groupOf[groups[i]]) inTest[r] = true;
        }
        return Partition(inTest);
    }

    /// <summary>Rows whose source tag is one of <paramref name="testTags"/> go to test, all others to train. A tag no source has is an error.</summary>
    public static (int[] Train, int[] Test) BySourceTag(Dataset d, IReadOnlyCollection<string> testTags)
    {
        var known = d.Sources.Select(s => s.Tag).ToHashSet(StringComparer.Ordinal);
        foreach (var t in testTags)
            if (!known.Contains(t))
                throw new ArgumentException($"no source has tag '{t}' (tags: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        var tags = testTags.ToHashSet(StringComparer.Ordinal);
        var testSource = d.Sources.Select(s => tags.Contains(s.Tag)).ToArray();
        var inTest = new bool[d.Rows];
        for (int r = 0; r < d.Rows; r++) inTest[r] = testSource[d.SourceIndex[r]];
        return Partition(inTest);
    }

    /// <summary>
    /// Whole sources (files) to test. Per class (the source's phase), a seeded shuffle of its sources that have rows;
    /// k = round(n · fraction) go to test, but at least one when the fraction is positive and the class has two or more
    /// sources, and never all of them: a class with a single source stays in train.
    /// </summary>
    public static (int[] Train, int[] Test) BySource(Dataset d, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var present = new bool[d.Sources.Count];
        foreach (int s in d.SourceIndex) present[s] = true;
        var sources = Enumerable.Range(0, d.Sources.Count).Where(s => present[s]).ToArray();
        var classOrder = d.ClassNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        int SourceClass(int s) => classOrder.TryGetValue(d.Sources[s].Phase, out int c) ? c : int.MaxValue;

        var rng = new Random(seed);
        var testSource = new bool[d.Sources.Count];
        foreach (var cls in Groups(sources, SourceClass))
        {
            var group = cls.ToArray();
            rng.Shuffle(group);
            int n = group.Length;
            int k = Count(n, testFraction);
            if (testFraction > 0 && k == 0 && n >= 2) k = 1;
            k = Math.Min(k, n - 1);
            for (int i = 0; i < k; i++) testSource[group[i]] = true;
        }
        var inTest = new bool[d.Rows];
        for (int r = 0; r < d.Rows; r++) inTest[r] = testSource[d.SourceIndex[r]];
        return Partition(inTest);
    }

    private static IEnumerable<IGrouping<int, T>> Groups<T>(IEnumerable<T> items, Func<T, int> key) =>
        items.GroupBy(key).OrderBy(g => g.Key);

    private static int Count(int n, double fraction) => (int)Math.Round(n * fraction, MidpointRounding.AwayFromZero);

    private static void CheckFraction(double f)
    {
        if (!(f >= 0 && f <= 1)) throw new ArgumentException($"test fraction must lie in [0, 1], not {f}");
    }

    private static (int[] Train, int[] Test) Partition(bool[] inTest)
    {
        int nTest = inTest.Count(b => b);
        var train = new int[inTest.Length - nTest];
        var test = new int[nTest];
        int a = 0, b = 0;
        for (int i = 0; i < inTest.Length; i++)
            if (inTest[i]) test[b++] = i;
            else train[a++] = i;
        return (train, test);
    }
}
