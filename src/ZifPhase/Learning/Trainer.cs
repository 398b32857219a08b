namespace ZifPhase.Learning;

/// <summary>
/// Mini-batch Adam training of an <see cref="Mlp"/> as scikit-learn's MLPClassifier (solver "adam"), with the
/// scaler fitted on the training rows. Deterministic: the same inputs and seed give bit-identical weights for any
/// MaxDegreeOfParallelism (threads split rows or output neurons; no reduction crosses threads).
/// <para>Ensembles (<see cref="TrainingOptions.Ensemble"/> = K): member k is trained on the same rows with the same
/// scaler, initialised and shuffled from its own SplitMix64 streams of the seed; member 0 uses the streams of a single
/// network, so it equals the model a K = 1 run with the same seed gives. Members are trained one after the other.</para>
/// <para>Augmentation: Gaussian noise added to the scaled inputs of each mini-batch, drawn (Box–Muller) from the
/// member's own noise stream in batch order.</para>
/// <para>The novelty detector (<see cref="NoveltyDetector"/>) is calibrated on all training rows after training, in
/// the space the options name.</para>
/// </summary>
public static class Trainer
{
    // Independent SplitMix64 streams of the one user seed (stream 1 is the network initialisation in Mlp).
    private const ulong ShuffleStream = 2, SplitStream = 3;
    // Ensemble member k ≥ 1: streams MemberStreams + 4k (init) and + 4k + 1 (shuffle); noise of member k: + 4k + 2.
    private const ulong MemberStreams = 64;

