using System.Runtime.InteropServices;
using ZifPhase.Analysis;
using TsneAlgorithm = ZifPhase.Analysis.Tsne;

namespace ZifPhase.Tests.Analysis.Tsne;

public class TsneTests
{
    private const int Blobs = 4, PerBlob = 60, Dim = 10;

    /// <summary>4 Gaussian blobs × 60 points in 10-D, σ = 1, blob b centred at 20 on axis b (centres 28σ apart).</summary>
    private static (float[] Data, int[] Blob) GaussianBlobs(int seed = 7)
    {
        var rng = new Random(seed);
        var data = new float[Blobs * PerBlob * Dim];
        var blob = new int[Blobs * PerBlob];
        for (int b = 0; b < Blobs; b++)
        for (int p = 0; p < PerBlob; p++)
        {
            int row = b * PerBlob + p;
            blob[row] = b;
            for (int c = 0; c < Dim; c++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                data[row * Dim + c] = (float)((c == b ? 20 : 0) + g);
            }
        }
        return (data, blob);
    }

    /// <summary>Fraction of each point's 10 nearest embedding neighbours in the same blob, averaged over points.</summary>
    private static double KnnPurity(TsneResult result, int[] blob, int k = 10)
    {
        int n = blob.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var nearest = Enumerable.Range(0, n).Where(j => j != i)
                .OrderBy(j => Math.Pow(result.X(i) - result.X(j), 2) + Math.Pow(result.Y(i) - result.Y(j), 2))
                .Take(k);
            total += nearest.Count(j => blob[j] == blob[i]) / (double)k;
        }
        return total / n;
    }

    private static byte[] Bytes(TsneResult r) => MemoryMarshal.AsBytes(r.Embedding.AsSpan()).ToArray();

    [Fact]
    public void ExactGradientSeparatesGaussianBlobs()
    {
        var (data, blob) = GaussianBlobs();
        var result = new TsneAlgorithm(new TsneOptions { Seed = 1 }).Fit(data, Dim);
        Assert.False(result.BarnesHut);
        Assert.Equal(240, result.Rows);
        Assert.Equal(50, result.LearningRate); // auto: max(240 / 12 / 4, 50)
        Assert.True(KnnPurity(result, blob) > 0.95, $"purity {KnnPurity(result, blob)}");
        Assert.InRange(result.KlDivergence, 0.05, 2.0);
        Assert.All(result.Embedding, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void BarnesHutGradientSeparatesGaussianBlobs()
    {
        var (data, blob) = GaussianBlobs();
        var result = new TsneAlgorithm(new TsneOptions { Seed = 1, ExactBelow = 10 }).Fit(data, Dim);
        Assert.True(result.BarnesHut);
        Assert.True(KnnPurity(result, blob) > 0.95, $"purity {KnnPurity(result, blob)}");
        Assert.InRange(result.KlDivergence, 0.05, 2.0);
    }

    [Fact]
    public void BarnesHutAndExactReachSimilarKlDivergence()
    {
        var (data, _) = GaussianBlobs();
        var exact = new TsneAlgorithm(new TsneOptions { Seed = 2 }).Fit(data, Dim);
        var bh = new TsneAlgorithm(new TsneOptions { Seed = 2, ExactBelow = 10 }).Fit(data, Dim);
        Assert.True(Math.Abs(exact.KlDivergence - bh.KlDivergence) < 0.1 * exact.KlDivergence,
            $"exact KL {exact.KlDivergence}, Barnes–Hut KL {bh.KlDivergence}");
    }

    [Theory]
    [InlineData(5000)] // exact
    [InlineData(10)]   // Barnes–Hut
    public void SameSeedGivesIdenticalBytesTwiceAndForOneAndTwoThreads(int exactBelow)
    {
        var (data, _) = GaussianBlobs();
        var options = new TsneOptions { Seed = 5, Iterations = 300, ExactBelow = exactBelow };
        var a = new TsneAlgorithm(options with { MaxDegreeOfParallelism = 1 }).Fit(data, Dim);
        var b = new TsneAlgorithm(options with { MaxDegreeOfParallelism = 1 }).Fit(data, Dim);
        var c = new TsneAlgorithm(options with { MaxDegreeOfParallelism = 2 }).Fit(data, Dim);
        Assert.Equal(Bytes(a), Bytes(b));
        Assert.Equal(Bytes(a), Bytes(c));
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.KlDivergence), BitConverter.DoubleToInt64Bits(c.KlDivergence));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentEmbeddings()
    {
        var (data, _) = GaussianBlobs();
        var a = new TsneAlgorithm(new TsneOptions { Seed = 1, Iterations = 300 }).Fit(data, Dim);
        var b = new TsneAlgorithm(new TsneOptions { Seed = 2, Iterations = 300 }).Fit(data, Dim);
        int differing = Enumerable.Range(0, a.Embedding.Length).Count(k => Math.Abs(a.Embedding[k] - b.Embedding[k]) > 1e-3);
        Assert.True(differing > a.Embedding.Length / 2, $"{differing} of {a.Embedding.Length} coordinates differ");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(10)]
    [InlineData(5.5)]
    public void EachRowsConditionalPHasTheEntropyOfThePerplexity(double perplexity)
    {
        var (data, _) = GaussianBlobs();
        var c = TsneAlgorithm.Calibrate(data, Dim, perplexity, threads: 2);
        Assert.Equal((int)(3 * perplexity) + 1, c.K);
        for (int i = 0; i < c.Rows; i++)
        {
            var p = c.Conditional.AsSpan(i * c.K, c.K);
            double sum = 0, bits = 0;
            foreach (double v in p)
            {
                sum += v;
                if (v > 0) bits -= v * Math.Log2(v);
            }
            Assert.Equal(1.0, sum, 1e-12);
            Assert.True(Math.Abs(bits - Math.Log2(perplexity)) <= 1e-3, $"row {i}: entropy {bits} bits, want {Math.Log2(perplexity)}");
            // Neighbours ascending by distance, never the row itself.
            var d = c.Distances.AsSpan(i * c.K, c.K);
            for (int t = 1; t < c.K; t++) Assert.True(d[t - 1] <= d[t]);
            Assert.DoesNotContain(i, c.Neighbours.AsSpan(i * c.K, c.K).ToArray());
        }
    }

    [Fact]
    public void NeighboursAreTheExactNearestRows()
    {
        var (data, _) = GaussianBlobs();
        var c = TsneAlgorithm.Calibrate(data, Dim, 10, threads: 1);
        foreach (int i in new[] { 0, 77, 239 })
        {
            double Dist(int j)
            {
                double s = 0;
                for (int a = 0; a < Dim; a++) { double e = (double)data[i * Dim + a] - data[j * Dim + a]; s += e * e; }
                return s;
            }
            var expected = Enumerable.Range(0, 240).Where(j => j != i).OrderBy(Dist).Take(c.K).ToArray();
            Assert.Equal(expected, c.Neighbours.AsSpan(i * c.K, c.K).ToArray());
            Assert.Equal(Dist(expected[0]), c.Distances[i * c.K], 1e-3);
        }
    }

    [Fact]
    public void JointPIsSymmetricAndSumsToOne()
    {
        var (data, _) = GaussianBlobs();
        var c = TsneAlgorithm.Calibrate(data, Dim, 30, threads: 2);
        var p = TsneAlgorithm.Symmetrise(c, c.Rows);
        var map = new Dictionary<(int, int), double>();
        for (int i = 0; i < c.Rows; i++)
            for (int a = p.RowStart[i]; a < p.RowStart[i + 1]; a++) map[(i, p.Columns[a])] = p.Values[a];
        Assert.Equal(1.0, map.Values.Sum(), 1e-12);
        foreach (var ((i, j), v) in map)
        {
            Assert.NotEqual(i, j);
            Assert.Equal(v, map[(j, i)]);
        }
        // P_ij = (P_j|i + P_i|j) / 2N for one pair.
        int row = 3, col = c.Neighbours[row * c.K];
        double pji = c.Conditional[row * c.K];
        int back = Array.IndexOf(c.Neighbours, row, col * c.K, c.K);
        double pij = back >= 0 ? c.Conditional[back] : 0;
        Assert.Equal((pji + pij) / (2 * c.Rows), map[(row, col)], 1e-12);
    }

    [Fact]
    public void SmallInputsLowerThePerplexityAndTinyOnesAreRejected()
    {
        var (data, blob) = GaussianBlobs();
        var rows = data.AsSpan(0, 20 * Dim); // 20 rows: perplexity capped at 19/3
        var result = new TsneAlgorithm(new TsneOptions { Iterations = 100 }).Fit(rows, Dim);
        Assert.Equal(19 / 3.0, result.Perplexity, 1e-12);
        Assert.All(result.Embedding, v => Assert.True(double.IsFinite(v)));
        Assert.Throws<ArgumentException>(() => new TsneAlgorithm().Fit(data.AsSpan(0, 3 * Dim), Dim));
        Assert.Throws<ArgumentException>(() => new TsneAlgorithm(new TsneOptions { Perplexity = 0.5 }).Fit(data, Dim));
        var bad = (float[])data.Clone();
        bad[5] = float.NaN;
        Assert.Throws<ZifPhaseException>(() => new TsneAlgorithm().Fit(bad, Dim));
        _ = blob;
    }

    [Fact]
    public void CoincidentRowsStayFinite()
    {
        // 30 copies of one row and 30 of another: zero distances within each group, for both gradients.
        var data = new float[60 * 3];
        for (int r = 30; r < 60; r++) data[r * 3] = 5;
        foreach (int exactBelow in new[] { 1000, 4 })
        {
            var result = new TsneAlgorithm(new TsneOptions { Perplexity = 5, Iterations = 300, ExactBelow = exactBelow }).Fit(data, 3);
            Assert.All(result.Embedding, v => Assert.True(double.IsFinite(v)));
            Assert.True(double.IsFinite(result.KlDivergence));
        }
    }

    [Fact]
    public void ProgressReportsIterationsAndKl()
    {
        var (data, _) = GaussianBlobs();
        var reports = new List<TsneProgress>();
        var progress = new ListProgress(reports);
        var result = new TsneAlgorithm(new TsneOptions { Iterations = 110 }).Fit(data, Dim, progress);
        Assert.Equal([25, 50, 75, 100, 110], reports.Select(r => r.Iteration));
        Assert.Equal(result.KlDivergence, reports[^1].KlDivergence);
        Assert.All(reports, r => Assert.True(r.KlDivergence > 0));
    }

    private sealed class ListProgress(List<TsneProgress> list) : IProgress<TsneProgress>
    {
        public void Report(TsneProgress value) => list.Add(value);
    }

    [Fact]
    public void StratifiedSampleKeepsClassSharesAndIsSeeded()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i < 700 ? 0 : i < 950 ? 1 : 2).ToArray();
        var a = TsneAlgorithm.StratifiedSample(labels, 100, seed: 3);
        Assert.Equal(100, a.Length);
        Assert.Equal(a.Order().ToArray(), a);
        Assert.Equal(100, a.Distinct().Count());
        Assert.Equal(70, a.Count(r => labels[r] == 0));
        Assert.Equal(25, a.Count(r => labels[r] == 1));
        Assert.Equal(5, a.Count(r => labels[r] == 2));
        Assert.Equal(a, TsneAlgorithm.StratifiedSample(labels, 100, seed: 3));
        Assert.NotEqual(a, TsneAlgorithm.StratifiedSample(labels, 100, seed: 4));
        Assert.Equal(Enumerable.Range(0, 1000), TsneAlgorithm.StratifiedSample(labels, 5000, seed: 3));
        // Largest remainders: 10 of (7, 2.5, 0.5) → 7, 3 (remainder 0.5 first by class order), 0.
        var b = TsneAlgorithm.StratifiedSample(labels, 10, seed: 1);
        Assert.Equal([7, 3, 0], new[] { 0, 1, 2 }.Select(c => b.Count(r => labels[r] == c)));
    }
}

