using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning.Ensemble;

/// <summary>Ensembles, augmentation and run-grouped early stopping in <see cref="Trainer"/>.</summary>
public class EnsembleTests
{
    private static int[] All(int n) => Enumerable.Range(0, n).ToArray();

    /// <summary>Three noisy 3-d blobs, one per class.</summary>
    private static (float[] X, int[] Y) Blobs(int perClass, int seed)
    {
        var rng = new Random(seed);
        var x = new List<float>();
        var y = new List<int>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
            {
                for (int j = 0; j < 3; j++) x.Add((float)((j == c ? 2 : 0) + rng.NextDouble() * 1.6 - 0.8));
                y.Add(c);
            }
        return ([.. x], [.. y]);
    }

    private static readonly TrainingOptions Small = new() { Hidden = [8], MaxEpochs = 15, BatchSize = 32, EarlyStopping = EarlyStopping.None, Seed = 11 };

    [Fact]
    public void MemberZeroIsTheSingleModelAndTheProbabilityIsTheMembersMean()
    {
        var (x, y) = Blobs(60, 1);
        var single = Trainer.Fit(x, 3, y, 3, All(y.Length), Small);
        var three = Trainer.Fit(x, 3, y, 3, All(y.Length), Small with { Ensemble = 3 });
        Assert.Equal(3, three.Members.Count);
        Assert.Equal(3, three.MemberTrainings.Count);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(single.Network.Weights[l], three.Members[0].Weights[l]);
            Assert.Equal(single.Network.Biases[l], three.Members[0].Biases[l]);
        }
        Assert.NotEqual(three.Members[0].Weights[0], three.Members[1].Weights[0]);
        Assert.NotEqual(three.Members[1].Weights[0], three.Members[2].Weights[0]);