    /// <summary>Trains on rows of a dataset, with its sources and frames as the provenance EarlyStopping.Run needs.</summary>
    /// <exception cref="ZifPhaseException">The dataset has fewer than two classes, no training rows, or a network too large to train.</exception>
    public static TrainingResult Fit(Dataset data, int[] rows, TrainingOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ClassNames.Count < 2)
            throw new ZifPhaseException($"need at least two classes to train; the dataset has {(data.ClassNames.Count == 0 ? "none" : $"only {data.ClassNames[0]}")}: give the manifest [[source]] tables of another phase");
        return Fit(data.Features, data.Dimension, data.Labels, data.ClassNames.Count, rows, options,
            new RowProvenance(data.SourceIndex, data.Frame), progress, cancel);
    }

    /// <summary>
    /// Trains on the given <paramref name="rows"/> of <paramref name="features"/> (all rows × <paramref name="dimension"/>, row-major; <paramref name="labels"/> one class index per row); no provenance, so EarlyStopping.Run is not available.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options or inconsistent arrays (EarlyStopping.Run needs the overload with provenance).</exception>
    public static TrainingResult Fit(float[] features, int dimension, int[] labels, int classes, ReadOnlySpan<int> rows,
        TrainingOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancel = default) =>
        Fit(features, dimension, labels, classes, rows, options, provenance: null, progress, cancel);

    /// <param name="provenance">Each row's source and frame (indexed like <paramref name="labels"/>); needed by EarlyStopping.Run only.</param>
    public static TrainingResult Fit(float[] features, int dimension, int[] labels, int classes, ReadOnlySpan<int> rows,
        TrainingOptions options, RowProvenance? provenance, IProgress<EpochReport>? progress = null, CancellationToken cancel = default)
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
        if (rows.Length == 0) throw new ZifPhaseException("no training rows");
        RequireTrainableSize(dimension, classes, Math.Min(options.BatchSize, rows.Length), options.Hidden);
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)total) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} outside 0..{total - 1}");
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentException($"row {r} has label {labels[r]} outside 0..{classes - 1}", nameof(labels));
        }
        if (options.EarlyStopping == EarlyStopping.Run)
        {
            if (provenance is null) throw new ArgumentException("run-grouped early stopping needs each row's source and frame (RowProvenance)");
            if (provenance.Source.Length != total || provenance.Frame.Length != total)
                throw new ArgumentException($"the provenance must have one source and frame per row ({total})");
        }

        var scaler = Scaler.Fit(options.Scaler, features, dimension, rows);
        var problem = new Problem(features, dimension, labels, classes, scaler, options, progress, cancel);
        int[] all = rows.ToArray();
        int[] runFit = [], runValidation = [];
        string? notice = null;
        var rule = options.EarlyStopping;
        if (rule == EarlyStopping.Run)
        {
            (runFit, runValidation) = RunGroupedHoldOut(all, labels, classes, provenance!, options.RunValidationFraction, options.RunValidationGapFrames, options.Seed);
            if (runValidation.Length == 0)
            {
                // Nothing to validate on: train as without early stopping, and say so.
                rule = EarlyStopping.None;
                notice = $"run-grouped early stopping found nothing to hold out (no phase has two runs, or one run with frames beyond a {options.RunValidationGapFrames}-frame gap); trained for all {options.MaxEpochs} epochs without early stopping";
            }
        }

        var members = new MemberTraining[options.Ensemble];
        for (int k = 0; k < options.Ensemble; k++)
        {
            if (rule == EarlyStopping.Run)
            {
                var search = problem.Train(k, runFit, runValidation, EarlyStopping.Run, options.MaxEpochs, refit: false);
                // Refit from scratch on every training row (no run lost) for exactly the best epoch count.
                int epochs = Math.Max(1, search.BestEpoch ?? search.Epochs);
                var final = problem.Train(k, all, [], EarlyStopping.None, epochs, refit: true);
                members[k] = final with
                {
                    History = [.. search.History, .. final.History],
                    Converged = search.Converged,
                    BestEpoch = search.BestEpoch,
                    ValidationBalancedAccuracy = search.ValidationBalancedAccuracy,
                };
            }
            else members[k] = problem.Train(k, all, [], rule, options.MaxEpochs, refit: false);
        }

        NoveltyDetector? novelty = options.NoveltySpace == NoveltySpace.None ? null
            : CalibrateNovelty(members[0].Network, features, dimension, labels, classes, scaler, all, options);
        var first = members[0];
        return new TrainingResult(first.Network, scaler, first.History, first.Epochs, first.Converged)
        {
            Members = [.. members.Select(m => m.Network)],
            MemberTrainings = members,
            Novelty = novelty,
            Notice = notice,
        };
    }

    /// <summary>
    /// Refuses hidden layers too wide to train: a layer's weights, or a batch's activations, would exceed what one
    /// array holds (<see cref="Array.MaxLength"/> values).
    /// </summary>
    /// <exception cref="ZifPhaseException">A layer is too wide.</exception>
    private static void RequireTrainableSize(int dimension, int classes, int batchRows, IReadOnlyList<int> hidden)
    {
        int[] sizes = [dimension, .. hidden, classes];
        for (int l = 1; l < sizes.Length; l++)
            if ((long)sizes[l - 1] * sizes[l] > Array.MaxLength || (long)batchRows * Math.Max(sizes[l - 1], sizes[l]) > Array.MaxLength)
                throw new ZifPhaseException($"the network {string.Join("-", sizes)} is too large to train: its layer {l} would hold more than {Array.MaxLength} weights or batch activations; use smaller hidden layers (--hidden)");
    }

    /// <summary>The detector on all training rows: their scaled descriptors, or member 0's last hidden activations.</summary>
    private static NoveltyDetector CalibrateNovelty(Mlp net, float[] features, int dimension, int[] labels, int classes, Scaler scaler,
        int[] rows, TrainingOptions options)
    {
        var scaled = new float[rows.Length * dimension];
        var rowLabels = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            scaler.Transform(features.AsSpan(rows[i] * dimension, dimension), scaled.AsSpan(i * dimension, dimension));
            rowLabels[i] = labels[rows[i]];
        }
        float[] points = scaled;
        int width = dimension;
        if (options.NoveltySpace == NoveltySpace.Hidden)
        {
            width = net.LastHiddenWidth;
            points = new float[rows.Length * width];
            net.LastHidden(scaled, rows.Length, points, options.MaxDegreeOfParallelism);
        }
        return NoveltyDetector.Fit(options.NoveltySpace, points, width, rowLabels, classes,
            options.NoveltyShrinkage, options.NoveltyPercentile, options.MaxDegreeOfParallelism);
    }

    /// <summary>What every member's training shares: the data, the scaler and the options.</summary>
    private sealed class Problem(float[] features, int dimension, int[] labels, int classes, Scaler scaler, TrainingOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancel)
    {
        /// <summary>
        /// Trains member <paramref name="member"/> from scratch on <paramref name="rows"/> for at most
        /// <paramref name="maxEpochs"/> epochs under <paramref name="rule"/> (Run: validation loss on
        /// validationRows with Patience; the best epoch is remembered, the last weights returned).
        /// </summary>
        public MemberTraining Train(int member, int[] rows, int[] validationRows, EarlyStopping rule, int maxEpochs, bool refit)
        {
            int[] fitRows = (int[])rows.Clone();
            if (rule == EarlyStopping.Validation)
                (fitRows, validationRows) = StratifiedHoldOut(fitRows, labels, classes, options.ValidationFraction, options.Seed);

            int[] layerSizes = [dimension, .. options.Hidden, classes];
            var net = member == 0 ? new Mlp(layerSizes, options.Seed)
                : new Mlp(layerSizes, SplitMix64.ForStream(options.Seed, MemberStreams + 4 * (ulong)member));
            var shuffle = SplitMix64.ForStream(options.Seed, member == 0 ? ShuffleStream : MemberStreams + 4 * (ulong)member + 1);
            var noise = new GaussianNoise(SplitMix64.ForStream(options.Seed, MemberStreams + 4 * (ulong)member + 2));
            float sigma = (float)options.Augment.NoiseSigma;
            int batchSize = Math.Min(options.BatchSize, fitRows.Length);
            var pass = new Backprop(net, batchSize, options.MaxDegreeOfParallelism);
            var adam = new Adam([.. net.Weights.Select(w => w.Length), .. net.Biases.Select(b => b.Length)],
                options.LearningRate, options.Beta1, options.Beta2, options.Epsilon);
            float[][] parameters = [.. net.Weights, .. net.Biases];
            float[][] gradients = [.. pass.WeightGradients, .. pass.BiasGradients];
            var batchLabels = new int[batchSize];
            float[] classWeights = options.ClassWeights == ClassWeighting.Balanced ? BalancedWeights(labels, fitRows, classes) : [];
            // Validation loss is weighted the way training is: balanced over the validation rows' own classes.
            float[] validationWeights = options.ClassWeights == ClassWeighting.Balanced && validationRows.Length > 0
                ? BalancedWeights(labels, validationRows, classes) : [];

            var history = new List<EpochReport>();
            double bestLoss = double.PositiveInfinity, bestValidation = double.NegativeInfinity;
            int noImprovement = 0, bestEpoch = 0;
            double? bestBalanced = null;
            bool converged = false;
            Mlp? best = null;
            int epoch = 0;
            while (epoch < maxEpochs)
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
                    if (sigma > 0)
                    {
                        var input = pass.Input.AsSpan(0, n * dimension);
                        for (int j = 0; j < input.Length; j++) input[j] += sigma * (float)noise.Next();
                    }
                    lossSum += pass.ForwardBackward(batchLabels, n, options.L2, classWeights, out int batchCorrect) * n;
                    correct += batchCorrect;
                    adam.Update(parameters, gradients);
                }
                epoch++;
                double loss = lossSum / fitRows.Length;
                double trainAccuracy = (double)correct / fitRows.Length;
                double? validationAccuracy = null, validationLoss = null, validationBalanced = null;
                if (rule is EarlyStopping.Validation or EarlyStopping.Run)
                {
                    var v = Validate(net, validationRows, validationWeights, pass, batchSize);
                    (validationAccuracy, validationLoss, validationBalanced) = (v.Accuracy, v.Loss, v.BalancedAccuracy);
                }
                var report = new EpochReport(epoch, loss, trainAccuracy, validationAccuracy) { Member = member, Refit = refit, ValidationLoss = validationLoss };
                history.Add(report);
                progress?.Report(report);
                if (!double.IsFinite(loss)) throw new ZifPhaseException($"training diverged at epoch {epoch} (loss {loss})");

                if (rule == EarlyStopping.TrainingLoss)
                {
                    // sklearn MLP._update_no_improvement_count, early_stopping=False
                    if (loss > bestLoss - options.Tolerance) noImprovement++;
                    else noImprovement = 0;
                    if (loss < bestLoss) bestLoss = loss;
                }
                else if (rule == EarlyStopping.Validation)
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
                else if (rule == EarlyStopping.Run)
                {
                    // The training-loss rule applied to the validation loss; the best epoch is the lowest loss.
                    double vl = validationLoss!.Value;
                    if (vl > bestLoss - options.Tolerance) noImprovement++;
                    else noImprovement = 0;
                    if (vl < bestLoss)
                    {
                        bestLoss = vl;
                        bestEpoch = epoch;
                        bestBalanced = validationBalanced;
                    }
                }
                if (rule != EarlyStopping.None && noImprovement > options.Patience)
                {
                    converged = true;
                    break;
                }
            }
            return new MemberTraining(best ?? net, history, epoch, converged)
            {
                BestEpoch = rule == EarlyStopping.Run ? bestEpoch : null,
                ValidationBalancedAccuracy = bestBalanced,
            };
        }

        /// <summary>Accuracy, weighted mean cross-entropy (weights per class, empty: 1) and balanced accuracy on rows.</summary>
        private (double Accuracy, double Loss, double BalancedAccuracy) Validate(Mlp net, int[] rows, float[] weights, Backprop pass, int batchSize)
        {
            const float eps = 1.1920929E-07f; // as Backprop's clipping
            long correct = 0;
            double loss = 0;
            var perClass = new long[classes];
            var perClassCorrect = new long[classes];
            for (int start = 0; start < rows.Length; start += batchSize)
            {
                int n = Math.Min(batchSize, rows.Length - start);
                for (int i = 0; i < n; i++)
                    scaler.Transform(features.AsSpan(rows[start + i] * dimension, dimension), pass.Input.AsSpan(i * dimension, dimension));
                pass.Forward(n);
                var p = pass.Probabilities;
                for (int i = 0; i < n; i++)
                {
                    int y = labels[rows[start + i]];
                    int bestClass = 0;
                    for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + bestClass]) bestClass = c;
                    perClass[y]++;
                    if (bestClass == y) { correct++; perClassCorrect[y]++; }
                    float w = weights.Length == 0 ? 1f : weights[y];
                    loss -= w * Math.Log(Math.Clamp(p[i * classes + y], eps, 1f - eps));
                }
            }
            double recall = 0;
            int present = 0;
            for (int c = 0; c < classes; c++)
                if (perClass[c] > 0) { recall += (double)perClassCorrect[c] / perClass[c]; present++; }
            return ((double)correct / rows.Length, loss / rows.Length, present == 0 ? 0 : recall / present);
        }
    }

    /// <summary>
    /// The validation rows of EarlyStopping.Run, grouped by run so that no validation row has a near-copy in training.
    /// Per class (in label order), over the sources of its training rows: with two or more sources, a seeded shuffle
    /// of them (ascending source index first) and round(fraction·n) (at least 1, at most n − 1) whole sources held out;
    /// with one source of two or more frames, its last round(fraction·frames) (at least 1) frames held out and the
    /// frames within <paramref name="gapFrames"/> trajectory frames before the first of them left out of both sets (if
    /// that would leave the class no training frame, nothing of it is held out). A class with one single-frame source
    /// stays in training. Both outputs keep the input order; when nothing can be held out, Fit is every row and
    /// Validation empty.
    /// </summary>
    internal static (int[] Fit, int[] Validation) RunGroupedHoldOut(int[] rows, int[] labels, int classes, RowProvenance provenance,
        double fraction, int gapFrames, int seed)
    {
        var rng = SplitMix64.ForStream(seed, SplitStream);
        var sourcesOf = new SortedSet<int>[classes];
        for (int c = 0; c < classes; c++) sourcesOf[c] = [];
        foreach (int r in rows) sourcesOf[labels[r]].Add(provenance.Source[r]);
        // Per class: the held-out sources, or for a one-source class the first held-out frame and the last training frame.
        var heldSources = new HashSet<int>[classes];
        var testFrom = new int[classes];
        var trainTo = new int[classes];
        for (int c = 0; c < classes; c++)
        {
            heldSources[c] = [];
            testFrom[c] = int.MaxValue;
            trainTo[c] = int.MaxValue;
            var sources = sourcesOf[c].ToArray();
            if (sources.Length >= 2)
            {
                rng.Shuffle(sources);
                int k = Math.Clamp((int)Math.Round(fraction * sources.Length, MidpointRounding.AwayFromZero), 1, sources.Length - 1);
                for (int j = 0; j < k; j++) heldSources[c].Add(sources[j]);
            }
            else if (sources.Length == 1)
            {
                var frames = new SortedSet<int>();
                foreach (int r in rows) if (labels[r] == c) frames.Add(provenance.Frame[r]);
                if (frames.Count < 2) continue;
                int k = Math.Clamp((int)Math.Round(fraction * frames.Count, MidpointRounding.AwayFromZero), 1, frames.Count - 1);
                int first = frames.ElementAt(frames.Count - k);
                if (frames.Min > first - gapFrames - 1) continue; // the gap would leave no training frame
                testFrom[c] = first;
                trainTo[c] = first - gapFrames - 1;
            }
        }
        var fit = new List<int>(rows.Length);
        var validation = new List<int>();
        foreach (int r in rows)
        {
            int c = labels[r], f = provenance.Frame[r];
            if (heldSources[c].Contains(provenance.Source[r]) || f >= testFrom[c]) validation.Add(r);
            else if (f <= trainTo[c]) fit.Add(r);
        }
        if (validation.Count == 0) return (rows, []);
        return ([.. fit], [.. validation]);
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
            if (byClass[largest].Count < 2) throw new ZifPhaseException("too few training rows for a validation hold-out");
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

    /// <summary>Standard normal deviates by the Box–Muller transform (both of each pair used), from a SplitMix64 stream.</summary>
    private struct GaussianNoise(SplitMix64 rng)
    {
        private SplitMix64 _rng = rng;
        private double _spare;
        private bool _hasSpare;

        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            double u1 = 1.0 - _rng.NextDouble(), u2 = _rng.NextDouble(); // u1 in (0, 1]
            double radius = Math.Sqrt(-2.0 * Math.Log(u1)), angle = 2.0 * Math.PI * u2;
            _spare = radius * Math.Sin(angle);
            _hasSpare = true;
            return radius * Math.Cos(angle);
        }
    }
}
