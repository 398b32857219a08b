using System.Runtime.Intrinsics;

namespace ZifPhase.Learning;

/// <summary>
/// Buffers and forward/backward pass for one mini-batch (allocated once per training run).
/// Loss and gradients follow scikit-learn's MLPClassifier._backprop: softmax + cross-entropy with probabilities
/// clipped to [ε, 1−ε] (float32 ε), delta = p − y, weight gradient (Aᵀδ + α·W)/n, bias gradient mean(δ),
/// loss = mean cross-entropy + α/(2n)·Σ‖W‖².
/// </summary>
internal sealed class Backprop
{
    private readonly Mlp _net;
    private readonly int _maxRows;
    private readonly float[][] _activations;   // per layer l: rows × LayerSizes[l+1] (ReLU output; probabilities last)
    private readonly float[][] _deltas;        // rows × LayerSizes[l+1]
    private readonly float[][] _deltasT;       // LayerSizes[l+1] × rows (compact for the current batch)
    private readonly float[][] _inputsT;       // layer l's input transposed: LayerSizes[l] × rows
    private readonly int _degree;

    public float[][] WeightGradients { get; }
    public float[][] BiasGradients { get; }
    /// <summary>Scaled input, rows × input dimension; the caller fills it.</summary>
    public float[] Input { get; }
    public float[] Probabilities => _activations[^1];

    public Backprop(Mlp net, int maxRows, int maxDegreeOfParallelism)
    {
        _net = net;
        _maxRows = maxRows;
        _degree = ParallelRanges.Resolve(maxDegreeOfParallelism);
        int layers = net.LayerCount;
        Input = new float[maxRows * net.InputDimension];
        _activations = new float[layers][];
        _deltas = new float[layers][];
        _deltasT = new float[layers][];
        _inputsT = new float[layers][];
        WeightGradients = new float[layers][];
        BiasGradients = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int n = net.LayerSizes[l + 1];
            _activations[l] = new float[maxRows * n];
            _deltas[l] = new float[maxRows * n];
            _deltasT[l] = new float[maxRows * n];
            _inputsT[l] = new float[maxRows * net.LayerSizes[l]];
            WeightGradients[l] = new float[net.Weights[l].Length];
            BiasGradients[l] = new float[n];
        }
    }

    // Below this many multiply-adds a layer operation runs on one thread (fork/join costs more).
    private const long ParallelThreshold = 32_768;

    private int DegreeFor(long work) => work < ParallelThreshold ? 1 : _degree;

    /// <summary>Forward pass for the first <paramref name="rows"/> rows of Input; probabilities land in Probabilities.</summary>
    public void Forward(int rows)
    {
        var net = _net;
        float[] x = Input;
        for (int l = 0; l < net.LayerCount; l++)
        {
            int k = net.LayerSizes[l], n = net.LayerSizes[l + 1];
            bool last = l == net.LayerCount - 1;
            float[] input = x, w = net.Weights[l], b = net.Biases[l], y = _activations[l];
            ParallelRanges.For(rows, 4, DegreeFor((long)rows * k * n),
                (r0, r1) => DenseKernels.Forward(input, k, w, b, n, y, r0, r1, relu: !last));
            x = y;
        }
        DenseKernels.SoftmaxRows(_activations[^1], 0, rows, net.Classes);
    }

    /// <summary>
    /// Forward and backward pass on the first <paramref name="rows"/> rows of Input with their labels; fills the
    /// gradients and returns sklearn's batch loss (cross-entropy mean + L2 term). <paramref name="correct"/> counts
    /// rows whose arg-max probability (before this batch's update) equals the label.
    /// </summary>
    public double ForwardBackward(ReadOnlySpan<int> labels, int rows, double alpha, out int correct) =>
        ForwardBackward(labels, rows, alpha, default, out correct);

    /// <summary>As above with a weight per class: row r's cross-entropy and delta are multiplied by
    /// classWeights[label r] (empty span: all 1).</summary>
    public double ForwardBackward(ReadOnlySpan<int> labels, int rows, double alpha, ReadOnlySpan<float> classWeights, out int correct)
    {
        if (rows <= 0 || rows > _maxRows) throw new ArgumentOutOfRangeException(nameof(rows));
        Forward(rows);
        var net = _net;
        int classes = net.Classes;
        int last = net.LayerCount - 1;
        float[] p = _activations[last], d = _deltas[last];
        double crossEntropy = 0;
        correct = 0;
        const float eps = 1.1920929E-07f; // np.finfo(np.float32).eps
        for (int r = 0; r < rows; r++)
        {
            int y = labels[r];
            int best = 0;
            int o = r * classes;
            float wy = classWeights.IsEmpty ? 1f : classWeights[y];
            for (int c = 0; c < classes; c++)
            {
                float pc = p[o + c];
                if (pc > p[o + best]) best = c;
                d[o + c] = wy * (c == y ? pc - 1f : pc);
            }
            if (best == y) correct++;
            crossEntropy -= wy * Math.Log(Math.Clamp(p[o + y], eps, 1f - eps));
        }
        double loss = crossEntropy / rows;
        if (alpha > 0)
        {
            // Four double lanes in a fixed order, then a fixed lane sum: deterministic and 4× fewer dependent adds.
            var acc = Vector256<double>.Zero;
            double sq = 0;
            foreach (var w in net.Weights)
            {
                int i = 0;
                for (; i + 4 <= w.Length; i += 4)
                {
                    var v = Vector256.Create((double)w[i], w[i + 1], w[i + 2], w[i + 3]);
                    acc += v * v;
                }
                for (; i < w.Length; i++) sq += (double)w[i] * w[i];
            }
            sq += (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
            loss += 0.5 * alpha * sq / rows;
        }

        float a = (float)alpha;
        for (int l = last; l >= 0; l--)
        {
            int k = net.LayerSizes[l], n = net.LayerSizes[l + 1];
            float[] delta = _deltas[l], deltaT = _deltasT[l], w = net.Weights[l];
            float[] gw = WeightGradients[l], gb = BiasGradients[l];
            float[] prev = l == 0 ? Input : _activations[l - 1];
            float[] prevT = _inputsT[l];
            // Both operands transposed so the batch sum is a contiguous dot product (same kernel as the forward pass).
            DenseKernels.Transpose(delta, rows, n, deltaT);
            DenseKernels.Transpose(prev, rows, k, prevT);
            ParallelRanges.For(n, 4, DegreeFor((long)rows * k * n),
                (o0, o1) => DenseKernels.WeightGradient(deltaT, prevT, rows, k, w, a, gw, gb, o0, o1));
            if (l > 0)
            {
                float[] dPrev = _deltas[l - 1];
                ParallelRanges.For(rows, 4, DegreeFor((long)rows * k * n),
                    (r0, r1) => DenseKernels.BackwardRelu(delta, n, w, k, prev, dPrev, r0, r1));
            }
        }
        return loss;
    }
}
