namespace ZifPhase.Learning;

/// <summary>When training stops before <see cref="TrainingOptions.MaxEpochs"/>.</summary>
public enum EarlyStopping
{
    /// <summary>Always run MaxEpochs.</summary>
    None,
    /// <summary>scikit-learn's default: stop when the epoch loss has not improved on the best by Tolerance for more than Patience epochs.</summary>
    TrainingLoss,
    /// <summary>scikit-learn's early_stopping=True: hold out ValidationFraction (stratified), stop on validation accuracy, keep the best weights.</summary>
    Validation,
    /// <summary>
    /// Validation grouped by run (needs each row's source and frame): per class, whole runs held out when it has two
    /// or more, else the late frames of its one run after a gap; stop on the class-weighted validation loss with
    /// Patience, then refit from scratch on all training rows for the best epoch count (<see cref="Trainer"/>).
    /// </summary>
    Run,
}

/// <summary>Data augmentation of the training mini-batches.</summary>
public sealed record Augmentation
{
    private Augmentation(double noiseSigma) => NoiseSigma = noiseSigma;

    /// <summary>Standard deviation of the Gaussian noise added to every scaled input value of every mini-batch (0: none).</summary>
    public double NoiseSigma { get; }

    /// <summary>No augmentation (σ = 0).</summary>
    public static Augmentation None { get; } = new(0);

    /// <summary>Gaussian noise N(0, σ²) added to the scaled inputs (units of the scaled features: standard deviations
    /// for the standard scaler, fractions of the training range for min-max).</summary>
    public static Augmentation Noise(double sigma) =>
        double.IsFinite(sigma) && sigma > 0 ? new(sigma) : throw new ArgumentException($"the noise σ must be a positive number, not {sigma}");

    /// <summary>Whether no noise is added.</summary>
    public bool IsNone => NoiseSigma == 0;

    /// <summary>"none" or "noise:SIGMA" (the CLI's --augment form).</summary>
    public override string ToString() => IsNone ? "none" : "noise:" + NoiseSigma.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads --augment: none, or noise:SIGMA with SIGMA a positive number; anything else is a one-line usage error.</summary>
    public static Augmentation Parse(string text)
    {
        var t = text?.Trim() ?? "";
        if (t == "none") return None;
        const string prefix = "noise:";
        if (t.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(t[prefix.Length..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double sigma)
            && double.IsFinite(sigma) && sigma > 0)
            return new(sigma);
        throw new UsageException($"--augment '{text}': use noise:SIGMA with SIGMA a positive number (e.g. noise:0.05), or none");
    }
}

/// <summary>How rows of each class weigh in the loss.</summary>
public enum ClassWeighting
{
    /// <summary>Every row counts once (scikit-learn's MLPClassifier, the paper).</summary>
    None,
    /// <summary>Row of class c weighted n/(k·n_c) in the loss (n training rows, k classes with rows, n_c rows of c):
    /// every class weighs the same in total, scikit-learn's class_weight="balanced".</summary>
    Balanced,
}

/// <summary>
/// Settings of MLP training, named as scikit-learn's MLPClassifier where they match it; the defaults are scikit-learn's.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Loss weights per class. None here keeps the presets equal to scikit-learn's MLPClassifier; the CLI's
    /// train and experiment default to Balanced.</summary>
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.None;
    /// <summary>Hidden layer widths, ReLU (scikit-learn's hidden_layer_sizes, default [100]).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [100];
    /// <summary>Epoch limit (scikit-learn's max_iter, default 200).</summary>
    public int MaxEpochs { get; init; } = 200;
    /// <summary>Rows per mini-batch (scikit-learn's batch_size, default 200).</summary>
    public int BatchSize { get; init; } = 200;
    /// <summary>Adam's base step size (scikit-learn's learning_rate_init, default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>scikit-learn's alpha: each batch adds alpha/(2·n_batch)·Σw² to the loss and alpha·W/n_batch to the weight gradient (not to biases).</summary>
    public double L2 { get; init; } = 1e-4;
    /// <summary>Adam's β1 (scikit-learn's beta_1, default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Adam's β2 (scikit-learn's beta_2, default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Adam's ε (scikit-learn's epsilon, default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>Whether the training rows are shuffled every epoch (scikit-learn's shuffle).</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>When training stops early (default: scikit-learn's training-loss rule).</summary>
    public EarlyStopping EarlyStopping { get; init; } = EarlyStopping.TrainingLoss;
    /// <summary>Least improvement of the loss (or validation score) that counts (scikit-learn's tol, default 1e-4).</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>scikit-learn's n_iter_no_change.</summary>
    public int Patience { get; init; } = 10;
    /// <summary>
    /// Share of training rows held out by EarlyStopping.Validation (0…1, scikit-learn's validation_fraction, default 0.1).
    /// </summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>Feature scaling fitted on the training rows (default standard).</summary>
    public ScalerKind Scaler { get; init; } = ScalerKind.Standard;
    /// <summary>Seed of the initialisation, the shuffling and the validation split (SplitMix64 streams).</summary>
    public int Seed { get; init; } = 0;
    /// <summary>Threads: −1 for all cores, or a positive count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
    /// <summary>K, the number of ensemble members (each its own initialisation and shuffling; 1: a single network).</summary>
    public int Ensemble { get; init; } = 1;
    /// <summary>Augmentation of the training mini-batches (default none).</summary>
    public Augmentation Augment { get; init; } = Augmentation.None;
    /// <summary>Where the "unknown" detector measures (none: no detector).</summary>
    public NoveltySpace NoveltySpace { get; init; } = NoveltySpace.Hidden;
    /// <summary>Training rows' score percentile that becomes the unknown threshold.</summary>
    public double NoveltyPercentile { get; init; } = NoveltyDetector.DefaultPercentile;
    /// <summary>λ of the covariance shrinkage Σ + λ·(tr Σ/d)·I.</summary>
    public double NoveltyShrinkage { get; init; } = NoveltyDetector.DefaultShrinkage;
    /// <summary>EarlyStopping.Run: share of a class's runs (or of its one run's frames) held out for validation.</summary>
    public double RunValidationFraction { get; init; } = 0.2;
    /// <summary>EarlyStopping.Run, a class with one run: trajectory frames left out between its training and validation frames.</summary>
    public int RunValidationGapFrames { get; init; } = 4;

