using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

public class ModelFileTests
{
    private static PhaseClassifier RandomModel(int seed)
    {
        var rng = new Random(seed);
        var features = Enumerable.Range(0, 50 * 12).Select(_ => (float)(rng.NextDouble() * 10)).ToArray();
        var scaler = Scaler.Fit(ScalerKind.MinMax, features, 12, Enumerable.Range(0, 50).ToArray());
        var network = new Mlp([12, 24, 3], seed);
        return new PhaseClassifier(AcsfSpec.PaperBpsf, CentreSelection.Parse("Zn"), scaler, network, ["A", "B", "C"],
            new TrainingRecord { Seed = seed, Epochs = 7, Hidden = [24] });
    }

    [Fact]
    public void SaveAndLoadGiveBitIdenticalProbabilities()
    {
        var model = RandomModel(5);
        var path = Path.Combine(TestPaths.NewTempDir(), "m.json");
        ModelFile.Save(model, path);
        var back = ModelFile.Load(path);
        var rng = new Random(9);
        var x = Enumerable.Range(0, 20 * 12).Select(_ => (float)(rng.NextDouble() * 12 - 1)).ToArray();
        Assert.Equal(model.PredictFeatures(x), back.PredictFeatures(x));
        Assert.Equal(model.ClassNames, back.ClassNames);
        Assert.Equal(model.Descriptor.ToJson(), back.Descriptor.ToJson());
        Assert.Equal(7, back.Training!.Epochs);
        Assert.Equal(model.Scaler.Offset, back.Scaler.Offset);
    }

    [Theory]
    [InlineData("{\"format\":\"zifphase-model\",\"version\":1", "corrupt")]
    [InlineData("{\"format\":\"something-else\",\"version\":1}", "not a ZifPhase model")]
    [InlineData("{\"format\":\"zifphase-model\",\"version\":3}", "version 3")]
    [InlineData("{\"format\":\"zifphase-model\",\"version\":2,\"classes\":[\"A\",\"B\"],\"descriptor\":{\"kind\":\"acsf\"},\"scaler\":{\"kind\":\"none\",\"offset\":[],\"scale\":[]}}", "corrupt")]
    public void BadFilesAreClearErrors(string text, string expected)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "bad.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InputException>(() => ModelFile.Load(path));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    /// <summary>A trained 3-member ensemble with a hidden-space novelty detector.</summary>
    private static PhaseClassifier TrainedEnsemble(NoveltySpace space)
    {
        var rng = new Random(4);
        int n = 240;
        var x = new float[n * 12];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 12; j++) x[i * 12 + j] = (float)(rng.NextDouble() + (j % 3 == y[i] ? 2 : 0));
        }
        var result = Trainer.Fit(x, 12, y, 3, Enumerable.Range(0, n).ToArray(),
            TrainingOptions.PaperBpsf with { MaxEpochs = 10, Ensemble = 3, NoveltySpace = space, Seed = 2 });
        return PhaseClassifier.FromTraining(result, AcsfSpec.PaperBpsf, CentreSelection.Parse("Zn"), ["A", "B", "C"],
            new TrainingRecord { Seed = 2, Epochs = 10, Ensemble = 3, MemberEpochs = [10, 10, 10] });
    }

    [Theory]
    [InlineData(NoveltySpace.Hidden)]
    [InlineData(NoveltySpace.Descriptor)]
    public void AVersion2EnsembleWithItsNoveltyBlockRoundTripsBitIdentically(NoveltySpace space)
    {
        var model = TrainedEnsemble(space);
        var path = Path.Combine(TestPaths.NewTempDir(), "m.json");
        ModelFile.Save(model, path);
        var text = File.ReadAllText(path);
        Assert.Contains("\"version\":2", text);
        Assert.Contains("\"members\":[{\"layers\":", text);
        Assert.Contains("\"novelty\":{\"method\":\"mahalanobis-tied\"", text);
        var back = ModelFile.Load(path);
        Assert.Equal(3, back.Members.Count);
        Assert.Equal(space, back.Novelty!.Space);
        Assert.Equal(model.Novelty!.Threshold, back.Novelty.Threshold);
        Assert.Equal(model.Novelty.Covariance, back.Novelty.Covariance);
        Assert.Equal(model.Novelty.Means, back.Novelty.Means);
        Assert.Equal(99.9, back.Novelty.Percentile);
        Assert.Equal(3, back.Training!.Ensemble);
        Assert.Equal([10, 10, 10], back.Training.MemberEpochs);
        Assert.Equal(text, ModelFile.ToJson(back));
        var rng = new Random(9);
        var x = Enumerable.Range(0, 40 * 12).Select(_ => (float)(rng.NextDouble() * 6 - 1)).ToArray();
        var a = model.Assign(x, null);
        var b = back.Assign(x, null);
        Assert.Equal(a.Probabilities, b.Probabilities);
        Assert.Equal(a.Spread, b.Spread);
        Assert.Equal(a.Novelty, b.Novelty);
        Assert.Contains(a.Spread, s => s > 0);
        Assert.Contains(Enumerable.Range(0, 40), i => a.IsUnknown(i));
    }

    [Fact]
    public void AVersion1FileWithTopLevelLayersIsStillRead()
    {
        var model = RandomModel(3);
        var root = System.Text.Json.Nodes.JsonNode.Parse(ModelFile.ToJson(model))!.AsObject();
        // The version 1 layout: "layers" at the top level, no "members", no "novelty".
        var layers = root["members"]![0]!["layers"]!.DeepClone();
        root.Remove("members");
        root["layers"] = layers;
        root["version"] = 1;
        var path = Path.Combine(TestPaths.NewTempDir(), "v1.json");
        File.WriteAllText(path, root.ToJsonString());
        var back = ModelFile.Load(path);
        Assert.Single(back.Members);
        Assert.Null(back.Novelty);
        Assert.Equal(model.Network.Weights[0], back.Network.Weights[0]);
        var x = Enumerable.Range(0, 5 * 12).Select(i => (float)(i % 7)).ToArray();
        var a = back.Assign(x, null);
        Assert.Equal(model.PredictFeatures(x), a.Probabilities);
        Assert.Null(a.NoveltyThreshold);
        Assert.All(Enumerable.Range(0, 5), i => Assert.False(a.IsUnknown(i)));
        Assert.Equal(1, back.Training!.Ensemble);
    }

    [Fact]
    public void ADescriptorThatDoesNotFitTheNetworkIsAnError()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "m.json");
        ModelFile.Save(RandomModel(1), path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"kind\":\"acsf\"", "\"kind\":\"acsf\",\"g1\":true").Replace(",\"g1\":false", ""));
        var e = Assert.Throws<InputException>(() => ModelFile.Load(path));
        Assert.Contains("13 features", e.Message);
    }
}

