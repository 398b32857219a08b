namespace ZifPhase.Learning;

/// <summary>Measures a trained <see cref="PhaseClassifier"/> on rows of a <see cref="Dataset"/>.</summary>
public static class Evaluation
{
    /// <summary>
    /// Metrics of a model on the given rows of a dataset. Dataset classes are matched to the model's by name;
    /// a row whose class the model does not know is an error that names it. Accuracy and balanced accuracy carry
    /// 95 % intervals from a bootstrap over the rows' frames (source × frame).
    /// </summary>
    public static Metrics OnRows(PhaseClassifier model, Dataset data, int[] rows, int maxDegreeOfParallelism = -1) =>
        Run(model, data, rows, maxDegreeOfParallelism).Metrics;

    /// <summary>As <see cref="OnRows"/>, with the rows' full answer (spread, novelty): the metrics use the most probable
    /// class of every row, unknown rows included; <see cref="EvaluationResult.UnknownFraction"/> says how many the
    /// model would call unknown.</summary>
    public static EvaluationResult Run(PhaseClassifier model, Dataset data, int[] rows, int maxDegreeOfParallelism = -1)
    {
        var modelClasses = model.ClassNames.ToList();
        var map = data.ClassNames.Select(c => modelClasses.IndexOf(c)).ToArray();
        var features = new float[rows.Length * data.Dimension];
        var truth = new int[rows.Length];
        var frames = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            data.Row(rows[i]).CopyTo(features.AsSpan(i * data.Dimension, data.Dimension));
            truth[i] = map[data.Labels[rows[i]]];
            frames[i] = ((long)data.SourceIndex[rows[i]] << 32) | (uint)data.Frame[rows[i]];
            if (truth[i] < 0)
                throw new InputException($"the dataset's class '{data.ClassNames[data.Labels[rows[i]]]}' is not one of the model's classes ({string.Join(", ", model.ClassNames)})");
        }
        var assignment = model.Assign(features, rows, maxDegreeOfParallelism);
        var predicted = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) predicted[i] = assignment.Label(i);
        return new EvaluationResult(new Metrics(model.ClassNames, truth, predicted, frames), assignment);
    }
}

/// <summary>Metrics of a model on dataset rows, and its answer for each row (row i of the assignment is rows[i]).</summary>
public sealed record EvaluationResult(Metrics Metrics, PhaseAssignment Assignment)
{
    /// <summary>Share of the rows whose novelty score is above the model's threshold; null for a model without a detector.</summary>
    public double? UnknownFraction => Assignment.NoveltyThreshold is null || Assignment.Count == 0 ? null
        : (double)Assignment.UnknownCount() / Assignment.Count;
}
