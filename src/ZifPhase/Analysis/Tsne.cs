using System.Numerics;
using System.Runtime.InteropServices;
using ZifPhase.Learning;
using ZifPhase.Parallelism;

namespace ZifPhase.Analysis;

/// <summary>Settings of a t-SNE run; the defaults follow scikit-learn's TSNE (1.2+), except the initialisation.</summary>
public sealed record TsneOptions
{
    /// <summary>Target perplexity of each row's conditional distribution (effective number of neighbours).</summary>
    public double Perplexity { get; init; } = 30;
    /// <summary>Total gradient-descent iterations, the early-exaggeration phase included.</summary>
    public int Iterations { get; init; } = 1000;
    /// <summary>Learning rate; null = "auto" = max(N / EarlyExaggeration / 4, 50) as scikit-learn.</summary>
    public double? LearningRate { get; init; }
    /// <summary>Factor multiplying P during the early-exaggeration iterations (van der Maaten 2014; 12 as scikit-learn).</summary>
    public double EarlyExaggeration { get; init; } = 12;
    /// <summary>Iterations with exaggerated P and momentum <see cref="InitialMomentum"/>; then <see cref="FinalMomentum"/>.</summary>
    public int ExaggerationIterations { get; init; } = 250;
    /// <summary>Gradient-descent momentum during early exaggeration (van der Maaten &amp; Hinton 2008).</summary>
    public double InitialMomentum { get; init; } = 0.5;
    /// <summary>Gradient-descent momentum after early exaggeration (van der Maaten &amp; Hinton 2008).</summary>
    public double FinalMomentum { get; init; } = 0.8;
    /// <summary>Barnes–Hut opening angle: a quadtree cell is summarised when its side / distance &lt; Theta.</summary>
    public double Theta { get; init; } = 0.5;
    /// <summary>Seed of the initial layout (a Gaussian with standard deviation 1e-4).</summary>
    public int Seed { get; init; }
    /// <summary>Inputs with fewer rows use the exact O(N²) gradient; from this many rows on, Barnes–Hut.</summary>
    public int ExactBelow { get; init; } = 2000;
    /// <summary>Worker threads (-1: all cores). The embedding is bit-identical for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>Progress of a run: the iteration just finished and the KL divergence (of the un-exaggerated P) there.</summary>
public readonly record struct TsneProgress(int Iteration, int Iterations, double KlDivergence);

/// <summary>A finished embedding: N × 2 coordinates (row-major) and the final KL(P‖Q).</summary>
public sealed class TsneResult
{
    internal TsneResult(double[] embedding, double kl, double perplexity, double learningRate, bool barnesHut, int iterations)
    {
        Embedding = embedding;
        KlDivergence = kl;
        Perplexity = perplexity;
        LearningRate = learningRate;
        BarnesHut = barnesHut;
        Iterations = iterations;
    }

