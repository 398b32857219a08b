using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

public class MlpTrainerTests
{
    private static double TrainingAccuracy(TrainingResult result, float[] features, int dimension, int[] labels, int[] rows)
    {
        var net = result.Network;
        var scaled = new float[rows.Length * dimension];
        for (int i = 0; i < rows.Length; i++)
            result.Scaler.Transform(features.AsSpan(rows[i] * dimension, dimension), scaled.AsSpan(i * dimension, dimension));
        var p = new float[rows.Length * net.Classes];
        net.PredictProbabilities(scaled, rows.Length, p);
        int correct = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            var row = p.AsSpan(i * net.Classes, net.Classes);
            int best = 0;
            for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            if (best == labels[rows[i]]) correct++;
        }
        return (double)correct / rows.Length;
    }

    /// <summary>Gaussian blobs at given centres; label = the blob's class.</summary>
    private static (float[] X, int[] Y) Blobs(int perBlob, double spread, int seed, params (double X, double Y, int Label)[] centres)
    {
        var rng = new Random(seed);
        var x = new float[centres.Length * perBlob * 2];
        var y = new int[centres.Length * perBlob];
        int r = 0;
        foreach (var (cx, cy, label) in centres)
        {
            for (int i = 0; i < perBlob; i++, r++)
            {
                x[2 * r] = (float)(cx + spread * (2 * rng.NextDouble() - 1));
                x[2 * r + 1] = (float)(cy + spread * (2 * rng.NextDouble() - 1));
                y[r] = label;
            }
        }
        return (x, y);
    }

    private static int[] All(int n) => [.. Enumerable.Range(0, n)];

    [Fact]
    public void LearnsLinearlySeparableClassesToFullTrainingAccuracy()
    {
        var (x, y) = Blobs(40, 0.8, 1, (0, 0, 0), (4, 0, 1), (2, 4, 2));
        var opts = new TrainingOptions { Hidden = [8], MaxEpochs = 150, BatchSize = 20, LearningRate = 0.01, EarlyStopping = EarlyStopping.None };
        var result = Trainer.Fit(x, 2, y, 3, All(y.Length), opts);
        Assert.Equal(1.0, TrainingAccuracy(result, x, 2, y, All(y.Length)));
        Assert.Equal(150, result.Epochs);
        Assert.False(result.Converged);
        Assert.True(result.History[^1].Loss < result.History[0].Loss / 5, $"loss {result.History[0].Loss} → {result.History[^1].Loss}");
        Assert.Equal([2, 8, 3], result.Network.LayerSizes);
    }

    [Fact]
    public void LearnsXorLikeFourClusterProblemToFullTrainingAccuracy()
    {
        // Not linearly separable: opposite corners share a label.
        var (x, y) = Blobs(50, 0.5, 2, (-1, -1, 0), (1, 1, 0), (-1, 1, 1), (1, -1, 1));
        var opts = new TrainingOptions { Hidden = [16], MaxEpochs = 200, BatchSize = 25, LearningRate = 0.01, EarlyStopping = EarlyStopping.None, Seed = 3 };
        var result = Trainer.Fit(x, 2, y, 2, All(y.Length), opts);
        Assert.Equal(1.0, TrainingAccuracy(result, x, 2, y, All(y.Length)));
        Assert.Equal(1.0, result.History[^1].TrainAccuracy);
        Assert.Null(result.History[^1].ValidationAccuracy);
    }

    private static (float[] X, int[] Y) RandomProblem(int rows, int dimension, int classes, int seed)
    {
        var rng = new Random(seed);
        var x = new float[rows * dimension];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 3 - 1);
        var y = new int[rows];
        for (int r = 0; r < rows; r++) y[r] = (int)(Math.Abs(x[r * dimension] + 0.5 * x[r * dimension + 1]) * 2) % classes;
        return (x, y);
    }

    [Fact]
    public void SameSeedGivesIdenticalBitsWithOneAndTwoThreadsAndOtherSeedsDiffer()
    {
        // 40-64-32-3 at batch 64: each layer's 64×40×64 multiply-adds is above the parallel threshold, so two threads really split it.
        var (x, y) = RandomProblem(300, 40, 3, 5);
        var opts = new TrainingOptions { Hidden = [64, 32], MaxEpochs = 3, BatchSize = 64, EarlyStopping = EarlyStopping.None, Seed = 42 };
        var one = Trainer.Fit(x, 40, y, 3, All(300), opts with { MaxDegreeOfParallelism = 1 });
        var two = Trainer.Fit(x, 40, y, 3, All(300), opts with { MaxDegreeOfParallelism = 2 });
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(one.Network.Weights[l], two.Network.Weights[l]);
            Assert.Equal(one.Network.Biases[l], two.Network.Biases[l]);
        }
        Assert.Equal(one.History.Select(h => h.Loss), two.History.Select(h => h.Loss));

        var other = Trainer.Fit(x, 40, y, 3, All(300), opts with { Seed = 43, MaxDegreeOfParallelism = 1 });
        Assert.NotEqual(one.Network.Weights[0], other.Network.Weights[0]);
        Assert.NotEqual(new Mlp([4, 5, 2], 1).Weights[0], new Mlp([4, 5, 2], 2).Weights[0]);
        Assert.Equal(new Mlp([4, 5, 2], 1).Weights[0], new Mlp([4, 5, 2], 1).Weights[0]);

        // Prediction is chunked (256 rows) and does not depend on threads either.
        var scaled = new float[x.Length];
        one.Scaler.Transform(x, scaled);
        var p1 = new float[300 * 3];
        var p2 = new float[300 * 3];
        one.Network.PredictProbabilities(scaled, 300, p1, 1);
        one.Network.PredictProbabilities(scaled, 300, p2, 2);
        Assert.Equal(p1, p2);
    }

    [Fact]
    public void GlorotInitialisationStaysWithinSklearnBound()
    {
        var net = new Mlp([780, 100, 7], 0);
        double b0 = Math.Sqrt(6.0 / 880), b1 = Math.Sqrt(6.0 / 107);
        Assert.All(net.Weights[0], v => Assert.InRange(v, -b0, b0));
        Assert.All(net.Biases[0], v => Assert.InRange(v, -b0, b0));
        Assert.All(net.Weights[1], v => Assert.InRange(v, -b1, b1));
        // Uniform: the mean of |w| is about bound/2.
        Assert.Equal(b0 / 2, net.Weights[0].Average(v => Math.Abs(v)), 0.01);
        Assert.Equal(b1 / 2, net.Weights[1].Average(v => Math.Abs(v)), 0.03);
    }

    [Fact]
    public void ProbabilitiesSumToOne()
    {
        var net = new Mlp([12, 24, 7], 9);
        var (x, _) = RandomProblem(301, 12, 7, 1);
        var p = new float[301 * 7];
        net.PredictProbabilities(x, 301, p);
        for (int r = 0; r < 301; r++)
        {
            var row = p.AsSpan(r * 7, 7);
            double sum = 0;
            foreach (float v in row) { Assert.InRange(v, 0f, 1f); sum += v; }
            Assert.Equal(1.0, sum, 1e-5);
        }
        Assert.True(p.Distinct().Count() > 100);
    }

    [Fact]
    public void TrainingLossPlateauStopsBySklearnRule()
    {
        // A learning rate of 1e-9 keeps the loss flat: epoch 1 sets best_loss, epochs 2.. each fail to improve by tol,
        // and the count exceeds Patience = 3 after epoch 5 (sklearn: _no_improvement_count > n_iter_no_change).
        var (x, y) = RandomProblem(100, 4, 2, 3);
        var opts = new TrainingOptions { Hidden = [5], MaxEpochs = 100, BatchSize = 10, LearningRate = 1e-9, Patience = 3, Tolerance = 1e-4 };
        var reports = new List<EpochReport>();
        var result = Trainer.Fit(x, 4, y, 2, All(100), opts, new SyncProgress(reports));
        Assert.True(result.Converged);
        Assert.Equal(5, result.Epochs);
        Assert.Equal(5, result.History.Count);
        Assert.Equal(result.History, reports);
        Assert.Equal([1, 2, 3, 4, 5], result.History.Select(h => h.Epoch));

        // With EarlyStopping.None the same run goes to MaxEpochs.
        var none = Trainer.Fit(x, 4, y, 2, All(100), opts with { EarlyStopping = EarlyStopping.None, MaxEpochs = 12 });
        Assert.False(none.Converged);
        Assert.Equal(12, none.Epochs);

        // A learning run keeps improving for a while: it must not stop at the first epochs.
        var learning = Trainer.Fit(x, 4, y, 2, All(100), opts with { LearningRate = 0.01, MaxEpochs = 30 });
        Assert.True(learning.Epochs > 5);
        // Replay the rule on its history: it stops exactly where the rule first fires (or at MaxEpochs).
        double best = double.PositiveInfinity;
        int count = 0, stopAt = learning.History.Count;
        foreach (var h in learning.History)
        {
            count = h.Loss > best - opts.Tolerance ? count + 1 : 0;
            best = Math.Min(best, h.Loss);
            if (count > opts.Patience) { stopAt = h.Epoch; break; }
        }
        Assert.Equal(stopAt, learning.Epochs);
    }

    [Fact]
    public void ValidationStoppingKeepsTheBestWeights()
    {
        var (x, y) = RandomProblem(400, 6, 3, 8);
        var opts = new TrainingOptions
        {
            Hidden = [10], MaxEpochs = 60, BatchSize = 32, LearningRate = 0.02, EarlyStopping = EarlyStopping.Validation,
            ValidationFraction = 0.2, Patience = 4, Seed = 5,
        };
        var result = Trainer.Fit(x, 6, y, 3, All(400), opts);
        Assert.All(result.History, h => Assert.NotNull(h.ValidationAccuracy));
        var (fit, validation) = Trainer.StratifiedHoldOut(All(400), y, 3, 0.2, 5);
        Assert.Equal(80, validation.Length);
        Assert.Empty(fit.Intersect(validation));
        for (int c = 0; c < 3; c++)
            Assert.Equal(Math.Round(0.2 * y.Count(v => v == c), MidpointRounding.ToEven), validation.Count(r => y[r] == c));
        double best = result.History.Max(h => h.ValidationAccuracy!.Value);
        Assert.Equal(best, TrainingAccuracy(result, x, 6, y, validation), 1e-12);
    }

    [Fact]
    public void PresetsHoldThePaperSettings()
    {
        var soap = Presets.Get("paper-soap").Training;
        Assert.Same(TrainingOptions.PaperSoap, soap);
        Assert.Equal([100], soap.Hidden);
        Assert.Equal(1000, soap.MaxEpochs);
        Assert.Equal(200, soap.BatchSize);
        Assert.Equal(1e-3, soap.LearningRate);
        Assert.Equal(1e-4, soap.L2);
        Assert.Equal(EarlyStopping.TrainingLoss, soap.EarlyStopping);
        Assert.Equal(1e-4, soap.Tolerance);
        Assert.Equal(10, soap.Patience);
        Assert.Equal(ScalerKind.Standard, soap.Scaler);

        var bpsf = Presets.Get("paper-bpsf").Training;
        Assert.Same(TrainingOptions.PaperBpsf, bpsf);
        Assert.Equal([24], bpsf.Hidden);
        Assert.Equal(350, bpsf.MaxEpochs);
        Assert.Equal(200, bpsf.BatchSize);
        Assert.Equal(1e-3, bpsf.LearningRate);
        Assert.Equal(0, bpsf.L2);
        Assert.Equal(EarlyStopping.None, bpsf.EarlyStopping);
        Assert.Equal(ScalerKind.MinMax, bpsf.Scaler);
        Assert.Throws<UsageException>(() => Presets.Get("paper-xyz"));
    }

    [Fact]
    public void AdamFirstStepMatchesHandComputation()
    {
        // t = 1: m = 0.1·g, v = 0.001·g², lr_t = lr·√0.001/0.1, so the step is lr·g/|g| (up to ε).
        var adam = new Adam([2], learningRate: 1e-3);
        float[] p = [1f, -2f];
        adam.Update([p], [new[] { 0.5f, -3f }]);
        Assert.Equal(1 - 1e-3, p[0], 1e-6);
        Assert.Equal(-2 + 1e-3, p[1], 1e-6);
        Assert.Equal(1, adam.Step);
    }

    [Fact]
    public void RejectsBadInput()
    {
        float[] x = [0, 1, 2, 3];
        Assert.Throws<ArgumentException>(() => Trainer.Fit(x, 2, [0, 5], 2, [0, 1], new TrainingOptions()));
        Assert.Throws<ArgumentException>(() => Trainer.Fit(x, 2, [0], 2, [0], new TrainingOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(x, 2, [0, 1], 2, [2], new TrainingOptions()));
        Assert.Throws<OperationCanceledException>(() =>
            Trainer.Fit(x, 2, [0, 1], 2, [0, 1], new TrainingOptions(), cancel: new CancellationToken(true)));
    }

    private sealed class SyncProgress(List<EpochReport> sink) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => sink.Add(value);
    }
}
