namespace ZifPhase.Learning;

/// <summary>Where the novelty score is measured.</summary>
public enum NoveltySpace
{
    /// <summary>No detector: the model never answers "unknown".</summary>
    None,
    /// <summary>Activations of the last hidden layer of ensemble member 0 (Lee et al. 2018's feature space).</summary>
    Hidden,
    /// <summary>The scaled descriptor (the network's input), e.g. the 12 BPSF.</summary>
    Descriptor,
}

/// <summary>
/// The "unknown" answer: a centre unlike every class of the training rows. Score = min over classes c of the
/// Mahalanobis distance √((x − μ_c)ᵀ S⁻¹ (x − μ_c)) with class means μ_c and one tied (shared) covariance of the
/// training rows (Lee, Lee, Lee &amp; Shin, "A simple unified framework for detecting out-of-distribution samples and
/// adversarial attacks", NeurIPS 2018, eq. 1–2, without their input pre-processing). x is a point of
/// <see cref="Space"/> (d values). The covariance is the maximum-likelihood one, Σ = (1/N) Σ_i (x_i − μ_{y_i})(x_i −
/// μ_{y_i})ᵀ, shrunk towards a multiple of the identity, S = Σ + λ·(tr Σ / d)·I, so that directions in which the
/// training rows do not vary (a ReLU unit dead on all of them, a constant descriptor) give a large but finite
/// distance. A score above <see cref="Threshold"/> — the <see cref="Percentile"/>-th percentile (linear interpolation
/// between order statistics, NumPy's default) of the training rows' own scores — is "unknown": by construction about
/// (100 − percentile) % of training-like rows are called unknown.
/// Scores cost d²/2 + k·d multiply-adds per row with the whitening matrix W = L⁻¹ (S = L·Lᵀ, Cholesky) and the
/// whitened means W·μ_c precomputed.
/// </summary>
public sealed class NoveltyDetector
{
    /// <summary>λ of the shrinkage S = Σ + λ·(tr Σ / d)·I used by training unless told otherwise.</summary>
    public const double DefaultShrinkage = 1e-3;
    /// <summary>Percentile of the training rows' scores that becomes the threshold by default (99.9).</summary>
    public const double DefaultPercentile = 99.9;

    /// <summary>Where points are measured: the last hidden layer or the scaled descriptor.</summary>
    public NoveltySpace Space { get; }
    /// <summary>d, the length of a point.</summary>
    public int Dimension { get; }
    /// <summary>The model's class index of each mean (classes without training rows have none).</summary>
    public int[] Classes { get; }
    /// <summary>Class means, Classes.Length × d, row-major.</summary>
    public double[] Means { get; }
    /// <summary>The shrunk covariance S, d × d, row-major (symmetric).</summary>
    public double[] Covariance { get; }
    /// <summary>λ of the covariance shrinkage S = Σ + λ·(tr Σ / d)·I.</summary>
    public double Shrinkage { get; }
    /// <summary>Percentile (0…100] of the training rows' scores the threshold was taken at.</summary>
    public double Percentile { get; }
    /// <summary>
    /// Score above which a point is "unknown": a Mahalanobis distance to the nearest class mean (dimensionless).
    /// </summary>
    public double Threshold { get; }

    private readonly double[] _whitening;      // W = L⁻¹, d × d, lower triangular, row-major
    private readonly double[] _whitenedMeans;  // W·μ_c, Classes.Length × d

