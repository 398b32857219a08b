using ZifPhase.Learning;
using ZifPhase.Reporting;

namespace ZifPhase.Tests.Learning;

public class MetricsTests
{
    private static readonly string[] Classes = ["ZIF-4", "ZIF-zni", "glass"];

    // truth:     0 0 0 0 1 1 1 2 2 2
    // predicted: 0 0 1 0 1 1 2 2 2 0
    private static readonly int[] Truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 0, 1, 1, 2, 2, 2, 0];

    [Fact]
    public void HandComputedConfusionPrecisionRecallF1()
    {
        var m = new Metrics(Classes, Truth, Predicted);
        Assert.Equal(10, m.Total);
        Assert.Equal(7, m.Correct);
        Assert.Equal(0.7, m.Accuracy, 1e-15);
        long[,] expected = { { 3, 1, 0 }, { 0, 2, 1 }, { 1, 0, 2 } };
        Assert.Equal(expected, m.Confusion);
        // ZIF-4: precision 3/4, recall 3/4; ZIF-zni: 2/3, 2/3; glass: 2/3, 2/3.
        Assert.Equal(0.75, m.PerClass[0].Precision, 1e-15);
        Assert.Equal(0.75, m.PerClass[0].Recall, 1e-15);
        Assert.Equal(0.75, m.PerClass[0].F1, 1e-15);
        Assert.Equal(2.0 / 3, m.PerClass[1].Precision, 1e-15);
        Assert.Equal(2.0 / 3, m.PerClass[2].Recall, 1e-15);
        Assert.Equal(4, m.PerClass[0].Support);
        var n = m.NormalisedConfusion();
        Assert.Equal(0.25, n[0, 1], 1e-15);
        Assert.Equal(1.0 / 3, n[2, 0], 1e-15);
    }

    [Fact]
    public void ClassNeverPredictedHasZeroPrecisionNotNaN()
    {
        var m = new Metrics(Classes, [0, 1, 2], [0, 0, 0]);
        Assert.Equal(0, m.PerClass[1].Precision);
        Assert.Equal(0, m.PerClass[1].F1);
        Assert.Equal(1.0 / 3, m.PerClass[0].Precision, 1e-15);
    }

    [Fact]
    public void JsonHasTheDocumentedKeys()
    {
        var json = new Metrics(Classes, Truth, Predicted).ToJson();
        Assert.Equal(0.7, (double)json["accuracy"]!, 1e-15);
        Assert.Equal(3, json["classes"]!.AsArray().Count);
        Assert.Equal(1, (long)json["confusion"]![0]![1]!);
        Assert.Equal(0.75, (double)json["per_class"]!["ZIF-4"]!["f1"]!, 1e-15);
    }

    [Fact]
    public void ConfusionPlotsArePngAndSvgNamingEveryClass()
    {
        var dir = TestPaths.NewTempDir();
        var m = new Metrics(Classes, Truth, Predicted);
        Plots.ConfusionMatrix(m, Path.Combine(dir, "confusion"), normalised: false, "test model");
        Plots.ConfusionMatrix(m, Path.Combine(dir, "confusion_normalised"), normalised: true, "test model");
        foreach (var name in new[] { "confusion", "confusion_normalised" })
        {
            var png = File.ReadAllBytes(Path.Combine(dir, name + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            var svg = File.ReadAllText(Path.Combine(dir, name + ".svg"));
            Assert.Contains("<svg", svg);
            foreach (var c in Classes) Assert.Contains(c, svg);
        }
        Assert.Contains("25.0 %", File.ReadAllText(Path.Combine(dir, "confusion_normalised.svg")));
        Assert.Equal(4, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void BalancedAccuracyIsTheMeanRecallOfClassesWithRows()
    {
        var m = new Metrics(Classes, Truth, Predicted);
        Assert.Equal((0.75 + 2.0 / 3 + 2.0 / 3) / 3, m.BalancedAccuracy, 1e-15);
        // Always saying the large class: accuracy 0.9, balanced accuracy 0.5 (glass has no rows and does not count).
        var always = new Metrics(Classes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(0.9, always.Accuracy, 1e-15);
        Assert.Equal(0.5, always.BalancedAccuracy, 1e-15);
        Assert.Equal(0.5, (double)always.ToJson()["balanced_accuracy"]!, 1e-15);
    }

    [Fact]
    public void IntervalsComeFromABootstrapOverFramesAndSayWhatTheyRestOn()
    {
        // Five frames of two rows: frames 0, 1, 3 all right, frame 2 half right, frame 4 all wrong → 7/10.
        int[] truth = [0, 0, 1, 1, 2, 2, 0, 1, 2, 0];
        int[] predicted = [0, 0, 1, 1, 2, 0, 0, 1, 0, 1];
        long[] frames = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
        var m = new Metrics(Classes, truth, predicted, frames);
        Assert.Equal(0.7, m.Accuracy, 1e-15);
        Assert.Equal(5, m.Frames);
        var ci = m.AccuracyInterval!;
        Assert.True(ci.Low < m.Accuracy && m.Accuracy < ci.High, $"{ci}");
        Assert.InRange(ci.Low, 0.3, 0.6);
        Assert.InRange(ci.High, 0.85, 1.0);
        Assert.NotNull(m.BalancedAccuracyInterval);
        // Same rows, same interval (the bootstrap is seeded).
        Assert.Equal(ci, new Metrics(Classes, truth, predicted, frames).AccuracyInterval);
        var json = m.ToJson();
        Assert.Equal(ci.Low, (double)json["accuracy_ci95"]![0]!, 1e-15);
        Assert.Equal(ci.High, (double)json["accuracy_ci95"]![1]!, 1e-15);
        Assert.Equal(2, json["balanced_accuracy_ci95"]!.AsArray().Count);
        Assert.Equal(5, (int)json["frames"]!);
        Assert.Equal(10, (long)json["rows"]!);
        Assert.Contains("bootstrap over frames", (string)json["interval"]!);
        Assert.Matches(@"^70\.0 % \(95 % CI [0-9.]+–[0-9.]+ %; 5 frames, 10 rows\)$", m.Describe());
    }

    [Fact]
    public void OneFrameOfManyRowsGivesNoSpreadButManyFramesDo()
    {
        // All rows right: the interval is [1, 1] however the frames are drawn.
        var perfect = new Metrics(Classes, [0, 1, 2, 0], [0, 1, 2, 0], [7, 7, 8, 8]);
        Assert.Equal(new ScoreInterval(1, 1), perfect.AccuracyInterval);
        // Without frames there is no interval, and JSON says so with nulls.
        var plain = new Metrics(Classes, Truth, Predicted);
        Assert.Null(plain.AccuracyInterval);
        Assert.Null(plain.ToJson()["accuracy_ci95"]);
    }
}
