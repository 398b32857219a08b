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
    [InlineData("{\"format\":\"zifphase-model\",\"version\":2}", "version 2")]
    public void BadFilesAreClearErrors(string text, string expected)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "bad.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InputException>(() => ModelFile.Load(path));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains(expected, e.Message);
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
