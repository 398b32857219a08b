namespace ZifPhase.Learning;

/// <summary>Per-class precision, recall, F1 and support (true rows of that class).</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, long Support);

/// <summary>A 95 % interval of a score and what it rests on.</summary>
public sealed record ScoreInterval(double Low, double High);

/// <summary>
/// Classification metrics from true and predicted labels: accuracy, balanced accuracy (mean recall over the classes
/// with rows), confusion counts (row = true class, column = predicted), its row-normalised form, and per-class
/// precision/recall/F1 with scikit-learn's conventions (a ratio with a zero denominator is 0).
/// Given the frame (group) of each row, accuracy and balanced accuracy also carry 95 % intervals from a bootstrap
/// over frames: <see cref="BootstrapResamples"/> times, draw as many frames as there are with replacement, take all
/// rows of each drawn frame, recompute; the interval is the 2.5th and 97.5th percentile. Frames, not rows, are
/// resampled because the Zn of one frame share one configuration and are not independent.
/// </summary>
public sealed class Metrics
{
    /// <summary>Class names, indexing the rows and columns of <see cref="Confusion"/>.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Confusion counts, classes × classes: [true, predicted].</summary>
    public long[,] Confusion { get; }
    /// <summary>Number of rows scored.</summary>
    public long Total { get; }
    /// <summary>Number of rows whose prediction equals the truth.</summary>
    public long Correct { get; }
    /// <summary>Correct / Total (0…1; 0 when there are no rows).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
    /// <summary>Precision, recall, F1 and support of each class, in <see cref="Classes"/> order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }
    /// <summary>Mean recall over the classes that have rows (scikit-learn's balanced_accuracy_score).</summary>
    public double BalancedAccuracy { get; }
    /// <summary>Number of distinct frames the rows come from (0 when no frames were given).</summary>
    public int Frames { get; }
    /// <summary>95 % bootstrap-over-frames interval of <see cref="Accuracy"/> (null without frames).</summary>
    public ScoreInterval? AccuracyInterval { get; }
    /// <summary>95 % bootstrap-over-frames interval of <see cref="BalancedAccuracy"/> (null without frames).</summary>
    public ScoreInterval? BalancedAccuracyInterval { get; }

    /// <summary>Number of bootstrap resamples behind the 95 % intervals.</summary>
    public const int BootstrapResamples = 2000;
    /// <summary>What the intervals are, as written in metrics JSON and reports.</summary>
    public const string IntervalMethod = "95 % percentile bootstrap over frames (2000 resamples of whole frames)";

