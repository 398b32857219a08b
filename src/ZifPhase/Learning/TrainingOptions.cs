namespace ZifPhase.Learning;

public enum EarlyStopping
{
    /// <summary>Always run MaxEpochs.</summary>
    None,
    /// <summary>scikit-learn's default: stop when the epoch loss has not improved on the best by Tolerance for more than Patience epochs.</summary>
    TrainingLoss,
    /// <summary>scikit-learn's early_stopping=True: hold out ValidationFraction (stratified), stop on validation accuracy, keep the best weights.</summary>
    Validation,
}

public enum ClassWeighting
{
    /// <summary>Every row counts once (scikit-learn's MLPClassifier, the paper).</summary>
    None,
    /// <summary>Row of class c weighted n/(k·n_c) in the loss (n training rows, k classes with rows, n_c rows of c):
    /// every class weighs the same in total, scikit-learn's class_weight="balanced".</summary>
    Balanced,
}

public sealed record TrainingOptions
{
    /// <summary>Loss weights per class. None here keeps the presets equal to scikit-learn's MLPClassifier; the CLI's
    /// train and experiment default to Balanced.</summary>
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.None;
    public IReadOnlyList<int> Hidden { get; init; } = [100];
    public int MaxEpochs { get; init; } = 200;
    public int BatchSize { get; init; } = 200;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>scikit-learn's alpha: each batch adds alpha/(2·n_batch)·Σw² to the loss and alpha·W/n_batch to the weight gradient (not to biases).</summary>
    public double L2 { get; init; } = 1e-4;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    public bool Shuffle { get; init; } = true;
    public EarlyStopping EarlyStopping { get; init; } = EarlyStopping.TrainingLoss;
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>scikit-learn's n_iter_no_change.</summary>
    public int Patience { get; init; } = 10;
    public double ValidationFraction { get; init; } = 0.1;
    public ScalerKind Scaler { get; init; } = ScalerKind.Standard;
    public int Seed { get; init; } = 0;
    public int MaxDegreeOfParallelism { get; init; } = -1;

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

    public static IReadOnlyList<string> PresetNames { get; } = ["paper-soap", "paper-bpsf"];

    public static TrainingOptions Preset(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "paper-soap" => PaperSoap,
        "paper-bpsf" => PaperBpsf,
        _ => throw new UsageException($"unknown training preset '{name}'{Spelling.DidYouMean(name ?? "", PresetNames)}; known: {string.Join(", ", PresetNames)}"),
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
    }
}

public sealed record EpochReport(int Epoch, double Loss, double TrainAccuracy, double? ValidationAccuracy);

/// <summary>
/// Converged is true when the early-stopping rule ended training before MaxEpochs (false for EarlyStopping.None,
/// like scikit-learn's ConvergenceWarning at max_iter).
/// </summary>
public sealed record TrainingResult(Mlp Network, Scaler Scaler, IReadOnlyList<EpochReport> History, int Epochs, bool Converged);
