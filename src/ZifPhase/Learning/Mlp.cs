namespace ZifPhase.Learning;

/// <summary>
/// A fully connected network: ReLU hidden layers, softmax output. Layer l maps LayerSizes[l] inputs to
/// LayerSizes[l+1] outputs with Weights[l] (out × in, row-major) and Biases[l].
/// </summary>
public sealed class Mlp
{
    private const int PredictChunkRows = 256;

    /// <summary>Width of every layer, input first and classes last (e.g. [12, 24, 7]).</summary>
    public IReadOnlyList<int> LayerSizes { get; }
    /// <summary>Per layer l, its weights: LayerSizes[l+1] × LayerSizes[l], row-major (out × in), float32.</summary>
    public float[][] Weights { get; }
    /// <summary>Per layer l, its biases: LayerSizes[l+1] values, float32.</summary>
    public float[][] Biases { get; }
    /// <summary>Number of input features (LayerSizes[0]).</summary>
    public int InputDimension => LayerSizes[0];
    /// <summary>Number of output classes (the last layer size).</summary>
    public int Classes => LayerSizes[^1];
    /// <summary>Number of weight layers (LayerSizes.Count − 1).</summary>
    public int LayerCount => Weights.Length;

    /// <summary>
    /// Glorot-uniform initialisation as scikit-learn's MLPClassifier (ReLU): for each layer in order, weights then
    /// biases drawn from U(−b, b) with b = √(6 / (fan_in + fan_out)), from a SplitMix64 stream of <paramref name="seed"/>.
    /// Weights are drawn in (in, out) order like sklearn's coefs_ and stored transposed (out × in).
    /// </summary>
    public Mlp(IReadOnlyList<int> layerSizes, int seed) : this(layerSizes, SplitMix64.ForStream(seed, InitStream))
    {
    }

    /// <summary>SplitMix64 stream of the user seed that initialises a single network (member 0 of an ensemble).</summary>
    internal const ulong InitStream = 1;

