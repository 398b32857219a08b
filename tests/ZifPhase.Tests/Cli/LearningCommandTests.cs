using System.Text.Json.Nodes;
using ZifPhase.Learning;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Cli;

/// <summary>dataset build → train → evaluate → predict → experiment cross, through the command line.</summary>
public class LearningCommandTests
{
    private static (string Dir, string Dataset) BuildDataset()
    {
        var manifestDir = DatasetTestData.WriteThreeSources();
        var dataset = Path.Combine(manifestDir, "train.h5");
        var (code, _, stderr) = CliRunner.Run("dataset", "build", Path.Combine(manifestDir, "manifest.toml"), "-o", dataset);
        Assert.True(code == 0, stderr);
        return (manifestDir, dataset);
    }

    [Fact]
    public void TrainWritesModelMetricsAndPlotsAndSeparatesZif4FromCpII()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "bpsf.json");
        var (code, stdout, stderr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "200", "--seed", "3", "-o", model);
        Assert.True(code == 0, stderr);
        foreach (var f in new[] { "bpsf.json", "bpsf.metrics.json", "bpsf.confusion.png", "bpsf.confusion.svg", "bpsf.confusion_normalised.png", "bpsf.confusion_normalised.svg" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Contains("ZIF-4-cp-II", stdout);
        // ZIF-4 (3.65 Zn/nm³) and ZIF-4-cp-II (4.92 Zn/nm³) have very different Zn–Zn distances: the BPSF separate
        // them completely, so held-out accuracy must be perfect.
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "bpsf.metrics.json")))!;
        Assert.Equal(1.0, (double)metrics["accuracy"]!);
        var loaded = ModelFile.Load(model);
        Assert.Equal(["ZIF-4", "ZIF-4-cp-II"], loaded.ClassNames);
        Assert.Equal([12, 24, 2], loaded.Network.LayerSizes);
        Assert.Equal(ScalerKind.MinMax, loaded.Scaler.Kind);
        Assert.Equal(Dataset.Load(dataset).ContentHash, loaded.Training!.DatasetHash);
        Assert.Equal(3, loaded.Training.Seed);

        var (evalCode, evalOut, evalErr) = CliRunner.Run("evaluate", model, dataset, "--json");
        Assert.True(evalCode == 0, evalErr);
        var evaluation = JsonNode.Parse(evalOut.Trim())!;
        Assert.Equal(1.0, (double)evaluation["accuracy"]!);
        Assert.Equal(2, evaluation["confusion"]!.AsArray().Count);
        Assert.NotNull(evaluation["per_class"]!["ZIF-4"]!["f1"]);
    }

    [Fact]
    public void SameSeedGivesTheSameModelBytesWithOneAndTwoThreads()
    {
        var (dir, dataset) = BuildDataset();
        string one = Path.Combine(dir, "one.json"), two = Path.Combine(dir, "two.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "20", "--threads", "1", "-o", one).Code);
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "20", "--threads", "2", "-o", two).Code);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(two));
    }

    [Fact]
    public void PredictClassifiesDescribedRows()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "200", "-o", model).Code);
        var features = Path.Combine(dir, "cp2.npy");
        Assert.Equal(0, CliRunner.Run("describe", TestPaths.Data("structures", "widmer-2019", "ZIF-4-cp-II.cif"), "--preset", "paper-bpsf", "-o", features).Code);
        var (code, stdout, stderr) = CliRunner.Run("predict", model, features);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,phase,p_ZIF-4,p_ZIF-4-cp-II", lines[0]);
        Assert.Equal(17, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal("ZIF-4-cp-II", l.Split(',')[1]));
        // A SOAP row does not fit a BPSF model.
        var soap = Path.Combine(dir, "soap.npy");
        Assert.Equal(0, CliRunner.Run("describe", TestPaths.Data("structures", "widmer-2019", "ZIF-4-cp-II.cif"), "--preset", "paper-soap", "-o", soap).Code);
        var (bad, _, badErr) = CliRunner.Run("predict", model, soap);
        Assert.Equal(1, bad);
        Assert.Contains("780", badErr);
    }

    [Fact]
    public void EvaluateRefusesADatasetBuiltWithAnotherDescriptor()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "5", "-o", model).Code);
        var manifest = DatasetTestData.WriteThreeSources();
        var text = File.ReadAllText(Path.Combine(manifest, "manifest.toml")).Replace("descriptor = \"paper-bpsf\"", "descriptor = \"paper-soap\"");
        File.WriteAllText(Path.Combine(manifest, "manifest.toml"), text);
        var soapSet = Path.Combine(manifest, "soap.h5");
        Assert.Equal(0, CliRunner.Run("dataset", "build", Path.Combine(manifest, "manifest.toml"), "-o", soapSet).Code);
        var (code, _, stderr) = CliRunner.Run("evaluate", model, soapSet);
        Assert.Equal(1, code);
        Assert.Contains("another descriptor", stderr);
        Assert.Contains("(model vs dataset: kind acsf vs soap)", stderr); // which settings differ, not two full specs
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void CrossExperimentWritesTheTable()
    {
        var manifestDir = DatasetTestData.WriteThreeSources();
        var outDir = Path.Combine(manifestDir, "cross");
        var (code, stdout, stderr) = CliRunner.Run("experiment", "cross", Path.Combine(manifestDir, "manifest.toml"), "--preset", "paper-bpsf",
            "--epochs", "100", "-o", outDir);
        Assert.True(code == 0, stderr);
        var csv = File.ReadAllLines(Path.Combine(outDir, "cross.csv"));
        Assert.Equal("trained_on,tested_on,accuracy,test_rows", csv[0]);
        Assert.Equal(1 + 9, csv.Length); // {ffA, ffB, all} × {ffA, ffB, all}
        // Tag ffB holds only ZIF-4: a model trained on it never predicts cp-II, so its accuracy on ffA's held-out
        // rows (ZIF-4 and cp-II) cannot be perfect, while training on all must be.
        double Acc(string train, string test) => double.Parse(csv.Single(l => l.StartsWith($"{train},{test},", StringComparison.Ordinal)).Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1.0, Acc("all", "all"));
        Assert.True(Acc("ffB", "ffA") < 1.0);
        Assert.True(File.Exists(Path.Combine(outDir, "cross.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "cross.png")));
        Assert.Contains("trained on", stdout);
    }
}