public class TsneGradientTests
{
    private static (float[] Data, double[] Y) Layout(int n, int seed)
    {
        var rng = new Random(seed);
        var data = new float[n * 5];
        for (int k = 0; k < data.Length; k++) data[k] = (float)(rng.NextDouble() * 4);
        var y = new double[2 * n];
        for (int k = 0; k < y.Length; k++) y[k] = rng.NextDouble() * 6 - 3;
        return (data, y);
    }

    [Fact]
    public void ExactGradientMatchesFiniteDifferencesOfKl()
    {
        var (data, y) = Layout(40, 1);
        var (_, engine) = TsneAlgorithm.Prepare(data, 5, 8, barnesHut: false, theta: 0.5, threads: 1);
        var grad = new double[y.Length];
        engine.Gradient(y, 1.0, grad);
        const double h = 1e-6;
        for (int k = 0; k < y.Length; k += 7)
        {
            var plus = (double[])y.Clone();
            var minus = (double[])y.Clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (engine.KlDivergence(plus) - engine.KlDivergence(minus)) / (2 * h);
            Assert.True(Math.Abs(numeric - grad[k]) < 1e-6 + 1e-4 * Math.Abs(grad[k]), $"coordinate {k}: analytic {grad[k]}, numeric {numeric}");
        }
    }