    /// <summary>As above, drawing from the given generator (ensemble members other than 0 use their own streams).</summary>
    internal Mlp(IReadOnlyList<int> layerSizes, SplitMix64 rng)
    {
        LayerSizes = Validate(layerSizes);
        int layers = LayerSizes.Count - 1;
        Weights = new float[layers][];
        Biases = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int fanIn = LayerSizes[l], fanOut = LayerSizes[l + 1];
            double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
            var w = new float[checked(fanOut * fanIn)];
            for (int i = 0; i < fanIn; i++)
                for (int o = 0; o < fanOut; o++)
                    w[o * fanIn + i] = (float)(bound * (2.0 * rng.NextDouble() - 1.0));
            var b = new float[fanOut];
            for (int o = 0; o < fanOut; o++) b[o] = (float)(bound * (2.0 * rng.NextDouble() - 1.0));
            Weights[l] = w;
            Biases[l] = b;
        }
    }

    /// <summary>A network over the given weights and biases (not copied), e.g. loaded from a model file.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two layer sizes, a size ≤ 0, or a weight or bias array of the wrong count or length.</exception>
    public Mlp(IReadOnlyList<int> layerSizes, float[][] weights, float[][] biases)
    {
        LayerSizes = Validate(layerSizes);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        int layers = LayerSizes.Count - 1;
        if (weights.Length != layers || biases.Length != layers)
            throw new ArgumentException($"{layers} layers need {layers} weight and bias arrays, got {weights.Length} and {biases.Length}");
        for (int l = 0; l < layers; l++)
        {
            if (weights[l] is null || weights[l].Length != LayerSizes[l + 1] * LayerSizes[l])
                throw new ArgumentException($"layer {l}: weights must hold {LayerSizes[l + 1]}×{LayerSizes[l]} values");
            if (biases[l] is null || biases[l].Length != LayerSizes[l + 1])
                throw new ArgumentException($"layer {l}: biases must hold {LayerSizes[l + 1]} values");
        }
        Weights = weights;
        Biases = biases;
    }

    private static int[] Validate(IReadOnlyList<int> layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Count < 2) throw new ArgumentException("an MLP needs at least an input and an output layer");
        foreach (int s in layerSizes)
            if (s <= 0) throw new ArgumentException($"layer sizes must be positive, got {s}");
        return [.. layerSizes];
    }

    /// <summary>A deep copy (weights and biases).</summary>
    public Mlp Clone() => new(LayerSizes,
        [.. Weights.Select(w => (float[])w.Clone())], [.. Biases.Select(b => (float[])b.Clone())]);

    /// <summary>
    /// Class probabilities (rows × classes, softmax) for already-scaled input (rows × LayerSizes[0]).
    /// Rows are processed in independent chunks, so results do not depend on the degree of parallelism.
    /// </summary>
    public void PredictProbabilities(ReadOnlySpan<float> scaledInput, int rows, Span<float> probabilities, int maxDegreeOfParallelism = -1)
    {
        if (probabilities.Length < rows * Classes) throw new ArgumentException("probabilities shorter than rows × classes");
        Run(scaledInput, rows, probabilities, LayerCount, maxDegreeOfParallelism);
    }

    /// <summary>Width of the last hidden layer (the input dimension when the network has no hidden layer).</summary>
    public int LastHiddenWidth => LayerSizes[^2];

    /// <summary>
    /// Activations (after ReLU) of the last hidden layer, rows × <see cref="LastHiddenWidth"/>, for already-scaled input;
    /// a network without hidden layers gives its input. Chunked as <see cref="PredictProbabilities"/>: the same for any
    /// degree of parallelism.
    /// </summary>
    public void LastHidden(ReadOnlySpan<float> scaledInput, int rows, Span<float> hidden, int maxDegreeOfParallelism = -1)
    {
        if (hidden.Length < rows * LastHiddenWidth) throw new ArgumentException("hidden shorter than rows × last hidden width");
        if (LayerCount == 1)
        {
            scaledInput[..(rows * InputDimension)].CopyTo(hidden);
            return;
        }
        Run(scaledInput, rows, hidden, LayerCount - 1, maxDegreeOfParallelism);
    }

    /// <summary>The first <paramref name="layers"/> layers on every row (softmax after the last layer of the network only).</summary>
    private void Run(ReadOnlySpan<float> scaledInput, int rows, Span<float> output, int layers, int maxDegreeOfParallelism)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows));
        if (scaledInput.Length < rows * InputDimension) throw new ArgumentException("input shorter than rows × input dimension");
        if (rows == 0) return;
        int chunks = (rows + PredictChunkRows - 1) / PredictChunkRows;
        int degree = Math.Min(ParallelRanges.Resolve(maxDegreeOfParallelism), chunks);
        if (degree <= 1)
        {
            var buffers = NewBuffers(Math.Min(rows, PredictChunkRows));
            for (int c = 0; c < chunks; c++) PredictChunk(scaledInput, rows, output, c, buffers, layers);
            return;
        }
        unsafe
        {
            // Spans cannot enter the lambda; pin and pass pointers.
            fixed (float* xin = scaledInput)
            fixed (float* pout = output)
            {
                nint xp = (nint)xin, pp = (nint)pout;
                int inLen = scaledInput.Length, outLen = output.Length;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree },
                    () => NewBuffers(PredictChunkRows),
                    (c, _, buffers) =>
                    {
                        PredictChunk(new ReadOnlySpan<float>((float*)xp, inLen), rows, new Span<float>((float*)pp, outLen), c, buffers, layers);
                        return buffers;
                    },
                    _ => { });
            }
        }
    }

    private float[][] NewBuffers(int chunkRows)
    {
        var buffers = new float[LayerCount][];
        for (int l = 0; l < LayerCount; l++) buffers[l] = new float[chunkRows * LayerSizes[l + 1]];
        return buffers;
    }

    private void PredictChunk(ReadOnlySpan<float> input, int rows, Span<float> output, int chunk, float[][] buffers, int layers)
    {
        int start = chunk * PredictChunkRows;
        int count = Math.Min(PredictChunkRows, rows - start);
        ReadOnlySpan<float> x = input.Slice(start * InputDimension, count * InputDimension);
        for (int l = 0; l < layers; l++)
        {
            bool last = l == layers - 1, softmax = l == LayerCount - 1;
            int width = LayerSizes[l + 1];
            Span<float> y = last ? output.Slice(start * width, count * width) : buffers[l];
            DenseKernels.Forward(x, LayerSizes[l], Weights[l], Biases[l], width, y, 0, count, relu: !softmax);
            if (softmax) DenseKernels.SoftmaxRows(y, 0, count, Classes);
            x = y;
        }
    }
}