    /// <summary>N × 2, row-major: row i at [2i] (t-SNE 1) and [2i + 1] (t-SNE 2).</summary>
    public double[] Embedding { get; }
    /// <summary>Number of embedded rows N.</summary>
    public int Rows => Embedding.Length / 2;
    /// <summary>First t-SNE coordinate of row <paramref name="row"/>.</summary>
    public double X(int row) => Embedding[2 * row];
    /// <summary>Second t-SNE coordinate of row <paramref name="row"/>.</summary>
    public double Y(int row) => Embedding[2 * row + 1];
    /// <summary>KL(P‖Q) of the final layout (Q from the exact normalisation, or the Barnes–Hut estimate of it).</summary>
    public double KlDivergence { get; }
    /// <summary>The perplexity used: the requested one, lowered to (N − 1) / 3 for very small inputs.</summary>
    public double Perplexity { get; }
    /// <summary>The learning rate used (the "auto" value resolved when none was given).</summary>
    public double LearningRate { get; }
    /// <summary>Whether gradients used the Barnes–Hut approximation (van der Maaten 2014) rather than the exact O(N²) sums (van der Maaten &amp; Hinton 2008).</summary>
    public bool BarnesHut { get; }
    /// <summary>Gradient-descent iterations run.</summary>
    public int Iterations { get; }
}

/// <summary>
/// t-distributed stochastic neighbour embedding (van der Maaten &amp; Hinton 2008; Barnes–Hut: van der Maaten 2014)
/// into two dimensions, with scikit-learn's optimiser (gains, momentum 0.5 → 0.8, early exaggeration 12 for 250
/// iterations, learning rate "auto").
/// <para>
/// The input rows are used as given (no standardisation here; scale them first if the columns differ in units).
/// Affinities: for each row its ⌊3·perplexity⌋ + 1 exact nearest neighbours (squared Euclidean distance), a
/// binary search on the Gaussian precision so that the conditional distribution has the requested perplexity,
/// then P = (P_j|i + P_i|j) / 2N. The layout starts from a seeded Gaussian of standard deviation 1e-4 (not PCA).
/// The gradient is exact below <see cref="TsneOptions.ExactBelow"/> rows and Barnes–Hut (a quadtree built
/// serially every iteration) above.
/// </para>
/// <para>
/// Deterministic: threads split the points, every point's gradient is computed alone in a fixed order, and the
/// only sums across points (the normalisation Z, the KL) are taken serially, so one seed gives the same bytes
/// for any number of threads.
/// </para>
/// </summary>
public sealed class Tsne(TsneOptions? options = null)
{
    /// <summary>The settings of this t-SNE.</summary>
    public TsneOptions Options { get; } = options ?? new TsneOptions();

    private const double InitialStd = 1e-4;
    private const double MinGain = 0.01;

    /// <summary>Embeds <paramref name="data"/> (rows × <paramref name="dimension"/>, row-major).</summary>
    public TsneResult Fit(ReadOnlySpan<float> data, int dimension, IProgress<TsneProgress>? progress = null, CancellationToken cancel = default)
    {
        var o = Options;
        Validate(o);
        if (dimension <= 0) throw new ArgumentException("t-SNE needs at least one feature column");
        if (data.Length % dimension != 0) throw new ArgumentException($"{data.Length} values are not rows of {dimension}");
        int n = data.Length / dimension;
        if (n < 4) throw new ArgumentException($"t-SNE needs at least 4 rows, got {n}");
        foreach (float v in data)
            if (!float.IsFinite(v)) throw new ZifPhaseException("t-SNE input holds NaN or infinite values");

        double perplexity = EffectivePerplexity(o.Perplexity, n);
        var calibration = Calibrate(data, dimension, perplexity, o.MaxDegreeOfParallelism);
        var p = Symmetrise(calibration, n);
        bool barnesHut = n >= o.ExactBelow;
        double learningRate = o.LearningRate ?? Math.Max(n / o.EarlyExaggeration / 4, 50);

        var y = InitialLayout(n, o.Seed);
        var engine = new GradientEngine(p, n, barnesHut, o.Theta, o.MaxDegreeOfParallelism);
        var update = new double[2 * n];
        var gains = new double[2 * n];
        var grad = new double[2 * n];
        int exaggerated = Math.Min(o.ExaggerationIterations, o.Iterations);
        for (int it = 0; it < o.Iterations; it++)
        {
            cancel.ThrowIfCancellationRequested();
            bool early = it < exaggerated;
            if (it == 0 || it == exaggerated)
            {
                // scikit-learn restarts the optimiser state for the second phase.
                Array.Clear(update);
                Array.Fill(gains, 1.0);
            }
            double momentum = early ? o.InitialMomentum : o.FinalMomentum;
            engine.Gradient(y, early ? o.EarlyExaggeration : 1.0, grad);
            for (int k = 0; k < grad.Length; k++)
            {
                double g = grad[k];
                gains[k] = update[k] * g < 0 ? gains[k] + 0.2 : gains[k] * 0.8;
                if (gains[k] < MinGain) gains[k] = MinGain;
                update[k] = momentum * update[k] - learningRate * gains[k] * g;
                y[k] += update[k];
            }
            if (progress is not null && ((it + 1) % 25 == 0 || it + 1 == o.Iterations))
                progress.Report(new TsneProgress(it + 1, o.Iterations, engine.KlDivergence(y)));
        }
        return new TsneResult(y, engine.KlDivergence(y), perplexity, learningRate, barnesHut, o.Iterations);
    }

