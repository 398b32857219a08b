using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

public class ClassBalanceTests
{
    private static readonly string[] Classes = ["ZIF-4", "glass"];

    [Fact]
    public void BalancedWeightsAreNOverKTimesNc()
    {
        int[] labels = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 10)];
        var w = Trainer.BalancedWeights(labels, Enumerable.Range(0, 40).ToArray(), 3);
        Assert.Equal(40.0 / (2 * 30), w[0], 1e-6);
        Assert.Equal(40.0 / (2 * 10), w[1], 1e-6);
        Assert.Equal(0f, w[2]); // no rows: no weight, and it does not count in k
    }

    [Fact]
    public void WarnsWhenOneClassHasMoreThanThreeTimesTheRowsOfAnother()
    {
        int[] labels = [.. Enumerable.Repeat(0, 2624), .. Enumerable.Repeat(1, 336)];
        var all = Enumerable.Range(0, labels.Length).ToArray();
        var warning = Trainer.ImbalanceWarning(labels, all, Classes);
        Assert.NotNull(warning);
        Assert.Contains("ZIF-4 has 2,624 training rows, glass 336 (7.8×)", warning);
        Assert.DoesNotContain('\n', warning);
        int[] three = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 10)];
        Assert.Null(Trainer.ImbalanceWarning(three, Enumerable.Range(0, 40).ToArray(), Classes));
    }

    /// <summary>
    /// 900 rows of ZIF-4 around x = 0 and 100 of glass around x = 1.5 (unit spread): unweighted training puts the
    /// boundary deep in glass (always-ZIF-4 already scores 90 %), balanced weights move it to the middle.
    /// </summary>
    [Fact]
    public void BalancedWeightsRaiseTheRecallOfTheSmallClass()
    {
        var rng = new Random(5);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        int n = 1000;
        var labels = new int[n];
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i < 900 ? 0 : 1;
            x[i] = (float)((labels[i] == 0 ? 0 : 1.5) + Normal());
        }
        var rows = Enumerable.Range(0, n).ToArray();
        Metrics Fit(ClassWeighting w)
        {
            var options = TrainingOptions.PaperBpsf with { Hidden = [4], MaxEpochs = 60, ClassWeights = w, Seed = 1 };
            var result = Trainer.Fit(x, 1, labels, 2, rows, options);
            var model = new PhaseClassifier(ZifPhase.Descriptors.AcsfSpec.PaperBpsf, ZifPhase.Descriptors.CentreSelection.Parse("Zn"), result.Scaler, result.Network, Classes);
            var p = model.PredictFeatures(x);
            var predicted = Enumerable.Range(0, n).Select(i => p[2 * i + 1] > p[2 * i] ? 1 : 0).ToArray();
            return new Metrics(Classes, labels, predicted);
        }
        var plain = Fit(ClassWeighting.None);
        var balanced = Fit(ClassWeighting.Balanced);
        Assert.True(plain.PerClass[1].Recall < 0.45, $"unweighted glass recall {plain.PerClass[1].Recall:F3}");
        Assert.True(balanced.PerClass[1].Recall > 0.65, $"balanced glass recall {balanced.PerClass[1].Recall:F3}");
        Assert.True(balanced.BalancedAccuracy > plain.BalancedAccuracy + 0.1, $"{balanced.BalancedAccuracy:F3} vs {plain.BalancedAccuracy:F3}");
    }
}
