namespace ZifPhase.Learning;

/// <summary>Per-class precision, recall, F1 and support (true rows of that class).</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, long Support);

/// <summary>
/// Classification metrics from true and predicted labels: accuracy, confusion counts (row = true class,
/// column = predicted), its row-normalised form, and per-class precision/recall/F1 with scikit-learn's
/// conventions (a ratio with a zero denominator is 0).
/// </summary>
public sealed class Metrics
{
    public IReadOnlyList<string> Classes { get; }
    public long[,] Confusion { get; }
    public long Total { get; }
    public long Correct { get; }
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    public Metrics(IReadOnlyList<string> classes, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
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

    /// <summary>The plain object written as metrics JSON: accuracy, classes, confusion, per_class.</summary>
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
        return new System.Text.Json.Nodes.JsonObject
        {
            ["accuracy"] = Accuracy,
            ["rows"] = Total,
            ["classes"] = new System.Text.Json.Nodes.JsonArray(Classes.Select(c => (System.Text.Json.Nodes.JsonNode?)c).ToArray()),
            ["confusion"] = confusion,
            ["per_class"] = perClass,
        };
    }
}