    private static void Validate(TsneOptions o)
    {
        if (!(o.Perplexity >= 1) || double.IsInfinity(o.Perplexity)) throw new ArgumentException($"perplexity must be at least 1, got {o.Perplexity}");
        if (o.Iterations < 1) throw new ArgumentException($"iterations must be positive, got {o.Iterations}");
        if (o.LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr))) throw new ArgumentException($"learning rate must be positive, got {lr}");
        if (!(o.EarlyExaggeration >= 1 && double.IsFinite(o.EarlyExaggeration))) throw new ArgumentException($"early exaggeration must be at least 1, got {o.EarlyExaggeration}");
        if (o.ExaggerationIterations < 0) throw new ArgumentException("exaggeration iterations must not be negative");
        if (!(o.Theta >= 0 && o.Theta <= 1)) throw new ArgumentException($"theta must be in [0, 1], got {o.Theta}");
        if (o.MaxDegreeOfParallelism == 0 || o.MaxDegreeOfParallelism < -1) throw new ArgumentException("threads must be positive or -1");
    }

    /// <summary>The requested perplexity, capped at (N − 1) / 3 so that 3·perplexity neighbours exist.</summary>
    public static double EffectivePerplexity(double perplexity, int n) => Math.Min(perplexity, (n - 1) / 3.0);

    /// <summary>Neighbours per row used for a perplexity: ⌊3·perplexity⌋ + 1 (scikit-learn), at most N − 1.</summary>
    internal static int NeighbourCount(double perplexity, int n) => Math.Min(n - 1, (int)(3 * perplexity) + 1);

    /// <summary>Rows per chunk of the parallel loops over the N points.</summary>
    internal static int RowChunk(int n) => CentreParallel.BalancedChunkSize(n, 64);

    /// <summary>Each row's k nearest neighbours (ascending distance, ties by index) and its conditional P_j|i over them.</summary>
    internal sealed record Calibration(int Rows, int K, int[] Neighbours, double[] Distances, double[] Conditional, double[] Beta);

    /// <summary>
    /// Exact kNN (k = ⌊3·perplexity⌋ + 1) and, per row, a binary search on β = 1/(2σ²) until the entropy of
    /// P_j|i ∝ exp(−β d²_ij) over those neighbours is ln(perplexity) within 1e-9 nats. Parallel over rows.
    /// </summary>
    internal static Calibration Calibrate(ReadOnlySpan<float> data, int dimension, double perplexity, int threads)
    {
        int n = data.Length / dimension;
        int k = NeighbourCount(perplexity, n);
        var neighbours = new int[n * k];
        var distances = new double[n * k];
        var conditional = new double[n * k];
        var beta = new double[n];
        var rows = data.ToArray();
        double target = Math.Log(perplexity);
        CentreParallel.For(n, RowChunk(n), threads, () => new double[n], (_, first, end, scratch) =>
        {
            for (int i = first; i < end; i++)
            {
                var xi = rows.AsSpan(i * dimension, dimension);
                for (int j = 0; j < n; j++)
                    scratch[j] = j == i ? double.PositiveInfinity : SquaredDistance(xi, rows.AsSpan(j * dimension, dimension));
                Nearest(scratch, k, neighbours.AsSpan(i * k, k), distances.AsSpan(i * k, k));
                beta[i] = SearchBeta(distances.AsSpan(i * k, k), target, conditional.AsSpan(i * k, k));
            }
        });
        return new Calibration(n, k, neighbours, distances, conditional, beta);
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int d = a.Length, j = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && d >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
            {
                var diff = va[v] - vb[v];
                acc += diff * diff;
            }
            sum = Vector.Sum(acc);
            j = va.Length * Vector<float>.Count;
        }
        for (; j < d; j++)
        {
            double diff = (double)a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>The k smallest of <paramref name="distances"/> in ascending order (ties: lower index first).</summary>
    private static void Nearest(double[] distances, int k, Span<int> index, Span<double> value)
    {
        // Insertion into a sorted list of k: O(n k) worst case, O(n log k)-like in practice for random order.
        int count = 0;
        for (int j = 0; j < distances.Length; j++)
        {
            double d = distances[j];
            if (count == k && d >= value[k - 1]) continue;
            int pos = count < k ? count++ : k - 1;
            while (pos > 0 && value[pos - 1] > d)
            {
                value[pos] = value[pos - 1];
                index[pos] = index[pos - 1];
                pos--;
            }
            value[pos] = d;
            index[pos] = j;
        }
    }

    /// <summary>Binary search on β so that the entropy (nats) of P ∝ exp(−β (d − d_min)) hits <paramref name="target"/>.</summary>
    private static double SearchBeta(ReadOnlySpan<double> d, double target, Span<double> p)
    {
        double dMin = d[0];
        double beta = 1, lo = 0, hi = double.PositiveInfinity;
        for (int step = 0; step < 200; step++)
        {
            double entropy = Conditional(d, dMin, beta, p);
            double error = entropy - target;
            if (Math.Abs(error) <= 1e-9) break;
            if (error > 0)
            {
                lo = beta;
                beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2;
            }
            else
            {
                hi = beta;
                beta = (beta + lo) / 2;
            }
            if (beta == lo || beta == hi) break; // bracket exhausted in double precision
        }
        Conditional(d, dMin, beta, p);
        return beta;
    }

    /// <summary>Fills P ∝ exp(−β (d − d_min)), normalised; returns its entropy in nats.</summary>
    private static double Conditional(ReadOnlySpan<double> d, double dMin, double beta, Span<double> p)
    {
        double sum = 0, weighted = 0;
        for (int j = 0; j < d.Length; j++)
        {
            double delta = d[j] - dMin;
            double w = delta == 0 ? 1 : Math.Exp(-beta * delta);
            p[j] = w;
            sum += w;
            weighted += delta == 0 ? 0 : delta * w;
        }
        for (int j = 0; j < d.Length; j++) p[j] /= sum;
        return Math.Log(sum) + beta * weighted / sum;
    }

    /// <summary>Symmetric joint P as a sparse matrix (CSR, columns ascending): (P_j|i + P_i|j) normalised to sum 1.</summary>
    internal static SparseP Symmetrise(Calibration c, int n)
    {
        int k = c.K;
        var keys = new long[2 * n * k];
        var values = new double[2 * n * k];
        int m = 0;
        for (int i = 0; i < n; i++)
        for (int t = 0; t < k; t++)
        {
            int j = c.Neighbours[i * k + t];
            double v = c.Conditional[i * k + t];
            keys[m] = (long)i * n + j; values[m++] = v;
            keys[m] = (long)j * n + i; values[m++] = v;
        }
        Array.Sort(keys, values);
        var rowStart = new int[n + 1];
        var columns = new List<int>(m);
        var merged = new List<double>(m);
        for (int a = 0; a < m;)
        {
            long key = keys[a];
            double v = values[a++];
            // At most two entries share a key (i→j and j→i); a + b == b + a, so the order does not matter.
            while (a < m && keys[a] == key) v += values[a++];
            int row = (int)(key / n);
            rowStart[row + 1]++;
            columns.Add((int)(key % n));
            merged.Add(v);
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        double total = 0;
        foreach (double v in merged) total += v;
        var p = merged.ToArray();
        for (int a = 0; a < p.Length; a++) p[a] /= total;
        return new SparseP(rowStart, columns.ToArray(), p);
    }

    internal sealed record SparseP(int[] RowStart, int[] Columns, double[] Values);

    /// <summary>For tests: the joint P of some rows and a gradient engine over it.</summary>
    internal static (SparseP P, GradientEngine Engine) Prepare(ReadOnlySpan<float> data, int dimension, double perplexity, bool barnesHut, double theta, int threads)
    {
        int n = data.Length / dimension;
        var p = Symmetrise(Calibrate(data, dimension, EffectivePerplexity(perplexity, n), threads), n);
        return (p, new GradientEngine(p, n, barnesHut, theta, threads));
    }

    /// <summary>Gaussian N(0, 1e-4²) per coordinate from SplitMix64 (Box–Muller), so the start is the same everywhere.</summary>
    private static double[] InitialLayout(int n, int seed)
    {
        var rng = SplitMix64.ForStream(seed, 0x75E);
        var y = new double[2 * n];
        for (int a = 0; a < y.Length; a += 2)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            y[a] = InitialStd * r * Math.Cos(2 * Math.PI * u2);
            y[a + 1] = InitialStd * r * Math.Sin(2 * Math.PI * u2);
        }
        return y;
    }

    /// <summary>
    /// The KL gradient 4 Σ_j (exaggeration·p_ij − q_ij) w_ij (y_i − y_j), w = 1/(1 + |y_i − y_j|²), q = w / Z,
    /// with the repulsive sums exact or Barnes–Hut. Per point: attraction, Σ_j w² (y_i − y_j) and Σ_j w; Z is the
    /// serial sum of the last.
    /// </summary>
    internal sealed class GradientEngine(SparseP p, int n, bool barnesHut, double theta, int threads)
    {
        private readonly double[] _zRow = new double[n];
        private readonly double[] _repulsion = new double[2 * n];
        private readonly double[] _xs = new double[n];
        private readonly double[] _ys = new double[n];
        private readonly int _chunk = RowChunk(n);

        /// <summary>Runs <paramref name="row"/> for every point, in chunks of rows over the threads.</summary>
        private void ForRows(Action<int> row) =>
            CentreParallel.For(n, _chunk, threads, (_, first, end) =>
            {
                for (int i = first; i < end; i++) row(i);
            });
        private readonly QuadTree? _tree = barnesHut ? new QuadTree(n) : null;
        private readonly double[] _klRow = new double[n];

        /// <summary>Σ_{i≠j} w_ij for the layout of the last <see cref="Repulsion"/> call.</summary>
        private double _z;

        public void Gradient(double[] y, double exaggeration, double[] grad)
        {
            Repulsion(y);
            double z = _z;
            var rowStart = p.RowStart;
            var columns = p.Columns;
            var values = p.Values;
            ForRows(i =>
            {
                double yx = y[2 * i], yy = y[2 * i + 1];
                double ax = 0, ay = 0;
                for (int a = rowStart[i]; a < rowStart[i + 1]; a++)
                {
                    int j = columns[a];
                    double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                    double w = values[a] / (1 + dx * dx + dy * dy);
                    ax += w * dx;
                    ay += w * dy;
                }
                grad[2 * i] = 4 * (exaggeration * ax - _repulsion[2 * i] / z);
                grad[2 * i + 1] = 4 * (exaggeration * ay - _repulsion[2 * i + 1] / z);
            });
        }

        /// <summary>KL(P‖Q) = Σ p log p − Σ p log w + log Z (Σ p = 1), with Z from a fresh repulsion pass.</summary>
        public double KlDivergence(double[] y)
        {
            Repulsion(y);
            var rowStart = p.RowStart;
            var columns = p.Columns;
            var values = p.Values;
            ForRows(i =>
            {
                double s = 0;
                for (int a = rowStart[i]; a < rowStart[i + 1]; a++)
                {
                    int j = columns[a];
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double pij = values[a];
                    if (pij > 0) s += pij * (Math.Log(pij) + Math.Log(1 + dx * dx + dy * dy));
                }
                _klRow[i] = s;
            });
            double kl = 0;
            for (int i = 0; i < n; i++) kl += _klRow[i];
            return kl + Math.Log(_z);
        }

        private void Repulsion(double[] y)
        {
            for (int i = 0; i < n; i++)
            {
                _xs[i] = y[2 * i];
                _ys[i] = y[2 * i + 1];
            }
            if (_tree is null)
                ForRows(ExactRow);
            else
            {
                _tree.Build(_xs, _ys);
                ForRows(i => _tree.Repulsion(i, _xs[i], _ys[i], theta, out _zRow[i], out _repulsion[2 * i], out _repulsion[2 * i + 1]));
            }
            double z = 0;
            for (int i = 0; i < n; i++) z += _zRow[i];
            _z = z;
        }

        private void ExactRow(int i)
        {
            double xi = _xs[i], yi = _ys[i];
            int width = Vector<double>.Count, j = 0;
            var vz = Vector<double>.Zero;
            var vfx = Vector<double>.Zero;
            var vfy = Vector<double>.Zero;
            var one = Vector<double>.One;
            var vxi = new Vector<double>(xi);
            var vyi = new Vector<double>(yi);
            if (Vector.IsHardwareAccelerated)
            {
                var xs = MemoryMarshal.Cast<double, Vector<double>>(_xs.AsSpan());
                var ys = MemoryMarshal.Cast<double, Vector<double>>(_ys.AsSpan());
                for (int v = 0; v < xs.Length; v++)
                {
                    var dx = vxi - xs[v];
                    var dy = vyi - ys[v];
                    var w = one / (one + dx * dx + dy * dy);
                    vz += w;
                    var w2 = w * w;
                    vfx += w2 * dx;
                    vfy += w2 * dy;
                }
                j = xs.Length * width;
            }
            double z = Vector.Sum(vz), fx = Vector.Sum(vfx), fy = Vector.Sum(vfy);
            for (; j < n; j++)
            {
                double dx = xi - _xs[j], dy = yi - _ys[j];
                double w = 1 / (1 + dx * dx + dy * dy);
                z += w;
                fx += w * w * dx;
                fy += w * w * dy;
            }
            // The loop included j = i, which added exactly w = 1 to z and nothing to the force.
            _zRow[i] = z - 1;
            _repulsion[2 * i] = fx;
            _repulsion[2 * i + 1] = fy;
        }
    }

    /// <summary>Seeded stratified sample: per class round(count · share) rows (largest remainders), the row indices ascending.</summary>
    public static int[] StratifiedSample(IReadOnlyList<int> labels, int count, int seed)
    {
        if (count < 0) throw new ArgumentException("sample size must not be negative");
        int n = labels.Count;
        if (count >= n) return Enumerable.Range(0, n).ToArray();
        var byClass = new SortedDictionary<int, List<int>>();
        for (int r = 0; r < n; r++)
        {
            if (!byClass.TryGetValue(labels[r], out var list)) byClass[labels[r]] = list = [];
            list.Add(r);
        }
        var classes = byClass.Keys.ToArray();
        var quota = new int[classes.Length];
        var remainder = new double[classes.Length];
        int given = 0;
        for (int c = 0; c < classes.Length; c++)
        {
            double exact = (double)count * byClass[classes[c]].Count / n;
            quota[c] = (int)Math.Floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        foreach (int c in Enumerable.Range(0, classes.Length).OrderByDescending(c => remainder[c]).ThenBy(c => c).Take(count - given))
            quota[c]++;
        var chosen = new List<int>(count);
        for (int c = 0; c < classes.Length; c++)
        {
            var rows = byClass[classes[c]].ToArray();
            var rng = SplitMix64.ForStream(seed, 0x5A3D1E00UL + (ulong)c);
            rng.Shuffle(rows);
            chosen.AddRange(rows.Take(quota[c]));
        }
        chosen.Sort();
        return chosen.ToArray();
    }
}
