namespace ZifPhase.Learning;

/// <summary>
/// Train/test splits of dataset rows. Every split returns disjoint, ascending row indices that together cover
/// every row, except <see cref="Block"/>, which leaves the rows of its gap frames out of both. Seeded splits shuffle with <see cref="Random"/>(seed) (a stable algorithm in .NET), class by class in
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
                throw new ZifPhaseException($"no source has tag '{t}' (tags: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
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

    /// <summary>The split kinds <see cref="ByName"/> knows, as the CLI's --split takes them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["block", "random", "frame", "source", "run"];

    /// <summary>A split by its --split name (block, random, frame, source, run, or none: every row to train, for a final
    /// model whose held-out figures come from an experiment with the same options); <paramref name="gapFrames"/> is used by block and run.</summary>
    public static (int[] Train, int[] Test) ByName(string kind, Dataset d, double testFraction, int seed, int gapFrames) => kind switch
    {
        "block" => Block(d, testFraction, gapFrames),
        "random" => RandomStratified(d.Labels, testFraction, seed),
        "frame" => ByFrame(d, testFraction, seed),
        "source" => BySource(d, testFraction, seed),
        "run" => ByRun(d, testFraction, gapFrames, seed),
        "none" => ([.. Enumerable.Range(0, d.Rows)], []),
        _ => throw new ArgumentException($"--split '{kind}': use {string.Join(", ", Kinds)}"),
    };

    /// <summary>One line saying what a split holds out, for metrics JSON and reports.</summary>
    public static string Describe(string kind, double testFraction, int gapFrames)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return kind switch
        {
            "block" => string.Create(inv, $"block: per run the last {testFraction:P0} of its frames tested, training only on its frames that leave a gap of at least {gapFrames} trajectory frames before the first test frame; single-frame structures held out whole, per phase"),
            "random" => string.Create(inv, $"random: {testFraction:P0} of the rows of each class (rows of one frame on both sides)"),
            "frame" => string.Create(inv, $"frame: {testFraction:P0} of the whole frames of each class, drawn at random (neighbouring frames on both sides)"),
            "source" => string.Create(inv, $"source: {testFraction:P0} of the whole files of each phase that has two or more"),
            "none" => "none: every row trained on, nothing held out (held-out figures come from a separate experiment)",
            "run" => string.Create(inv, $"run: per source tag and phase, {testFraction:P0} (at least one) of its whole runs held out where it has two or more; a phase with a single run in a tag tested on the last {testFraction:P0} of that run's frames, trained on its frames before a gap of {gapFrames} frames"),
            _ => kind,
        };
    }

    /// <summary>
    /// Time blocks that keep correlated frames apart. Per source (run) with two or more frames in the dataset: its
    /// frames in order, the last k = round(n · fraction) (at least 1, at most n − 1) go to test; training takes only
    /// the frames whose index is at least <paramref name="gapFrames"/> below the first test frame's index (trajectory
    /// frame numbers, so the gap is a time: gap × the run's frame interval); the frames between are in neither set.
    /// Sources with a single frame (crystal structures) are held out whole as in <see cref="BySource"/> — per phase,
    /// k = round(n · fraction) of them (at least one when the phase has two or more), chosen by a seeded shuffle.
    /// </summary>
    public static (int[] Train, int[] Test) Block(Dataset d, double testFraction, int gapFrames, int seed = 0)
    {
        CheckFraction(testFraction);
        if (gapFrames < 0) throw new ZifPhaseException($"the gap must be ≥ 0 frames, not {gapFrames}");
        var framesOf = new SortedSet<int>[d.Sources.Count];
        for (int r = 0; r < d.Rows; r++) (framesOf[d.SourceIndex[r]] ??= []).Add(d.Frame[r]);
        // Per source: the first test frame and the last frame training may use; int.MaxValue/-1 for "all train".
        var testFrom = new int[d.Sources.Count];
        var trainTo = new int[d.Sources.Count];
        var single = new List<int>();
        for (int s = 0; s < d.Sources.Count; s++)
        {
            testFrom[s] = int.MaxValue;
            trainTo[s] = int.MaxValue;
            var frames = framesOf[s];
            if (frames is null) continue;
            if (frames.Count == 1) { single.Add(s); continue; }
            int n = frames.Count;
            int k = Count(n, testFraction);
            if (testFraction > 0 && k == 0) k = 1;
            k = Math.Min(k, n - 1);
            if (k == 0) continue;
            testFrom[s] = frames.ElementAt(n - k);
            trainTo[s] = testFrom[s] - gapFrames - 1;
        }
        var classOrder = d.ClassNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        int SourceClass(int s) => classOrder.TryGetValue(d.Sources[s].Phase, out int c) ? c : int.MaxValue;
        var rng = new Random(seed);
        foreach (var cls in Groups(single, SourceClass))
        {
            var group = cls.ToArray();
            rng.Shuffle(group);
            int k = Count(group.Length, testFraction);
            if (testFraction > 0 && k == 0 && group.Length >= 2) k = 1;
            k = Math.Min(k, group.Length - 1);
            for (int i = 0; i < k; i++) testFrom[group[i]] = int.MinValue;
        }
        var train = new List<int>();
        var test = new List<int>();
        for (int r = 0; r < d.Rows; r++)
        {
            int s = d.SourceIndex[r], f = d.Frame[r];
            if (f >= testFrom[s]) test.Add(r);
            else if (f <= trainTo[s]) train.Add(r);
        }
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>
    /// Whole runs held out wherever a phase has several, time blocks where it has one: runs (sources) are grouped by
    /// (tag, phase); in a group of two or more, a seeded shuffle and the first k = round(n · fraction) (at least 1, at
    /// most n − 1) go to test whole; a group of one run is split as in <see cref="Block"/> (its last frames to test,
    /// training on frames before a gap of <paramref name="gapFrames"/>). Grouping by tag keeps every force field (or
    /// other source) on both sides, so a cross-source table tests each tag on runs none of its models saw.
    /// </summary>
    public static (int[] Train, int[] Test) ByRun(Dataset d, double testFraction, int gapFrames, int seed)
    {
        CheckFraction(testFraction);
        if (gapFrames < 0) throw new ZifPhaseException($"the gap must be ≥ 0 frames, not {gapFrames}");
        var present = new bool[d.Sources.Count];
        foreach (int s in d.SourceIndex) present[s] = true;
        var groups = Enumerable.Range(0, d.Sources.Count).Where(s => present[s])
            .GroupBy(s => (d.Sources[s].Tag, d.Sources[s].Phase))
            .OrderBy(g => g.Key.Tag, StringComparer.Ordinal).ThenBy(g => g.Key.Phase, StringComparer.Ordinal);
        var rng = new Random(seed);
        var wholeTest = new bool[d.Sources.Count];
        var blockSource = new bool[d.Sources.Count];
        foreach (var g in groups)
        {
            var runs = g.ToArray();
            if (runs.Length == 1) { blockSource[runs[0]] = true; continue; }
            rng.Shuffle(runs);
            int k = Math.Clamp(Count(runs.Length, testFraction), testFraction > 0 ? 1 : 0, runs.Length - 1);
            for (int i = 0; i < k; i++) wholeTest[runs[i]] = true;
        }
        var (blockTrain, blockTest) = Block(d, testFraction, gapFrames, seed);
        var inBlockTrain = new bool[d.Rows];
        var inBlockTest = new bool[d.Rows];
        foreach (int r in blockTrain) inBlockTrain[r] = true;
        foreach (int r in blockTest) inBlockTest[r] = true;
        var train = new List<int>();
        var test = new List<int>();
        for (int r = 0; r < d.Rows; r++)
        {
            int s = d.SourceIndex[r];
            if (wholeTest[s]) test.Add(r);
            else if (!blockSource[s]) train.Add(r);
            else if (inBlockTest[r]) test.Add(r);
            else if (inBlockTrain[r]) train.Add(r);
        }
        return (train.ToArray(), test.ToArray());
    }

    private static IEnumerable<IGrouping<int, T>> Groups<T>(IEnumerable<T> items, Func<T, int> key) =>
        items.GroupBy(key).OrderBy(g => g.Key);

    private static int Count(int n, double fraction) => (int)Math.Round(n * fraction, MidpointRounding.AwayFromZero);

    private static void CheckFraction(double f)
    {
        if (!(f >= 0 && f <= 1)) throw new ZifPhaseException($"test fraction must lie in [0, 1], not {f}");
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
