namespace ZifPhase.Learning;

/// <summary>
/// Mini-batch Adam training of an <see cref="Mlp"/> as scikit-learn's MLPClassifier (solver "adam"), with the
/// scaler fitted on the training rows. Deterministic: the same inputs and seed give bit-identical weights for any
/// MaxDegreeOfParallelism (threads split rows or output neurons; no reduction crosses threads).
/// </summary>
public static class Trainer
{
    // Independent SplitMix64 streams of the one user seed (stream 1 is the network initialisation in Mlp).
    private const ulong ShuffleStream = 2, SplitStream = 3;

    public static TrainingResult Fit(float[] features, int dimension, int[] labels, int classes, ReadOnlySpan<int> rows,
        TrainingOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension));
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), "need at least two classes");
        if (features.Length % dimension != 0)
            throw new ArgumentException($"{features.Length} values is not a whole number of rows of {dimension}", nameof(features));
        int total = features.Length / dimension;
        if (labels.Length != total) throw new ArgumentException($"{labels.Length} labels for {total} rows", nameof(labels));
        if (rows.Length == 0) throw new ArgumentException("no training rows", nameof(rows));
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)total) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} outside 0..{total - 1}");
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentException($"row {r} has label {labels[r]} outside 0..{classes - 1}", nameof(labels));
        }

        var scaler = Scaler.Fit(options.Scaler, features, dimension, rows);
        int[] fitRows = rows.ToArray();
        int[] validationRows = [];
        if (options.EarlyStopping == EarlyStopping.Validation)
            (fitRows, validationRows) = StratifiedHoldOut(fitRows, labels, classes, options.ValidationFraction, options.Seed);

        int[] layerSizes = [dimension, .. options.Hidden, classes];
        var net = new Mlp(layerSizes, options.Seed);
        int batchSize = Math.Min(options.BatchSize, fitRows.Length);
        var pass = new Backprop(net, batchSize, options.MaxDegreeOfParallelism);
        var adam = new Adam([.. net.Weights.Select(w => w.Length), .. net.Biases.Select(b => b.Length)],
            options.LearningRate, options.Beta1, options.Beta2, options.Epsilon);
        float[][] parameters = [.. net.Weights, .. net.Biases];
        float[][] gradients = [.. pass.WeightGradients, .. pass.BiasGradients];
        var shuffle = SplitMix64.ForStream(options.Seed, ShuffleStream);
        var batchLabels = new int[batchSize];
        float[] classWeights = options.ClassWeights == ClassWeighting.Balanced ? BalancedWeights(labels, fitRows, classes) : [];

        var history = new List<EpochReport>();
        double bestLoss = double.PositiveInfinity, bestValidation = double.NegativeInfinity;
        int noImprovement = 0;
        bool converged = false;
        Mlp? best = null;
        int epoch = 0;
        while (epoch < options.MaxEpochs)
        {
            cancel.ThrowIfCancellationRequested();
            if (options.Shuffle) shuffle.Shuffle(fitRows);
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < fitRows.Length; start += batchSize)
            {
                cancel.ThrowIfCancellationRequested();
                int n = Math.Min(batchSize, fitRows.Length - start);
                for (int i = 0; i < n; i++)
                {
                    int r = fitRows[start + i];
                    scaler.Transform(features.AsSpan(r * dimension, dimension), pass.Input.AsSpan(i * dimension, dimension));
                    batchLabels[i] = labels[r];
                }
                lossSum += pass.ForwardBackward(batchLabels, n, options.L2, classWeights, out int batchCorrect) * n;
                correct += batchCorrect;
                adam.Update(parameters, gradients);
            }
            epoch++;
            double loss = lossSum / fitRows.Length;
            double trainAccuracy = (double)correct / fitRows.Length;
            double? validationAccuracy = null;
            if (options.EarlyStopping == EarlyStopping.Validation)
                validationAccuracy = Accuracy(net, scaler, features, dimension, labels, validationRows, pass, batchSize);
            var report = new EpochReport(epoch, loss, trainAccuracy, validationAccuracy);
            history.Add(report);
            progress?.Report(report);
            if (!double.IsFinite(loss)) throw new InvalidOperationException($"training diverged at epoch {epoch} (loss {loss})");

            if (options.EarlyStopping == EarlyStopping.TrainingLoss)
            {
                // sklearn MLP._update_no_improvement_count, early_stopping=False
                if (loss > bestLoss - options.Tolerance) noImprovement++;
                else noImprovement = 0;
                if (loss < bestLoss) bestLoss = loss;
            }
            else if (options.EarlyStopping == EarlyStopping.Validation)
            {
                double score = validationAccuracy!.Value;
                if (score < bestValidation + options.Tolerance) noImprovement++;
                else noImprovement = 0;
                if (score > bestValidation)
                {
                    bestValidation = score;
                    best = net.Clone();
                }
            }
            if (options.EarlyStopping != EarlyStopping.None && noImprovement > options.Patience)
            {
                converged = true;
                break;
            }
        }
        var result = best ?? net;
        return new TrainingResult(result, scaler, history, epoch, converged);
    }

    /// <summary>Weights n/(k·n_c) per class over the given rows (k: classes with rows; a class without rows gets 0).</summary>
    public static float[] BalancedWeights(int[] labels, ReadOnlySpan<int> rows, int classes)
    {
        var counts = new long[classes];
        foreach (int r in rows) counts[labels[r]]++;
        int present = counts.Count(c => c > 0);
        var w = new float[classes];
        for (int c = 0; c < classes; c++) w[c] = counts[c] == 0 ? 0f : (float)((double)rows.Length / (present * counts[c]));
        return w;
    }

    /// <summary>
    /// A one-line warning when the largest class has more than <paramref name="ratio"/> times the rows of the smallest
    /// (among classes with rows); null otherwise.
    /// </summary>
    public static string? ImbalanceWarning(int[] labels, ReadOnlySpan<int> rows, IReadOnlyList<string> classNames, double ratio = 3)
    {
        var counts = new long[classNames.Count];
        foreach (int r in rows) counts[labels[r]]++;
        int most = -1, least = -1;
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0) continue;
            if (most < 0 || counts[c] > counts[most]) most = c;
            if (least < 0 || counts[c] < counts[least]) least = c;
        }
        if (most < 0 || counts[most] <= ratio * counts[least]) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return string.Create(inv, $"classes are imbalanced: {classNames[most]} has {counts[most]:N0} training rows, {classNames[least]} {counts[least]:N0} ({(double)counts[most] / counts[least]:F1}×); accuracy favours the large class, read balanced accuracy and per-class recall");
    }

    /// <summary>
    /// Per class, a seeded shuffle of its rows and round(fraction × count) of them held out (at least one row stays in
    /// training per class; at least one row is held out overall). Both outputs keep the input order.
    /// </summary>
    internal static (int[] Fit, int[] Validation) StratifiedHoldOut(int[] rows, int[] labels, int classes, double fraction, int seed)
    {
        var rng = SplitMix64.ForStream(seed, SplitStream);
        var byClass = new List<int>[classes];
        for (int c = 0; c < classes; c++) byClass[c] = [];
        for (int i = 0; i < rows.Length; i++) byClass[labels[rows[i]]].Add(i);
        var held = new bool[rows.Length];
        int heldCount = 0;
        int largest = -1;
        for (int c = 0; c < classes; c++)
        {
            var members = byClass[c];
            if (members.Count == 0) continue;
            if (largest < 0 || members.Count > byClass[largest].Count) largest = c;
            var order = members.ToArray();
            rng.Shuffle(order);
            int take = Math.Min(members.Count - 1, (int)Math.Round(fraction * members.Count, MidpointRounding.ToEven));
            for (int j = 0; j < take; j++) { held[order[j]] = true; heldCount++; }
        }
        if (heldCount == 0)
        {
            if (byClass[largest].Count < 2) throw new ArgumentException("too few training rows for a validation hold-out");
            held[byClass[largest][rng.NextInt(byClass[largest].Count)]] = true;
            heldCount = 1;
        }
        var fit = new int[rows.Length - heldCount];
        var validation = new int[heldCount];
        for (int i = 0, f = 0, v = 0; i < rows.Length; i++)
        {
            if (held[i]) validation[v++] = rows[i];
            else fit[f++] = rows[i];
        }
        return (fit, validation);
    }

    private static double Accuracy(Mlp net, Scaler scaler, float[] features, int dimension, int[] labels, int[] rows,
        Backprop pass, int batchSize)
    {
        int classes = net.Classes;
        long correct = 0;
        for (int start = 0; start < rows.Length; start += batchSize)
        {
            int n = Math.Min(batchSize, rows.Length - start);
            for (int i = 0; i < n; i++)
                scaler.Transform(features.AsSpan(rows[start + i] * dimension, dimension), pass.Input.AsSpan(i * dimension, dimension));
            pass.Forward(n);
            var p = pass.Probabilities;
            for (int i = 0; i < n; i++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
                if (best == labels[rows[start + i]]) correct++;
            }
        }
        return (double)correct / rows.Length;
    }
}
