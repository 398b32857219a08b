using ZifPhase.Structures;
using System.Text.Json.Nodes;
using ZifPhase.Learning;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Cli;

/// <summary>dataset build → train → evaluate → predict → experiment cross, through the command line.</summary>
public class LearningCommandTests
{
    /// <summary>The three-source test dataset built through `dataset build` (also used by UnknownCommandTests).</summary>
    internal static (string Dir, string Dataset) BuildDataset()
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
        Assert.Equal("row,phase,p_ZIF_4,p_ZIF_4_cp_II,spread,novelty", lines[0]);
        Assert.Equal(17, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal("ZIF-4-cp-II", l.Split(',')[1]));
        var predicted = Path.Combine(dir, "predicted.csv");
        Assert.Equal(0, CliRunner.Run("predict", model, features, "-o", predicted).Code);
        Tests.Structures.ColumnNamesTests.AssertNumpyKeepsHeader(predicted);
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
        Assert.Equal("trained_on,tested_on,accuracy,accuracy_ci_low,accuracy_ci_high,balanced_accuracy,balanced_accuracy_ci_low,balanced_accuracy_ci_high,test_frames,test_rows", csv[0]);
        Assert.Equal(1 + 9, csv.Length); // {ffA, ffB, all} × {ffA, ffB, all}
        // Tag ffB holds only ZIF-4: a model trained on it never predicts cp-II, so its accuracy on ffA's held-out
        // rows (ZIF-4 and cp-II) cannot be perfect, while training on all must be.
        double Acc(string train, string test) => double.Parse(csv.Single(l => l.StartsWith($"{train},{test},", StringComparison.Ordinal)).Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1.0, Acc("all", "all"));
        Assert.True(Acc("ffB", "ffA") < 1.0);
        Assert.True(File.Exists(Path.Combine(outDir, "cross.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "cross.png")));
        // Each cell of the figure gives its balanced accuracy and the frames and rows it was tested on (those of the
        // CSV), beside a colour bar with a fixed 0–100 % scale.
        var svg = File.ReadAllText(Path.Combine(outDir, "cross.svg"));
        var allAll = csv.Single(l => l.StartsWith("all,all,", StringComparison.Ordinal)).Split(',');
        Assert.Contains($"{allAll[8]} frames, {allAll[9]} rows", svg);
        Assert.Contains("balanced 100.0 %", svg);
        Assert.Contains("accuracy (%), fixed scale 0–100 %", svg);
        Tests.Structures.ColumnNamesTests.AssertNumpyKeepsHeader(Path.Combine(outDir, "cross.csv"));
        Assert.Contains("trained on", stdout);
    }

    /// <summary>Three sources as in <see cref="DatasetTestData.WriteThreeSources"/> but cp-II keeps one frame: 112 ZIF-4 rows against 16.</summary>
    private static (string Dir, string Dataset) BuildImbalancedDataset()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var manifest = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("path = \"md/cp2-a.extxyz\"", "path = \"md/cp2-a.extxyz\"\nframes = \"0:1\""));
        var dataset = Path.Combine(dir, "imbalanced.h5");
        var (code, _, stderr) = CliRunner.Run("dataset", "build", manifest, "-o", dataset);
        Assert.True(code == 0, stderr);
        return (dir, dataset);
    }