    /// <summary>A detector from its fitted parts (e.g. loaded from a model file); arrays are not copied.</summary>
    /// <exception cref="ArgumentException">The space is None, the dimension is not positive, there are no classes, means or covariance have the wrong length, or the threshold is not finite.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="classes"/> is null.</exception>
    public NoveltyDetector(NoveltySpace space, int dimension, int[] classes, double[] means, double[] covariance,
        double shrinkage, double percentile, double threshold)
    {
        if (space == NoveltySpace.None) throw new ArgumentException("a detector needs a space (hidden or descriptor)");
        if (dimension <= 0) throw new ArgumentException("the dimension must be positive");
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Length == 0) throw new ArgumentException("a detector needs at least one class mean");
        if (means is null || means.Length != classes.Length * dimension)
            throw new ArgumentException($"{classes.Length} class means of {dimension} need {classes.Length * dimension} values");
        if (covariance is null || covariance.Length != dimension * dimension)
            throw new ArgumentException($"the covariance must hold {dimension}×{dimension} values");
        if (!double.IsFinite(threshold)) throw new ArgumentException("the threshold must be finite");
        Space = space;
        Dimension = dimension;
        Classes = classes;
        Means = means;
        Covariance = covariance;
        Shrinkage = shrinkage;
        Percentile = percentile;
        Threshold = threshold;
        _whitening = InverseCholesky(covariance, dimension);
        _whitenedMeans = new double[means.Length];
        for (int c = 0; c < classes.Length; c++)
            Whiten(means.AsSpan(c * dimension, dimension), _whitenedMeans.AsSpan(c * dimension, dimension));
    }

    /// <summary>
    /// Calibrates a detector on training points (n × d, row-major) with their labels (0..classes−1): means, shrunk
    /// tied covariance, and the threshold at the given percentile of the points' own scores. Deterministic: every
    /// sum runs in row order, in parallel only over independent output entries.
    /// </summary>
    public static NoveltyDetector Fit(NoveltySpace space, ReadOnlySpan<float> points, int dimension, ReadOnlySpan<int> labels, int classes,
        double shrinkage = DefaultShrinkage, double percentile = DefaultPercentile, int maxDegreeOfParallelism = -1)
    {
        int n = labels.Length;
        if (n == 0) throw new ZifPhaseException("no training points for the novelty detector");
        if (points.Length != n * dimension) throw new ArgumentException($"{points.Length} values are not {n} points of {dimension}");
        if (!(shrinkage > 0)) throw new ArgumentException("the shrinkage λ must be positive");
        if (!(percentile > 0 && percentile <= 100)) throw new ArgumentException("the percentile must be in (0, 100]");
        var sums = new double[classes * dimension];
        var counts = new long[classes];
        for (int i = 0; i < n; i++)
        {
            int y = labels[i];
            counts[y]++;
            var row = points.Slice(i * dimension, dimension);
            var sum = sums.AsSpan(y * dimension, dimension);
            for (int j = 0; j < dimension; j++) sum[j] += row[j];
        }
        var present = Enumerable.Range(0, classes).Where(c => counts[c] > 0).ToArray();
        var slot = new int[classes];
        for (int k = 0; k < present.Length; k++) slot[present[k]] = k;
        var means = new double[present.Length * dimension];
        for (int k = 0; k < present.Length; k++)
            for (int j = 0; j < dimension; j++) means[k * dimension + j] = sums[present[k] * dimension + j] / counts[present[k]];

        // Centred points, transposed (d × n), so that each covariance entry is one contiguous dot product.
        var centred = new double[(long)dimension * n];
        for (int i = 0; i < n; i++)
        {
            var row = points.Slice(i * dimension, dimension);
            var mean = means.AsSpan(slot[labels[i]] * dimension, dimension);
            for (int j = 0; j < dimension; j++) centred[(long)j * n + i] = row[j] - mean[j];
        }
        var cov = new double[dimension * dimension];
        ParallelRanges.For(dimension, 1, ParallelRanges.Resolve(maxDegreeOfParallelism), (a0, a1) =>
        {
            for (int a = a0; a < a1; a++)
            {
                var xa = centred.AsSpan((int)((long)a * n), n);
                for (int b = 0; b <= a; b++)
                {
                    var xb = centred.AsSpan((int)((long)b * n), n);
                    double s = 0;
                    for (int i = 0; i < n; i++) s += xa[i] * xb[i];
                    cov[a * dimension + b] = s / n;
                }
            }
        });
        double trace = 0;
        for (int a = 0; a < dimension; a++) trace += cov[a * dimension + a];
        double ridge = shrinkage * (trace > 0 ? trace / dimension : 1.0);
        for (int a = 0; a < dimension; a++)
        {
            cov[a * dimension + a] += ridge;
            for (int b = 0; b < a; b++) cov[b * dimension + a] = cov[a * dimension + b];
        }

        var scoring = new NoveltyDetector(space, dimension, present, means, cov, shrinkage, percentile, threshold: 0);
        var scores = new double[n];
        scoring.Scores(points, scores, maxDegreeOfParallelism);
        Array.Sort(scores);
        return new NoveltyDetector(space, dimension, present, means, cov, shrinkage, percentile, PercentileOf(scores, percentile));
    }

    /// <summary>NumPy's default percentile of sorted values: linear interpolation at h = (n − 1)·p/100.</summary>
    public static double PercentileOf(ReadOnlySpan<double> sorted, double percentile)
    {
        double h = (sorted.Length - 1) * percentile / 100.0;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>Whether a score says "unknown".</summary>
    public bool IsUnknown(double score) => score > Threshold;

    /// <summary>Scores of points (rows × d, row-major) into <paramref name="scores"/>; rows are independent, so the
    /// result does not depend on the degree of parallelism.</summary>
    public void Scores(ReadOnlySpan<float> points, Span<double> scores, int maxDegreeOfParallelism = -1)
    {
        int rows = points.Length / Dimension;
        if (points.Length != rows * Dimension) throw new ArgumentException($"{points.Length} values are not whole points of {Dimension}");
        if (scores.Length < rows) throw new ArgumentException("scores shorter than the number of points");
        const int grain = 64;
        int degree = rows < 2 * grain ? 1 : ParallelRanges.Resolve(maxDegreeOfParallelism);
        if (degree <= 1)
        {
            var z = new double[Dimension];
            for (int i = 0; i < rows; i++) scores[i] = Score(points.Slice(i * Dimension, Dimension), z);
            return;
        }
        unsafe
        {
            fixed (float* pp = points)
            fixed (double* sp = scores)
            {
                nint pIn = (nint)pp, pOut = (nint)sp;
                int d = Dimension;
                ParallelRanges.For(rows, grain, degree, (r0, r1) =>
                {
                    var z = new double[d];
                    var input = new ReadOnlySpan<float>((float*)pIn, rows * d);
                    var output = new Span<double>((double*)pOut, rows);
                    for (int i = r0; i < r1; i++) output[i] = Score(input.Slice(i * d, d), z);
                });
            }
        }
    }

    /// <summary>The score of one point (d values); <paramref name="scratch"/> holds d doubles.</summary>
    public double Score(ReadOnlySpan<float> point, Span<double> scratch)
    {
        int d = Dimension;
        var z = scratch[..d];
        for (int a = 0; a < d; a++)
        {
            var w = _whitening.AsSpan(a * d, a + 1);
            double s = 0;
            for (int b = 0; b <= a; b++) s += w[b] * point[b];
            z[a] = s;
        }
        double best = double.PositiveInfinity;
        for (int c = 0; c < Classes.Length; c++)
        {
            var m = _whitenedMeans.AsSpan(c * d, d);
            double s = 0;
            for (int a = 0; a < d; a++)
            {
                double t = z[a] - m[a];
                s += t * t;
            }
            if (s < best) best = s;
        }
        return Math.Sqrt(best);
    }

    private void Whiten(ReadOnlySpan<double> x, Span<double> z)
    {
        int d = Dimension;
        for (int a = 0; a < d; a++)
        {
            double s = 0;
            for (int b = 0; b <= a; b++) s += _whitening[a * d + b] * x[b];
            z[a] = s;
        }
    }

    /// <summary>L⁻¹ of the Cholesky factor of a symmetric positive-definite matrix (row-major, lower triangular).</summary>
    private static double[] InverseCholesky(double[] s, int d)
    {
        var l = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = s[i * d + j];
                for (int k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
                if (i == j)
                {
                    if (!(sum > 0)) throw new ZifPhaseException("the novelty covariance is not positive definite");
                    l[i * d + i] = Math.Sqrt(sum);
                }
                else l[i * d + j] = sum / l[j * d + j];
            }
        }
        // Solve L·W = I column by column (forward substitution); W is lower triangular.
        var w = new double[d * d];
        for (int col = 0; col < d; col++)
        {
            for (int i = col; i < d; i++)
            {
                double sum = i == col ? 1.0 : 0.0;
                for (int k = col; k < i; k++) sum -= l[i * d + k] * w[k * d + col];
                w[i * d + col] = sum / l[i * d + i];
            }
        }
        return w;
    }
}