        var model = PhaseClassifier.FromTraining(three, AcsfSpec.PaperBpsf, CentreSelection.Parse("Zn"), ["a", "b", "c"]);
        var a = model.Assign(x, null, 1);
        // An answer on feature rows names matrix rows, not atoms.
        Assert.Equal(y.Length, a.Count);
        Assert.Empty(a.Centres);
        Assert.Equal(Enumerable.Range(0, y.Length), a.Rows!);
        var picked = model.Assign(x.AsSpan(0, 2 * (x.Length / y.Length)), [7, 3], 1);
        Assert.Equal([7, 3], picked.Rows!);
        Assert.Equal(2, picked.Count);
        var scaled = new float[x.Length];
        three.Scaler.Transform(x, scaled);
        var each = three.Members.Select(m =>
        {
            var p = new float[y.Length * 3];
            m.PredictProbabilities(scaled, y.Length, p, 1);
            return p;
        }).ToArray();
        bool anySpread = false;
        for (int i = 0; i < y.Length; i++)
        {
            for (int c = 0; c < 3; c++)
                Assert.Equal((each[0][i * 3 + c] + (double)each[1][i * 3 + c] + each[2][i * 3 + c]) / 3, a.Row(i)[c], 1e-6);
            int k = a.Label(i);
            double mean = each.Average(p => (double)p[i * 3 + k]);
            double sd = Math.Sqrt(each.Average(p => (p[i * 3 + k] - mean) * (p[i * 3 + k] - mean)));
            Assert.Equal(sd, a.Spread[i], 1e-6);
            anySpread |= a.Spread[i] > 1e-3;
        }
        Assert.True(anySpread, "three differently initialised members never disagree");
        // A single network has no spread.
        var one = PhaseClassifier.FromTraining(single, AcsfSpec.PaperBpsf, CentreSelection.Parse("Zn"), ["a", "b", "c"]).Assign(x, null);
        Assert.All(one.Spread, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void EnsembleAugmentationAndRunStoppingAreBitIdenticalForOneAndTwoThreads()
    {
        var (x, y) = Blobs(80, 2);
        var source = y.Select((c, i) => c * 2 + i % 2).ToArray();       // two runs per class
        var frame = y.Select((_, i) => i / 2).ToArray();
        var options = Small with { Ensemble = 2, Augment = Augmentation.Noise(0.1), EarlyStopping = EarlyStopping.Run, Patience = 3, MaxEpochs = 30 };
        var one = Trainer.Fit(x, 3, y, 3, All(y.Length), options with { MaxDegreeOfParallelism = 1 }, new RowProvenance(source, frame));
        var two = Trainer.Fit(x, 3, y, 3, All(y.Length), options with { MaxDegreeOfParallelism = 2 }, new RowProvenance(source, frame));
        for (int m = 0; m < 2; m++)
            for (int l = 0; l < 2; l++) Assert.Equal(one.Members[m].Weights[l], two.Members[m].Weights[l]);
        Assert.Equal(one.Novelty!.Threshold, two.Novelty!.Threshold);
        Assert.Equal(one.Novelty.Covariance, two.Novelty.Covariance);
    }

    [Fact]
    public void NoiseAugmentationChangesTheWeightsDeterministically()
    {
        var (x, y) = Blobs(60, 3);
        var plain = Trainer.Fit(x, 3, y, 3, All(y.Length), Small);
        var noisy = Trainer.Fit(x, 3, y, 3, All(y.Length), Small with { Augment = Augmentation.Noise(0.2) });
        var again = Trainer.Fit(x, 3, y, 3, All(y.Length), Small with { Augment = Augmentation.Noise(0.2) });
        Assert.NotEqual(plain.Network.Weights[0], noisy.Network.Weights[0]);
        Assert.Equal(noisy.Network.Weights[0], again.Network.Weights[0]);
        // Noise enters the training loss: with σ = 0.2 the blobs overlap more, the final loss is higher.
        Assert.True(noisy.History[^1].Loss > plain.History[^1].Loss, $"{noisy.History[^1].Loss} vs {plain.History[^1].Loss}");
    }

    [Theory]
    [InlineData("noise")]
    [InlineData("noise:")]
    [InlineData("noise:-0.1")]
    [InlineData("noise:0")]
    [InlineData("noise:abc")]
    [InlineData("gauss:0.1")]
    [InlineData("noise:nan")]
    public void MalformedAugmentationIsAOneLineUsageError(string text)
    {
        var e = Assert.Throws<UsageException>(() => Augmentation.Parse(text));
        Assert.Contains("noise:SIGMA", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AugmentationParsesAndPrints()
    {
        Assert.Equal(0.05, Augmentation.Parse("noise:0.05").NoiseSigma);
        Assert.Equal("noise:0.05", Augmentation.Parse("noise:0.05").ToString());
        Assert.True(Augmentation.Parse("none").IsNone);
    }

    [Fact]
    public void RunGroupedHoldOutTakesWholeRunsOrLateFramesAfterAGap()
    {
        // Class 0: three runs of 10 frames (sources 0, 1, 2); class 1: one run of 20 frames (source 3), 2 rows per frame.
        var labels = new List<int>();
        var source = new List<int>();
        var frame = new List<int>();
        for (int s = 0; s < 3; s++)
            for (int f = 0; f < 10; f++) { labels.Add(0); source.Add(s); frame.Add(f); }
        for (int f = 0; f < 20; f++)
            for (int k = 0; k < 2; k++) { labels.Add(1); source.Add(3); frame.Add(f); }
        var rows = All(labels.Count);
        var (fit, validation) = Trainer.RunGroupedHoldOut(rows, [.. labels], 2, new RowProvenance([.. source], [.. frame]), 0.2, 4, seed: 5);
        // Class 0: round(0.2 · 3) = 1 whole run held out.
        var heldRuns = validation.Where(r => labels[r] == 0).Select(r => source[r]).Distinct().ToArray();
        Assert.Single(heldRuns);
        Assert.Equal(10, validation.Count(r => labels[r] == 0));
        Assert.DoesNotContain(fit, r => source[r] == heldRuns[0]);
        Assert.Equal(20, fit.Count(r => labels[r] == 0));
        // Class 1: the last round(0.2 · 20) = 4 frames (16..19) validated, frames 12..15 in neither, 0..11 trained on.
        Assert.Equal([16, 17, 18, 19], validation.Where(r => labels[r] == 1).Select(r => frame[r]).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, 12), fit.Where(r => labels[r] == 1).Select(r => frame[r]).Distinct().Order());
        // Seeded: the same seed holds out the same run.
        Assert.Equal(validation, Trainer.RunGroupedHoldOut(rows, [.. labels], 2, new RowProvenance([.. source], [.. frame]), 0.2, 4, seed: 5).Validation);
    }

    [Fact]
    public void RunEarlyStoppingRefitsOnAllRowsForTheBestEpoch()
    {
        var (x, y) = Blobs(80, 4);
        var source = y.Select((c, i) => c * 3 + i % 3).ToArray();
        var frame = y.Select((_, i) => i / 3).ToArray();
        var options = Small with { EarlyStopping = EarlyStopping.Run, Patience = 2, MaxEpochs = 200, LearningRate = 0.05 };
        var result = Trainer.Fit(x, 3, y, 3, All(y.Length), options, new RowProvenance(source, frame));
        var member = result.MemberTrainings[0];
        Assert.NotNull(member.BestEpoch);
        Assert.InRange(member.BestEpoch!.Value, 1, 199);
        Assert.Equal(member.BestEpoch.Value, result.Epochs);
        Assert.InRange(member.ValidationBalancedAccuracy!.Value, 0.5, 1.0);
        // The refit is exactly a fresh training on every row for the best epoch count.
        var refit = Trainer.Fit(x, 3, y, 3, All(y.Length), Small with { EarlyStopping = EarlyStopping.None, MaxEpochs = member.BestEpoch.Value, LearningRate = 0.05 });
        Assert.Equal(refit.Network.Weights[0], result.Network.Weights[0]);
        Assert.Contains(result.History, h => h.ValidationLoss is not null && !h.Refit);
        Assert.Equal(member.BestEpoch.Value, result.History.Count(h => h.Refit));
        // Nothing to hold out (one single-frame run per class): all epochs without early stopping, and a notice.
        var flat = Trainer.Fit(x, 3, y, 3, All(y.Length), options with { MaxEpochs = 7 }, new RowProvenance(y, new int[y.Length]));
        Assert.Equal(7, flat.Epochs);
        Assert.Null(flat.MemberTrainings[0].BestEpoch);
        Assert.Contains("nothing to hold out", flat.Notice);
        // Without provenance the mode cannot group rows.
        Assert.Throws<ArgumentException>(() => Trainer.Fit(x, 3, y, 3, All(y.Length), options));
    }
}
