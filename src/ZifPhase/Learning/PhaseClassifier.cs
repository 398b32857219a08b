using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Learning;

/// <summary>
/// Phase probabilities, one row per answer. For a frame (<see cref="FrameClassifier.Classify"/>) row i belongs to
/// atom <c>Centres[i]</c>; for feature rows computed elsewhere (<see cref="PhaseClassifier.Assign"/>: evaluation on
/// a dataset, predict on a feature matrix) row i is row <c>Rows[i]</c> of that matrix and there are no atoms. With
/// an ensemble the probabilities are the members' mean and <see cref="Spread"/> says how far the members disagree;
/// with a novelty detector <see cref="Novelty"/> holds each row's score and <see cref="IsUnknown"/> says whether it
/// lies outside everything the model was trained on.
/// </summary>
public sealed class PhaseAssignment
{
    /// <param name="centres">Atom index (in the frame) of each row's centre.</param>
    /// <param name="probabilities">Rows × classes, row-major.</param>
    /// <param name="classes">The class names.</param>
    public PhaseAssignment(int[] centres, float[] probabilities, IReadOnlyList<string> classes)
        : this(centres, probabilities, classes, null, null, null)
    {
    }

    /// <param name="centres">Atom index (in the frame) of each row's centre.</param>
    /// <param name="probabilities">Rows × classes, row-major.</param>
    /// <param name="classes">The class names.</param>
    /// <param name="spread">Per centre, the standard deviation across members of the probability of the chosen class (null: zeros).</param>
    /// <param name="novelty">Per centre, the novelty score (null: zeros, no detector).</param>
    /// <param name="noveltyThreshold">Scores above it are "unknown"; null when the model has no detector.</param>
    public PhaseAssignment(int[] centres, float[] probabilities, IReadOnlyList<string> classes, float[]? spread, double[]? novelty, double? noveltyThreshold)
        : this(centres, null, probabilities, classes, spread, novelty, noveltyThreshold)
    {
    }

    private PhaseAssignment(int[] centres, int[]? rows, float[] probabilities, IReadOnlyList<string> classes, float[]? spread, double[]? novelty, double? noveltyThreshold)
    {
        Centres = centres;
        Rows = rows;
        Count = rows?.Length ?? centres.Length;
        Probabilities = probabilities;
        Classes = classes;
        Spread = spread ?? new float[Count];
        Novelty = novelty ?? new double[Count];
        NoveltyThreshold = novelty is null ? null : noveltyThreshold;
        if (Spread.Length != Count || Novelty.Length != Count)
            throw new ArgumentException("spread and novelty need one value per centre");
    }

    /// <summary>The answer for feature rows: row i of it is row <paramref name="rows"/>[i] of a feature matrix; no atoms.</summary>
    public static PhaseAssignment ForRows(int[] rows, float[] probabilities, IReadOnlyList<string> classes, float[]? spread = null, double[]? novelty = null, double? noveltyThreshold = null) =>
        new([], rows, probabilities, classes, spread, novelty, noveltyThreshold);

    /// <summary>Number of rows (answers).</summary>
    public int Count { get; }
    /// <summary>For a frame: the atom index of each row's centre. Empty for an answer on feature rows (see <see cref="Rows"/>).</summary>
    public int[] Centres { get; }
    /// <summary>For feature rows (evaluation, predict): the row of the feature matrix or dataset each answer is for; null for a frame.</summary>
    public int[]? Rows { get; }
    /// <summary>Rows × classes, row-major; each row sums to 1 (the mean over ensemble members).</summary>
    public float[] Probabilities { get; }
    /// <summary>Class names, indexing the columns of <see cref="Probabilities"/>.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Per row: the standard deviation (over the K members, divided by K) of the probability of the
    /// chosen class <see cref="Label"/>; 0 for a single network.</summary>
    public float[] Spread { get; }
    /// <summary>Per row: the novelty score (<see cref="NoveltyDetector"/>, a Mahalanobis distance); 0 without a detector.</summary>
    public double[] Novelty { get; }
    /// <summary>The detector's threshold; null when the model has none (then no row is unknown).</summary>
    public double? NoveltyThreshold { get; }

    /// <summary>
    /// Class probabilities of answer row <paramref name="i"/> (one per class, summing to 1), a view into <see cref="Probabilities"/>.
    /// </summary>
    public ReadOnlySpan<float> Row(int i) => Probabilities.AsSpan(i * Classes.Count, Classes.Count);

    /// <summary>Most probable class of centre i (the first on ties).</summary>
    public int Label(int i)
    {
        var row = Row(i);
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }

    /// <summary>
    /// Highest class probability of row <paramref name="i"/> (0…1): the probability of <see cref="Label"/>.
    /// </summary>
    public float MaxProbability(int i) => Row(i)[Label(i)];

    /// <summary>Whether centre i's novelty score is above the detector's threshold (never without a detector).</summary>
    public bool IsUnknown(int i) => NoveltyThreshold is { } t && Novelty[i] > t;

    /// <summary>Whether centre i is "uncertain": not unknown, and its highest probability below the threshold.</summary>
    public bool IsUncertain(int i, double threshold) => !IsUnknown(i) && MaxProbability(i) < threshold;

    /// <summary>Number of unknown centres.</summary>
    public int UnknownCount()
    {
        int n = 0;
        for (int i = 0; i < Count; i++) if (IsUnknown(i)) n++;
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
    /// <summary>The descriptor settings the model expects its features from.</summary>
    public DescriptorSpec Descriptor { get; }
    /// <summary>Which atoms of a frame are classified (e.g. Zn).</summary>
    public CentreSelection Centres { get; }
    /// <summary>The feature scaling fitted on the training rows, applied before the networks.</summary>
    public Scaler Scaler { get; }
    /// <summary>The ensemble's networks (one for a single model); all map the same features to the same classes.</summary>
    public IReadOnlyList<Mlp> Members { get; }
    /// <summary>Member 0 (the network a single model trained with the same seed would have).</summary>
    public Mlp Network => Members[0];
    /// <summary>The "unknown" detector, or null: then no centre is ever unknown.</summary>
    public NoveltyDetector? Novelty { get; }
    /// <summary>Phase names of the output classes, in output order.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>How the model was trained, or null when unknown.</summary>
    public TrainingRecord? Training { get; }

    /// <summary>A single-network classifier without a novelty detector.</summary>
    /// <exception cref="ArgumentException">The network's outputs do not match the classes, or its inputs the scaler.</exception>
    public PhaseClassifier(DescriptorSpec descriptor, CentreSelection centres, Scaler scaler, Mlp network,
        IReadOnlyList<string> classNames, TrainingRecord? training = null)
        : this(descriptor, centres, scaler, [network], classNames, null, training)
    {
    }

    /// <summary>An ensemble classifier: <paramref name="members"/> averaged, with an optional novelty detector.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="members"/> is null.</exception>
    /// <exception cref="ArgumentException">No members, a member's outputs or inputs do not match the classes or the scaler, or the detector's dimension or classes do not match the model.</exception>
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

    /// <summary>Number of input features (the descriptor dimension) the networks take.</summary>
    public int FeatureCount => Network.LayerSizes[0];

    /// <summary>Probabilities (rows × classes) for feature rows computed elsewhere with this model's descriptor.</summary>
    public float[] PredictFeatures(ReadOnlySpan<float> features, int maxDegreeOfParallelism = -1) =>
        Assign(features, null, maxDegreeOfParallelism).Probabilities;

    /// <summary>
    /// The full answer for feature rows (rows × FeatureCount): mean probabilities over members, their spread, and the
    /// novelty scores. <paramref name="rowIndices"/> says which row of a larger matrix or dataset each row is (null:
    /// 0..rows−1); they become <see cref="PhaseAssignment.Rows"/>.
    /// </summary>
    public PhaseAssignment Assign(ReadOnlySpan<float> features, int[]? rowIndices, int maxDegreeOfParallelism = -1) =>
        Answer(features, null, rowIndices, maxDegreeOfParallelism);

    /// <summary>The answer for one frame's feature rows: row i is atom <paramref name="centres"/>[i].</summary>
    internal PhaseAssignment AssignCentres(ReadOnlySpan<float> features, int[] centres, int maxDegreeOfParallelism) =>
        Answer(features, centres, null, maxDegreeOfParallelism);

    private PhaseAssignment Answer(ReadOnlySpan<float> features, int[]? centres, int[]? rowIndices, int maxDegreeOfParallelism)
    {
        if (features.Length % FeatureCount != 0)
            throw new ArgumentException($"{features.Length} values are not whole rows of {FeatureCount} features");
        int rows = features.Length / FeatureCount;
        if (centres is null) rowIndices ??= Enumerable.Range(0, rows).ToArray();
        int named = centres?.Length ?? rowIndices!.Length;
        if (named != rows) throw new ArgumentException($"{named} {(centres is null ? "row indices" : "centres")} for {rows} rows");
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
        return centres is null
            ? PhaseAssignment.ForRows(rowIndices!, probabilities, ClassNames, spread, novelty, Novelty?.Threshold)
            : new PhaseAssignment(centres, probabilities, ClassNames, spread, novelty, Novelty?.Threshold);
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
        return _model.AssignCentres(features, centres, _threads);
    }
}