public class PhaseClassifierTests
{
    [Fact]
    public void ClassifyFrameLabelsEveryZnAndIsInvariantUnderRotationAndPermutation()
    {
        // Train ZIF-4 vs ZIF-4-cp-II on jittered copies, then classify the untouched experimental cp-II cell.
        var zif4 = ZifPhase.Tests.Learning.Data.DatasetTestData.Zif4;
        var cp2 = ZifPhase.Tests.Learning.Data.DatasetTestData.CpII;
        var descriptor = AcsfSpec.PaperBpsf.Create();
        var rows = new List<float>();
        var labels = new List<int>();
        foreach (var (frame, label) in ZifPhase.Tests.Learning.Data.DatasetTestData.Jittered(zif4, 4, 1).Select(f => (f, 0))
                     .Concat(ZifPhase.Tests.Learning.Data.DatasetTestData.Jittered(cp2, 4, 2).Select(f => (f, 1))))
        {
            var zn = frame.IndicesOf(ZifPhase.Structures.Element.Zn);
            rows.AddRange(descriptor.Compute(frame, zn).Select(v => (float)v));
            labels.AddRange(Enumerable.Repeat(label, zn.Length));
        }
        var all = Enumerable.Range(0, labels.Count).ToArray();
        var result = Trainer.Fit(rows.ToArray(), 12, labels.ToArray(), 2, all, TrainingOptions.PaperBpsf with { MaxEpochs = 200 });
        var model = new PhaseClassifier(AcsfSpec.PaperBpsf, CentreSelection.Parse("Zn"), result.Scaler, result.Network, ["ZIF-4", "ZIF-4-cp-II"]);

        var assignment = model.Classify(cp2);
        Assert.Equal(cp2.IndicesOf(ZifPhase.Structures.Element.Zn), assignment.Centres);
        Assert.All(Enumerable.Range(0, assignment.Centres.Length), i => Assert.Equal(1, assignment.Label(i)));
        Assert.All(Enumerable.Range(0, assignment.Centres.Length), i => Assert.Equal(1f, assignment.Row(i)[0] + assignment.Row(i)[1], 1e-6f));
        Assert.Equal(0, model.Classify(zif4).Label(0));

        // Rotate everything (positions and cell) by 90° about z and reverse the atom order: the same probabilities per atom.
        static ZifPhase.Structures.Vec3 R(ZifPhase.Structures.Vec3 v) => new(-v.Y, v.X, v.Z);
        var n = cp2.AtomCount;
        var order = Enumerable.Range(0, n).Reverse().ToArray();
        var moved = new ZifPhase.Structures.Frame(order.Select(i => R(cp2.Positions[i])).ToArray(), order.Select(i => cp2.Elements[i]).ToArray(),
            new ZifPhase.Structures.Cell(R(cp2.Cell.A), R(cp2.Cell.B), R(cp2.Cell.C)));
        var again = model.Classify(moved);
        for (int i = 0; i < assignment.Centres.Length; i++)
        {
            int j = Array.IndexOf(again.Centres, n - 1 - assignment.Centres[i]);
            Assert.Equal(assignment.Row(i)[1], again.Row(j)[1], 1e-5f);
        }
    }
}
