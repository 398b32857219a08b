using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Learning;

/// <summary>
/// Per-centre phase probabilities of one frame: row i belongs to atom <c>Centres[i]</c>. With an ensemble the
/// probabilities are the members' mean and <see cref="Spread"/> says how far the members disagree; with a novelty
/// detector <see cref="Novelty"/> holds each centre's score and <see cref="IsUnknown"/> says whether it lies outside
/// everything the model was trained on.
/// </summary>
public sealed class PhaseAssignment
{
    public PhaseAssignment(int[] centres, float[] probabilities, IReadOnlyList<string> classes)
        : this(centres, probabilities, classes, null, null, null)
    {
    }

    /// <param name="spread">Per centre, the standard deviation across members of the probability of the chosen class (null: zeros).</param>
    /// <param name="novelty">Per centre, the novelty score (null: zeros, no detector).</param>
    /// <param name="noveltyThreshold">Scores above it are "unknown"; null when the model has no detector.</param>
    public PhaseAssignment(int[] centres, float[] probabilities, IReadOnlyList<string> classes, float[]? spread, double[]? novelty, double? noveltyThreshold)
    {
        Centres = centres;
        Probabilities = probabilities;
        Classes = classes;
        Spread = spread ?? new float[centres.Length];
        Novelty = novelty ?? new double[centres.Length];
        NoveltyThreshold = novelty is null ? null : noveltyThreshold;
        if (Spread.Length != centres.Length || Novelty.Length != centres.Length)
            throw new ArgumentException("spread and novelty need one value per centre");
    }

    public int[] Centres { get; }
    /// <summary>Centres × classes, row-major; each row sums to 1 (the mean over ensemble members).</summary>
    public float[] Probabilities { get; }
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Per centre: the standard deviation (over the K members, divided by K) of the probability of the
    /// chosen class <see cref="Label"/>; 0 for a single network.</summary>
    public float[] Spread { get; }
    /// <summary>Per centre: the novelty score (<see cref="NoveltyDetector"/>, a Mahalanobis distance); 0 without a detector.</summary>
    public double[] Novelty { get; }
    /// <summary>The detector's threshold; null when the model has none (then no centre is unknown).</summary>
    public double? NoveltyThreshold { get; }

    public ReadOnlySpan<float> Row(int i) => Probabilities.AsSpan(i * Classes.Count, Classes.Count);

    /// <summary>Most probable class of centre i (the first on ties).</summary>
    public int Label(int i)
    {
        var row = Row(i);
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }

    public float MaxProbability(int i) => Row(i)[Label(i)];

    /// <summary>Whether centre i's novelty score is above the detector's threshold (never without a detector).</summary>
    public bool IsUnknown(int i) => NoveltyThreshold is { } t && Novelty[i] > t;

    /// <summary>Whether centre i is "uncertain": not unknown, and its highest probability below the threshold.</summary>
    public bool IsUncertain(int i, double threshold) => !IsUnknown(i) && MaxProbability(i) < threshold;

    /// <summary>Number of unknown centres.</summary>
    public int UnknownCount()
    {
        int n = 0;
        for (int i = 0; i < Centres.Length; i++) if (IsUnknown(i)) n++;
        return n;
    }
}

