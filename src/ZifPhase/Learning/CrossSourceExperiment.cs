using System.Globalization;
using ZifPhase.Descriptors;

namespace ZifPhase.Learning;

/// <summary>
/// The cross-source accuracy table (the paper's Table 2): one random stratified split of the whole dataset,
/// then one model per training set (each source tag, and all tags), each tested on the held-out rows of each
/// tag and of all. Accuracy is NaN where a cell has no rows.
/// </summary>
public sealed class CrossSourceExperiment
{
    public string[] TrainedOn { get; }
    public string[] TestedOn { get; }
    public double[,] Accuracy { get; }
    public long[,] Rows { get; }

    private CrossSourceExperiment(string[] trainedOn, string[] testedOn, double[,] accuracy, long[,] rows)
    {
        TrainedOn = trainedOn;
        TestedOn = testedOn;
        Accuracy = accuracy;
        Rows = rows;
    }

    public const string All = "all";

    public static CrossSourceExperiment Run(Dataset data, TrainingOptions options, double testFraction, Action<string, int>? onTrain = null)
    {
        var tags = data.Sources.Select(s => s.Tag).Distinct().ToArray();
        string[] sets = tags.Length > 1 ? [.. tags, All] : tags;
        var (train, test) = Split.RandomStratified(data.Labels, testFraction, options.Seed);
        var accuracy = new double[sets.Length, sets.Length];
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
            var result = Trainer.Fit(data.Features, data.Dimension, data.Labels, data.ClassNames.Count, trainRows, options);
            var model = new PhaseClassifier(data.Descriptor, CentreSelection.Parse(data.Centers), result.Scaler, result.Network, data.ClassNames);
            for (int j = 0; j < sets.Length; j++)
            {
                var testRows = test.Where(r => sets[j] == All || data.Tag(r) == sets[j]).ToArray();
                counts[i, j] = testRows.Length;
                accuracy[i, j] = testRows.Length == 0 ? double.NaN : Evaluation.OnRows(model, data, testRows, options.MaxDegreeOfParallelism).Accuracy;
            }
        }
        return new CrossSourceExperiment(sets, sets, accuracy, counts);
    }

    /// <summary>Accuracy as text with 3 decimals, "–" for an empty cell.</summary>
    public string Cell(int i, int j) =>
        double.IsNaN(Accuracy[i, j]) ? "–" : Accuracy[i, j].ToString("F3", CultureInfo.InvariantCulture);
}
