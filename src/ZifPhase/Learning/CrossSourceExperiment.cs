using System.Globalization;
using ZifPhase.Descriptors;

namespace ZifPhase.Learning;

/// <summary>
/// The cross-source accuracy table (the paper's Table 2): one split of the whole dataset (random stratified rows as
/// in the paper, or any <see cref="Split.ByName"/> kind), then one model per training set (each source tag, and all
/// tags), each tested on the held-out rows of each tag and of all. Accuracy is NaN where a cell has no rows; each
/// cell keeps its <see cref="Learning.Metrics"/> (balanced accuracy, 95 % bootstrap-over-frames intervals).
/// </summary>
public sealed class CrossSourceExperiment
{
    /// <summary>Training sets, one per row of the table: each source tag, then "all" when there are several tags.</summary>
    public string[] TrainedOn { get; }
    /// <summary>Test sets, one per column, in the same order as <see cref="TrainedOn"/>.</summary>
    public string[] TestedOn { get; }
    /// <summary>
    /// Accuracy (fraction 0…1) of the model trained on TrainedOn[i] on the held-out rows of TestedOn[j]; TrainedOn × TestedOn, NaN where a cell has no rows.
    /// </summary>
    public double[,] Accuracy { get; }
    /// <summary>Number of held-out rows behind each cell (TrainedOn × TestedOn).</summary>
    public long[,] Rows { get; }
    /// <summary>The metrics of each cell (null where it has no rows).</summary>
    public Metrics?[,] Cells { get; }
    /// <summary>The split kind (block, random, frame, source, run).</summary>
    public string SplitKind { get; }

    private CrossSourceExperiment(string[] trainedOn, string[] testedOn, double[,] accuracy, long[,] rows, Metrics?[,] cells, string split)
    {
        Cells = cells;
        SplitKind = split;
        TrainedOn = trainedOn;
        TestedOn = testedOn;
        Accuracy = accuracy;
        Rows = rows;
    }

    /// <summary>The name of the set of all source tags together.</summary>
    public const string All = "all";

    /// <summary>
    /// Runs the table with a random stratified split of <paramref name="testFraction"/> (0…1) of the rows, as in the paper; <paramref name="onTrain"/> hears each training set and its row count before it trains.
    /// </summary>
    public static CrossSourceExperiment Run(Dataset data, TrainingOptions options, double testFraction, Action<string, int>? onTrain = null) =>
        Run(data, options, testFraction, "random", 0, onTrain);

    /// <summary>
    /// Runs the table with the named split (block, random, frame, source, run; see <see cref="Split.ByName"/>), <paramref name="testFraction"/> (0…1) held out and <paramref name="gapFrames"/> frames left out between training and test frames of a block split.
    /// </summary>
    /// <exception cref="ZifPhaseException">The dataset has fewer than two classes, the test fraction lies outside [0, 1], or the split cannot be made.</exception>
    /// <exception cref="ArgumentException"><paramref name="split"/> is not a split kind.</exception>
    public static CrossSourceExperiment Run(Dataset data, TrainingOptions options, double testFraction, string split, int gapFrames, Action<string, int>? onTrain = null)
    {
        var tags = data.Sources.Select(s => s.Tag).Distinct().ToArray();
        string[] sets = tags.Length > 1 ? [.. tags, All] : tags;
        var (train, test) = Split.ByName(split, data, testFraction, options.Seed, gapFrames);
        var accuracy = new double[sets.Length, sets.Length];
        var cells = new Metrics?[sets.Length, sets.Length];
        var counts = new long[sets.Length, sets.Length];
        for (int i = 0; i < sets.Length; i++)
        {
            var trainRows = train.Where(r => sets[i] == All || data.Tag(r) == sets[i]).ToArray();
            onTrain?.Invoke(sets[i], trainRows.Length);
            if (trainRows.Length == 0)
            {
                for (int j = 0; j < sets.Length; j++) accuracy[i, j] = double.NaN;
                continue;
            }
            var result = Trainer.Fit(data, trainRows, options);
            var model = PhaseClassifier.FromTraining(result, data.Descriptor, CentreSelection.Parse(data.Centres), data.ClassNames);
            for (int j = 0; j < sets.Length; j++)
            {
                var testRows = test.Where(r => sets[j] == All || data.Tag(r) == sets[j]).ToArray();
                counts[i, j] = testRows.Length;
                cells[i, j] = testRows.Length == 0 ? null : Evaluation.OnRows(model, data, testRows, options.MaxDegreeOfParallelism);
                accuracy[i, j] = cells[i, j]?.Accuracy ?? double.NaN;
            }
        }
        return new CrossSourceExperiment(sets, sets, accuracy, counts, cells, split);
    }

    /// <summary>Accuracy as text with 3 decimals and its 95 % interval, "–" for an empty cell.</summary>
    public string Cell(int i, int j)
    {
        if (double.IsNaN(Accuracy[i, j])) return "–";
        var inv = CultureInfo.InvariantCulture;
        var text = Accuracy[i, j].ToString("F3", inv);
        return Cells[i, j]?.AccuracyInterval is { } ci ? string.Create(inv, $"{text} ({ci.Low:F3}–{ci.High:F3})") : text;
    }
}