/// <summary>
/// Everything needed to classify a frame: the descriptor settings, the feature scaler, the networks (one, or the
/// K members of an ensemble, whose probabilities are averaged), an optional novelty detector and the class names.
/// <see cref="ModelFile"/> saves and loads it as one JSON file.
/// </summary>
public sealed class PhaseClassifier
{
    public DescriptorSpec Descriptor { get; }
    public CentreSelection Centres { get; }
    public Scaler Scaler { get; }
    /// <summary>The ensemble's networks (one for a single model); all map the same features to the same classes.</summary>
    public IReadOnlyList<Mlp> Members { get; }
    /// <summary>Member 0 (the network a single model trained with the same seed would have).</summary>
    public Mlp Network => Members[0];
    /// <summary>The "unknown" detector, or null: then no centre is ever unknown.</summary>
    public NoveltyDetector? Novelty { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public TrainingRecord? Training { get; }

    public PhaseClassifier(DescriptorSpec descriptor, CentreSelection centres, Scaler scaler, Mlp network,
        IReadOnlyList<string> classNames, TrainingRecord? training = null)
        : this(descriptor, centres, scaler, [network], classNames, null, training)
    {
    }

    public PhaseClassifier(DescriptorSpec descriptor, CentreSelection centres, Scaler scaler, IReadOnlyList<Mlp> members,
        IReadOnlyList<string> classNames, NoveltyDetector? novelty, TrainingRecord? training = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("a classifier needs at least one network");
        foreach (var network in members)
        {
            if (network.LayerSizes[^1] != classNames.Count)
                throw new ArgumentException($"the network has {network.LayerSizes[^1]} outputs but there are {classNames.Count} classes");
            if (scaler.Offset.Length != network.LayerSizes[0])
                throw new ArgumentException($"the scaler has {scaler.Offset.Length} features but the network takes {network.LayerSizes[0]}");
        }
        if (novelty is not null)
        {
            int expected = novelty.Space == NoveltySpace.Hidden ? members[0].LastHiddenWidth : members[0].InputDimension;
            if (novelty.Dimension != expected)
                throw new ArgumentException($"the novelty detector ({novelty.Space}) takes {novelty.Dimension} values but the {(novelty.Space == NoveltySpace.Hidden ? "last hidden layer of member 0 has" : "network takes")} {expected}");
            if (novelty.Classes.Any(c => (uint)c >= (uint)classNames.Count))
                throw new ArgumentException("the novelty detector names a class the model does not have");
        }
        Descriptor = descriptor;
        Centres = centres;
        Scaler = scaler;
        Members = [.. members];
        Novelty = novelty;
        ClassNames = classNames;
        Training = training;
    }

    /// <summary>The classifier of a training result: all its members, its scaler and its detector.</summary>
    public static PhaseClassifier FromTraining(TrainingResult result, DescriptorSpec descriptor, CentreSelection centres,
        IReadOnlyList<string> classNames, TrainingRecord? training = null) =>
        new(descriptor, centres, result.Scaler, result.Members, classNames, result.Novelty, training);

    /// <summary>The same classifier with another training record.</summary>
    public PhaseClassifier WithTraining(TrainingRecord? training) => new(Descriptor, Centres, Scaler, Members, ClassNames, Novelty, training);

    public int FeatureCount => Network.LayerSizes[0];

    /// <summary>Probabilities (rows × classes) for feature rows computed elsewhere with this model's descriptor.</summary>
    public float[] PredictFeatures(ReadOnlySpan<float> features, int maxDegreeOfParallelism = -1) =>
        Assign(features, null, maxDegreeOfParallelism).Probabilities;

    /// <summary>
    /// The full answer for feature rows (rows × FeatureCount): mean probabilities over members, their spread, and the
    /// novelty scores. <paramref name="centres"/> names the rows (null: 0..rows−1).
    /// </summary>
    public PhaseAssignment Assign(ReadOnlySpan<float> features, int[]? centres, int maxDegreeOfParallelism = -1)
    {
        if (features.Length % FeatureCount != 0)
            throw new ArgumentException($"{features.Length} values are not whole rows of {FeatureCount} features");
        int rows = features.Length / FeatureCount;
        centres ??= Enumerable.Range(0, rows).ToArray();
        if (centres.Length != rows) throw new ArgumentException($"{centres.Length} centres for {rows} rows");
        int k = ClassNames.Count;
        var scaled = new float[features.Length];
        Scaler.Transform(features, scaled);
        var probabilities = new float[rows * k];
        float[]? spread = null;
        if (Members.Count == 1) Network.PredictProbabilities(scaled, rows, probabilities, maxDegreeOfParallelism);
        else
        {
            // Mean over members in member order (deterministic), then the spread of the chosen class.
            var each = new float[Members.Count][];
            var sum = new double[rows * k];
            for (int m = 0; m < Members.Count; m++)
            {
                each[m] = new float[rows * k];
                Members[m].PredictProbabilities(scaled, rows, each[m], maxDegreeOfParallelism);
                for (int j = 0; j < sum.Length; j++) sum[j] += each[m][j];
            }
            for (int j = 0; j < sum.Length; j++) probabilities[j] = (float)(sum[j] / Members.Count);
            spread = new float[rows];
            for (int i = 0; i < rows; i++)
            {
                int best = 0;
                for (int c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
                double mean = sum[i * k + best] / Members.Count, variance = 0;
                for (int m = 0; m < Members.Count; m++)
                {
                    double d = each[m][i * k + best] - mean;
                    variance += d * d;
                }
                spread[i] = (float)Math.Sqrt(variance / Members.Count);
            }
        }
        double[]? novelty = null;
        if (Novelty is { } detector)
        {
            novelty = new double[rows];
            if (detector.Space == NoveltySpace.Descriptor) detector.Scores(scaled, novelty, maxDegreeOfParallelism);
            else
            {
                var hidden = new float[rows * Network.LastHiddenWidth];
                Network.LastHidden(scaled, rows, hidden, maxDegreeOfParallelism);
                detector.Scores(hidden, novelty, maxDegreeOfParallelism);
            }
        }
        return new PhaseAssignment(centres, probabilities, ClassNames, spread, novelty, Novelty?.Threshold);
    }

    /// <summary>Per-centre phase probabilities of one frame (for many frames, reuse <see cref="ForFrames"/>).</summary>
    public PhaseAssignment Classify(Frame frame, int maxDegreeOfParallelism = -1) => ForFrames(maxDegreeOfParallelism).Classify(frame);

    /// <summary>A reusable per-frame classifier (holds the descriptor and buffers; not thread-safe).</summary>
    public FrameClassifier ForFrames(int maxDegreeOfParallelism = -1) => new(this, maxDegreeOfParallelism);
}

/// <summary>Classifies frame after frame with one descriptor instance and reused buffers.</summary>
public sealed class FrameClassifier
{
    private readonly PhaseClassifier _model;
    private readonly FrameDescriber _describer;
    private readonly int _threads;
    private float[] _features = [];

    internal FrameClassifier(PhaseClassifier model, int maxDegreeOfParallelism)
    {
        _model = model;
        _threads = maxDegreeOfParallelism;
        var descriptor = model.Descriptor.Create(maxDegreeOfParallelism);
        if (descriptor.Dimension != model.FeatureCount)
            throw new InvalidOperationException($"the model's descriptor gives {descriptor.Dimension} features but its network takes {model.FeatureCount}");
        _describer = new FrameDescriber(descriptor, model.Centres, maxDegreeOfParallelism);
    }

    /// <summary>
    /// Probabilities for every centre of the frame. A frame without centre atoms, or without an element the
    /// model's descriptor was trained with, is an error: its rows would mean nothing.
    /// </summary>
    public PhaseAssignment Classify(Frame frame)
    {
        var centres = _model.Centres.Resolve(frame);
        if (centres.Length == 0)
            throw new InputException(frame.Source, frame.Index, null, $"the frame has no centre atom ({_model.Centres}) to classify");
        var present = new HashSet<Element>(frame.Elements);
        var missing = _model.Descriptor.SortedSpecies.Where(e => !present.Contains(e)).Select(e => e.Symbol).ToArray();
        if (missing.Length > 0)
            throw new InputException(frame.Source, frame.Index, null,
                $"the model's descriptor needs {string.Join(", ", _model.Descriptor.SortedSpecies.Select(e => e.Symbol))} but the frame has no {string.Join(", ", missing)} (wrong --types map, or a file with some elements stripped?)");
        var rows = _describer.Compute(frame, centres);
        if (_features.Length < rows.Length) _features = new float[rows.Length];
        var features = _features.AsSpan(0, rows.Length);
        for (int i = 0; i < rows.Length; i++) features[i] = (float)rows[i];
        return _model.Assign(features, centres, _threads);
    }
}