    /// <summary>The paper's SOAP classifier = scikit-learn MLPClassifier defaults with max_iter 1000: 100 ReLU, Adam lr 1e-3, alpha 1e-4, batch 200, training-loss stop (tol 1e-4, 10 epochs), standard scaler.</summary>
    public static TrainingOptions PaperSoap { get; } = new()
    {
        Hidden = [100],
        MaxEpochs = 1000,
        BatchSize = 200,
        LearningRate = 1e-3,
        L2 = 1e-4,
        EarlyStopping = EarlyStopping.TrainingLoss,
        Tolerance = 1e-4,
        Patience = 10,
        Scaler = ScalerKind.Standard,
    };

    /// <summary>
    /// The paper's BPSF classifier (Keras): 24 ReLU, 350 epochs, no early stopping, min-max scaled inputs, Adam lr 1e-3,
    /// batch 200. L2 = 0 because Keras Dense layers have no weight penalty by default.
    /// </summary>
    public static TrainingOptions PaperBpsf { get; } = new()
    {
        Hidden = [24],
        MaxEpochs = 350,
        BatchSize = 200,
        LearningRate = 1e-3,
        L2 = 0,
        EarlyStopping = EarlyStopping.None,
        Scaler = ScalerKind.MinMax,
    };

    internal void Validate()
    {
        if (Hidden is null) throw new ArgumentException("Hidden must not be null");
        foreach (int h in Hidden)
            if (h <= 0) throw new ArgumentException($"hidden layer sizes must be positive, got {h}");
        if (MaxEpochs < 0) throw new ArgumentException("MaxEpochs must be ≥ 0");
        if (BatchSize <= 0) throw new ArgumentException("BatchSize must be positive");
        if (!(LearningRate > 0)) throw new ArgumentException("LearningRate must be positive");
        if (!(L2 >= 0)) throw new ArgumentException("L2 must be ≥ 0");
        if (!(Tolerance >= 0)) throw new ArgumentException("Tolerance must be ≥ 0");
        if (Patience < 0) throw new ArgumentException("Patience must be ≥ 0");
        if (EarlyStopping == EarlyStopping.Validation && !(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentException("ValidationFraction must be in (0, 1) for validation early stopping");
        if (Ensemble < 1) throw new ArgumentException("Ensemble must be ≥ 1");
        if (Augment is null) throw new ArgumentException("Augment must not be null (Augmentation.None)");
        if (!(NoveltyPercentile > 0 && NoveltyPercentile <= 100)) throw new ArgumentException("NoveltyPercentile must be in (0, 100]");
        if (!(NoveltyShrinkage > 0)) throw new ArgumentException("NoveltyShrinkage must be positive");
        if (!(RunValidationFraction > 0 && RunValidationFraction < 1)) throw new ArgumentException("RunValidationFraction must be in (0, 1)");
        if (RunValidationGapFrames < 0) throw new ArgumentException("RunValidationGapFrames must be ≥ 0");
    }

    /// <summary>The CLI names of the early-stopping modes: none, loss (scikit-learn's training-loss rule), run.</summary>
    public static IReadOnlyList<string> EarlyStoppingNames { get; } = ["loss", "run", "none"];

    /// <summary>Reads --early-stopping: loss, run or none.</summary>
    /// <exception cref="UsageException">Any other text.</exception>
    public static EarlyStopping ParseEarlyStopping(string text) => text switch
    {
        "loss" => EarlyStopping.TrainingLoss,
        "run" => EarlyStopping.Run,
        "none" => EarlyStopping.None,
        _ => throw new UsageException($"--early-stopping '{text}': use loss, run or none"),
    };

    /// <summary>The CLI name of a mode: loss, run, validation or none.</summary>
    public static string EarlyStoppingName(EarlyStopping e) => e switch
    {
        EarlyStopping.TrainingLoss => "loss",
        EarlyStopping.Run => "run",
        EarlyStopping.Validation => "validation",
        _ => "none",
    };

    /// <summary>Reads --novelty: hidden, descriptor or none.</summary>
    /// <exception cref="UsageException">Any other text.</exception>
    public static NoveltySpace ParseNoveltySpace(string text) => text switch
    {
        "hidden" => NoveltySpace.Hidden,
        "descriptor" => NoveltySpace.Descriptor,
        "none" => NoveltySpace.None,
        _ => throw new UsageException($"--novelty '{text}': use hidden, descriptor or none"),
    };

    /// <summary>The CLI name of a space, in lower case (hidden, descriptor, none).</summary>
    public static string NoveltySpaceName(NoveltySpace s) => s.ToString().ToLowerInvariant();
}

/// <summary>One epoch of one member's training. Member: 0..K−1. Refit: the epoch belongs to the final refit on all
/// training rows after a run-grouped search (EarlyStopping.Run); ValidationLoss: that search's validation loss.</summary>
public sealed record EpochReport(int Epoch, double Loss, double TrainAccuracy, double? ValidationAccuracy)
{
    /// <summary>Ensemble member index, 0…K−1.</summary>
    public int Member { get; init; }
    /// <summary>Whether the epoch belongs to the final refit after a run-grouped search.</summary>
    public bool Refit { get; init; }
    /// <summary>Validation loss of the run-grouped search at this epoch; null otherwise.</summary>
    public double? ValidationLoss { get; init; }
}

/// <summary>Each row's run (source index) and trajectory frame number, indexed like the labels: what
/// EarlyStopping.Run groups by.</summary>
public sealed record RowProvenance(int[] Source, int[] Frame);

/// <summary>One ensemble member's training: its network, epochs run, and for EarlyStopping.Run the best epoch of
/// the validation search and the validation balanced accuracy at that epoch.</summary>
public sealed record MemberTraining(Mlp Network, IReadOnlyList<EpochReport> History, int Epochs, bool Converged)
{
    /// <summary>EarlyStopping.Run: the epoch count with the lowest validation loss; null otherwise.</summary>
    public int? BestEpoch { get; init; }
    /// <summary>EarlyStopping.Run: validation balanced accuracy (0…1) at <see cref="BestEpoch"/>; null otherwise.</summary>
    public double? ValidationBalancedAccuracy { get; init; }
}

/// <summary>
/// Converged is true when the early-stopping rule ended training before MaxEpochs (false for EarlyStopping.None,
/// like scikit-learn's ConvergenceWarning at max_iter).
/// Network, History, Epochs and Converged are member 0's; <see cref="Members"/> holds every member's network.
/// </summary>
public sealed record TrainingResult(Mlp Network, Scaler Scaler, IReadOnlyList<EpochReport> History, int Epochs, bool Converged)
{
    private readonly IReadOnlyList<Mlp>? _members;

    /// <summary>The ensemble's networks, member 0 first (just Network for a single model).</summary>
    public IReadOnlyList<Mlp> Members { get => _members ?? [Network]; init => _members = value; }
    /// <summary>Per member: epochs, best epoch and validation balanced accuracy (one entry for a single model).</summary>
    public IReadOnlyList<MemberTraining> MemberTrainings { get; init; } = [];
    /// <summary>The "unknown" detector calibrated on the training rows; null for NoveltySpace.None.</summary>
    public NoveltyDetector? Novelty { get; init; }
    /// <summary>A one-line notice for the user (e.g. run-grouped early stopping had nothing to hold out), or null.</summary>
    public string? Notice { get; init; }
}
