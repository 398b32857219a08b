using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Learning;

/// <summary>Per-centre phase probabilities of one frame: row i belongs to atom <c>Centres[i]</c>.</summary>
public sealed class PhaseAssignment(int[] centres, float[] probabilities, IReadOnlyList<string> classes)
{
    public int[] Centres { get; } = centres;
    /// <summary>Centres × classes, row-major; each row sums to 1.</summary>
    public float[] Probabilities { get; } = probabilities;
    public IReadOnlyList<string> Classes { get; } = classes;

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
}

/// <summary>
/// Everything needed to classify a frame: the descriptor settings, the feature scaler, the network and the
/// class names. <see cref="ModelFile"/> saves and loads it as one JSON file.
/// </summary>
public sealed class PhaseClassifier
{
    public DescriptorSpec Descriptor { get; }
    public CentreSelection Centres { get; }
    public Scaler Scaler { get; }
    public Mlp Network { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public TrainingRecord? Training { get; }

    public PhaseClassifier(DescriptorSpec descriptor, CentreSelection centres, Scaler scaler, Mlp network,
        IReadOnlyList<string> classNames, TrainingRecord? training = null)
    {
        if (network.LayerSizes[^1] != classNames.Count)
            throw new ArgumentException($"the network has {network.LayerSizes[^1]} outputs but there are {classNames.Count} classes");
        if (scaler.Offset.Length != network.LayerSizes[0])
            throw new ArgumentException($"the scaler has {scaler.Offset.Length} features but the network takes {network.LayerSizes[0]}");
        Descriptor = descriptor;
        Centres = centres;
        Scaler = scaler;
        Network = network;
        ClassNames = classNames;
        Training = training;
    }

    public int FeatureCount => Network.LayerSizes[0];

    /// <summary>Probabilities (rows × classes) for feature rows computed elsewhere with this model's descriptor.</summary>
    public float[] PredictFeatures(ReadOnlySpan<float> features, int maxDegreeOfParallelism = -1)
    {
        if (features.Length % FeatureCount != 0)
            throw new ArgumentException($"{features.Length} values are not whole rows of {FeatureCount} features");
        int rows = features.Length / FeatureCount;
        var scaled = new float[features.Length];
        Scaler.Transform(features, scaled);
        var probabilities = new float[rows * ClassNames.Count];
        Network.PredictProbabilities(scaled, rows, probabilities, maxDegreeOfParallelism);
        return probabilities;
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
        return new PhaseAssignment(centres, _model.PredictFeatures(features, _threads), _model.ClassNames);
    }
}