    [Fact]
    public void BarnesHutGradientApproachesTheExactOne()
    {
        var (data, y) = Layout(300, 2);
        var (_, exact) = TsneAlgorithm.Prepare(data, 5, 30, barnesHut: false, theta: 0.5, threads: 2);
        var (_, bh0) = TsneAlgorithm.Prepare(data, 5, 30, barnesHut: true, theta: 0, threads: 2);
        var (_, bh5) = TsneAlgorithm.Prepare(data, 5, 30, barnesHut: true, theta: 0.5, threads: 2);
        double[] ge = new double[600], g0 = new double[600], g5 = new double[600];
        exact.Gradient(y, 12, ge);
        bh0.Gradient(y, 12, g0);
        bh5.Gradient(y, 12, g5);
        double norm = Math.Sqrt(ge.Sum(v => v * v));
        double Error(double[] g) => Math.Sqrt(g.Zip(ge, (a, b) => (a - b) * (a - b)).Sum()) / norm;
        Assert.True(Error(g0) < 1e-10, $"θ = 0: relative error {Error(g0)}");
        Assert.True(Error(g5) < 0.05, $"θ = 0.5: relative error {Error(g5)}");
        Assert.True(Error(g5) > 0, "θ = 0.5 should approximate");
        Assert.Equal(exact.KlDivergence(y), bh0.KlDivergence(y), 1e-10);
    }
}