    /// <summary>
    /// Metrics of <paramref name="predicted"/> against <paramref name="truth"/> (class indices into <paramref name="classes"/>, one per row), without intervals.
    /// </summary>
    /// <exception cref="ArgumentException">The two spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label lies outside 0…classes − 1.</exception>
    public Metrics(IReadOnlyList<string> classes, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
        : this(classes, truth, predicted, counting: true) { }

    /// <param name="frames">Per row, an id of its frame (e.g. source × frame); rows with the same id are resampled
    /// together for the intervals. Null: no intervals.</param>
    /// <param name="seed">Seed of the bootstrap (fixed, so the same rows give the same interval).</param>
    public Metrics(IReadOnlyList<string> classes, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, ReadOnlySpan<long> frames, int seed = 0)
        : this(classes, truth, predicted, counting: true)
    {
        if (frames.Length != truth.Length) throw new ArgumentException($"{frames.Length} frame ids for {truth.Length} rows");
        var (a, b, n) = Bootstrap(classes.Count, truth, predicted, frames, seed);
        Frames = n;
        AccuracyInterval = a;
        BalancedAccuracyInterval = b;
    }

    private Metrics(IReadOnlyList<string> classes, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, bool counting)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predictions");
        int k = classes.Count;
        Classes = classes;
        Confusion = new long[k, k];
        for (int i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(truth), $"label outside 0..{k - 1} at row {i}");
            Confusion[truth[i], predicted[i]]++;
            if (truth[i] == predicted[i]) Correct++;
        }
        Total = truth.Length;
        var per = new ClassMetrics[k];
        for (int c = 0; c < k; c++)
        {
            long tp = Confusion[c, c], rowSum = 0, colSum = 0;
            for (int j = 0; j < k; j++)
            {
                rowSum += Confusion[c, j];
                colSum += Confusion[j, c];
            }
            double precision = colSum == 0 ? 0 : (double)tp / colSum;
            double recall = rowSum == 0 ? 0 : (double)tp / rowSum;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per[c] = new ClassMetrics(classes[c], precision, recall, f1, rowSum);
        }
        PerClass = per;
        BalancedAccuracy = Balanced(per.Select(p => (p.Support, p.Recall)));
    }

    private static double Balanced(IEnumerable<(long Support, double Recall)> classes)
    {
        double sum = 0;
        int n = 0;
        foreach (var (support, recall) in classes)
            if (support > 0) { sum += recall; n++; }
        return n == 0 ? 0 : sum / n;
    }

    private static (ScoreInterval? Accuracy, ScoreInterval? Balanced, int Frames) Bootstrap(int k, ReadOnlySpan<int> truth,
        ReadOnlySpan<int> predicted, ReadOnlySpan<long> frames, int seed)
    {
        // Per frame and class: rows and correct rows.
        var index = new Dictionary<long, int>();
        var rows = new List<long[]>();
        var hits = new List<long[]>();
        for (int i = 0; i < truth.Length; i++)
        {
            if (!index.TryGetValue(frames[i], out int g))
            {
                index[frames[i]] = g = rows.Count;
                rows.Add(new long[k]);
                hits.Add(new long[k]);
            }
            rows[g][truth[i]]++;
            if (truth[i] == predicted[i]) hits[g][truth[i]]++;
        }
        int n = rows.Count;
        if (n == 0) return (null, null, 0);
        var rng = new Random(seed);
        var acc = new double[BootstrapResamples];
        var bal = new double[BootstrapResamples];
        var r = new long[k];
        var h = new long[k];
        for (int b = 0; b < BootstrapResamples; b++)
        {
            Array.Clear(r);
            Array.Clear(h);
            for (int j = 0; j < n; j++)
            {
                int g = rng.Next(n);
                var rg = rows[g];
                var hg = hits[g];
                for (int c = 0; c < k; c++) { r[c] += rg[c]; h[c] += hg[c]; }
            }
            long total = 0, correct = 0;
            double recallSum = 0;
            int present = 0;
            for (int c = 0; c < k; c++)
            {
                total += r[c];
                correct += h[c];
                if (r[c] > 0) { recallSum += (double)h[c] / r[c]; present++; }
            }
            acc[b] = total == 0 ? 0 : (double)correct / total;
            bal[b] = present == 0 ? 0 : recallSum / present;
        }
        return (Percentiles(acc), Percentiles(bal), n);
    }

    private static ScoreInterval Percentiles(double[] values)
    {
        Array.Sort(values);
        // Linear interpolation between order statistics (NumPy's default percentile).
        double Q(double q)
        {
            double pos = q * (values.Length - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(lo + 1, values.Length - 1);
            return values[lo] + (pos - lo) * (values[hi] - values[lo]);
        }
        return new ScoreInterval(Q(0.025), Q(0.975));
    }

    /// <summary>"85.2 % (95 % CI 80.1–89.0 %; 40 frames, 2,560 rows)": a score with its interval and what it rests on.</summary>
    public string Describe(bool balanced = false)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        double v = balanced ? BalancedAccuracy : Accuracy;
        var ci = balanced ? BalancedAccuracyInterval : AccuracyInterval;
        var text = string.Create(inv, $"{v * 100:F1} %");
        return ci is null
            ? string.Create(inv, $"{text} ({Total:N0} rows)")
            : string.Create(inv, $"{text} (95 % CI {ci.Low * 100:F1}–{ci.High * 100:F1} %; {Frames:N0} frames, {Total:N0} rows)");
    }

    /// <summary>Confusion row-normalised: fraction of each true class predicted as each class (rows without support are 0).</summary>
    public double[,] NormalisedConfusion()
    {
        int k = Classes.Count;
        var n = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            long row = 0;
            for (int j = 0; j < k; j++) row += Confusion[i, j];
            for (int j = 0; j < k; j++) n[i, j] = row == 0 ? 0 : (double)Confusion[i, j] / row;
        }
        return n;
    }

    /// <summary>The plain object written as metrics JSON: accuracy and balanced_accuracy with their 95 % intervals
    /// (accuracy_ci95, balanced_accuracy_ci95: [low, high], null without frames), interval (the method), rows, frames,
    /// classes, confusion, per_class (precision, recall, f1, support).</summary>
    public System.Text.Json.Nodes.JsonObject ToJson()
    {
        int k = Classes.Count;
        var confusion = new System.Text.Json.Nodes.JsonArray();
        for (int i = 0; i < k; i++)
        {
            var row = new System.Text.Json.Nodes.JsonArray();
            for (int j = 0; j < k; j++) row.Add(Confusion[i, j]);
            confusion.Add(row);
        }
        var perClass = new System.Text.Json.Nodes.JsonObject();
        foreach (var m in PerClass)
            perClass[m.Class] = new System.Text.Json.Nodes.JsonObject
            {
                ["precision"] = m.Precision,
                ["recall"] = m.Recall,
                ["f1"] = m.F1,
                ["support"] = m.Support,
            };
        System.Text.Json.Nodes.JsonArray? Ci(ScoreInterval? i) => i is null ? null : new System.Text.Json.Nodes.JsonArray(i.Low, i.High);
        return new System.Text.Json.Nodes.JsonObject
        {
            ["accuracy"] = Accuracy,
            ["accuracy_ci95"] = Ci(AccuracyInterval),
            ["balanced_accuracy"] = BalancedAccuracy,
            ["balanced_accuracy_ci95"] = Ci(BalancedAccuracyInterval),
            ["interval"] = AccuracyInterval is null ? null : IntervalMethod,
            ["rows"] = Total,
            ["frames"] = AccuracyInterval is null ? null : Frames,
            ["classes"] = new System.Text.Json.Nodes.JsonArray(Classes.Select(c => (System.Text.Json.Nodes.JsonNode?)c).ToArray()),
            ["confusion"] = confusion,
            ["per_class"] = perClass,
        };
    }
}