    [Fact]
    public void TrainWarnsAboutImbalanceWeighsClassesAndReportsBalancedAccuracyWithIntervals()
    {
        var (dir, dataset) = BuildImbalancedDataset();
        var data = Dataset.Load(dataset);
        Assert.True(data.Labels.Count(l => l == 0) > 3 * data.Labels.Count(l => l == 1));
        var model = Path.Combine(dir, "m.json");
        var (code, stdout, stderr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "50", "-o", model);
        Assert.True(code == 0, stderr);
        var warning = stderr.Split('\n').Single(l => l.StartsWith("zifphase: warning: ", StringComparison.Ordinal));
        Assert.Contains("classes are imbalanced: ZIF-4 has", warning);
        Assert.Contains("training with balanced class weights", warning);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "m.metrics.json")))!;
        Assert.Equal("balanced", (string)metrics["class_weights"]!);
        Assert.Equal("random", (string)metrics["split"]!);
        Assert.StartsWith("random:", (string)metrics["split_description"]!);
        double acc = (double)metrics["accuracy"]!;
        Assert.InRange((double)metrics["balanced_accuracy"]!, 0, 1);
        var ci = metrics["accuracy_ci95"]!.AsArray();
        Assert.True((double)ci[0]! <= acc && acc <= (double)ci[1]!, metrics.ToJsonString());
        Assert.Equal(2, metrics["balanced_accuracy_ci95"]!.AsArray().Count);
        // The interval rests on the frames that have held-out rows (8 frames in the dataset).
        Assert.InRange((int)metrics["frames"]!, 2, 8);
        Assert.True((long)metrics["rows"]! > 0);
        Assert.NotNull(metrics["per_class"]!["ZIF-4-cp-II"]!["recall"]);
        Assert.Contains("balanced accuracy", stdout);
        Assert.Contains("frames", stdout);
        Assert.Equal("balanced", ModelFile.Load(model).Training!.ClassWeights);

        var (noneCode, _, noneErr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "5", "--class-weights", "none", "-o", Path.Combine(dir, "n.json"));
        Assert.True(noneCode == 0, noneErr);
        Assert.Contains("not compensated", noneErr);
        Assert.Equal("none", (string)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "n.metrics.json")))!["class_weights"]!);
        var (badCode, _, badErr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--class-weights", "equal", "-o", Path.Combine(dir, "x.json"));
        Assert.Equal(2, badCode); // a command-line mistake
        Assert.Contains("--class-weights 'equal'", badErr);
    }

    [Fact]
    public void BlockSplitTrainsOnEarlyFramesTestsLateOnesAndSaysSo()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "b.json");
        var (code, stdout, stderr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "50", "--split", "block", "--gap-frames", "1", "--test-fraction", "0.34", "-o", model);
        Assert.True(code == 0, stderr);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "b.metrics.json")))!;
        Assert.Equal("block", (string)metrics["split"]!);
        Assert.Equal(1, (int)metrics["gap_frames"]!);
        Assert.StartsWith("block:", (string)metrics["split_description"]!);
        // zif4-a (frames 0–3): 1 test frame (3), frame 2 in the gap; cp2-a (0–2): 1 test (2), 1 gap; zif4-b (0, 2, 4): 1 test (4), none in the gap (2 < 4 − 1).
        Assert.Equal(3, (int)metrics["frames"]!);
        Assert.Contains("in the gap", stderr);
        Assert.Contains("block split", stdout);
        // Each score with its interval stays on one line: "accuracy 66.7 % (95 % CI …; 3 frames, 12 rows)".
        Assert.Contains(stdout.Split('\n'), l => System.Text.RegularExpressions.Regex.IsMatch(l, @"accuracy [0-9.]+ % \(95 % CI [0-9.]+–[0-9.]+ %; 3 frames, [0-9,]+ rows\)"));
        Assert.DoesNotContain(stdout.Split('\n'), l => l.TrimStart().StartsWith("3 frames", StringComparison.Ordinal));
        Assert.Equal(1, ModelFile.Load(model).Training!.GapFrames);
    }

    [Fact]
    public void EvaluateSaysWhichRowsItsNumbersRestOn()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "5", "-o", model).Code);
        var (code, stdout, stderr) = CliRunner.Run("evaluate", model, dataset, "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout.Trim())!;
        Assert.Equal("none", (string)json["split"]!);
        Assert.Contains("the model's own training dataset (random split), so training rows included", (string)json["split_description"]!);
        Assert.Equal(10, (int)json["frames"]!); // 4 + 3 + 3 frames
        Assert.NotNull(json["balanced_accuracy"]);
        var (textCode, textOut, textErr) = CliRunner.Run("evaluate", model, dataset);
        Assert.True(textCode == 0, textErr);
        Assert.StartsWith("zifphase: warning: ", textErr);
        Assert.Contains("balanced accuracy", textOut);
    }

    [Fact]
    public void CrossExperimentWithTheBlockSplitGivesIntervals()
    {
        var manifestDir = DatasetTestData.WriteThreeSources();
        var outDir = Path.Combine(manifestDir, "cross");
        var (code, _, stderr) = CliRunner.Run("experiment", "cross", Path.Combine(manifestDir, "manifest.toml"), "--preset", "paper-bpsf",
            "--epochs", "50", "--split", "block", "--gap-frames", "0", "-o", outDir);
        Assert.True(code == 0, stderr);
        var all = File.ReadAllLines(Path.Combine(outDir, "cross.csv")).Single(l => l.StartsWith("all,all,", StringComparison.Ordinal)).Split(',');
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        double acc = double.Parse(all[2], inv), low = double.Parse(all[3], inv), high = double.Parse(all[4], inv);
        Assert.True(low <= acc && acc <= high);
        Assert.Equal("3", all[8]); // one late frame of each of the three runs
        Assert.Contains("(", File.ReadAllText(Path.Combine(outDir, "cross.md")));
    }
}
