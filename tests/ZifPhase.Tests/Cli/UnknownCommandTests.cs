using System.Text.Json.Nodes;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Structures;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Cli;

/// <summary>--ensemble, --augment, --early-stopping, --novelty on train; the unknown answer in classify, evaluate, predict.</summary>
public class UnknownCommandTests
{
    private static (string Dir, string Dataset) BuildDataset() => LearningCommandTests.BuildDataset();

    private static Frame IdealGas(Frame like, int seed) => ZifPhase.Tests.Learning.Ensemble.UnknownOnRealDataTests.IdealGas(like, seed);

    [Fact]
    public void TrainRecordsEnsembleRunStoppingAugmentationAndNovelty()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "m.json");
        var (code, stdout, stderr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "60", "--ensemble", "2",
            "--augment", "noise:0.02", "--early-stopping", "run", "--novelty", "descriptor", "-o", model);
        Assert.True(code == 0, stderr);
        Assert.Contains("2 members", stdout);
        var loaded = ModelFile.Load(model);
        Assert.Equal(2, loaded.Members.Count);
        Assert.Equal(NoveltySpace.Descriptor, loaded.Novelty!.Space);
        Assert.Equal(12, loaded.Novelty.Dimension);
        var t = loaded.Training!;
        Assert.Equal(2, t.Ensemble);
        Assert.Equal(2, t.MemberEpochs!.Count);
        Assert.Equal("run", t.EarlyStopping);
        Assert.Equal(t.MemberBestEpochs!, t.MemberEpochs);       // each member refit for its best epoch count
        Assert.Equal(2, t.MemberValidationBalancedAccuracy!.Count);
        Assert.Equal("noise:0.02", t.Augment);
        Assert.Equal("descriptor", t.Novelty);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "m.metrics.json")))!;
        Assert.Equal(2, (int)metrics["ensemble"]!);
        Assert.Equal(t.MemberBestEpochs![0], (int)metrics["best_epoch"]!);
        Assert.InRange((double)metrics["unknown_fraction"]!, 0, 1);

        var (evalCode, evalOut, evalErr) = CliRunner.Run("evaluate", model, dataset, "--json");
        Assert.True(evalCode == 0, evalErr);
        Assert.InRange((double)JsonNode.Parse(evalOut.Trim())!["unknown_fraction"]!, 0, 1);
        var (_, text, _) = CliRunner.Run("evaluate", model, dataset);
        Assert.Contains("unknown", text);
        Assert.Contains("most probable class", text);

        // Without a detector: no unknown answer, and evaluate says so.
        var plain = Path.Combine(dir, "plain.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "5", "--novelty", "none", "-o", plain).Code);
        Assert.Null(ModelFile.Load(plain).Novelty);
        var (plainCode, plainJson, _) = CliRunner.Run("evaluate", plain, dataset, "--json");
        Assert.Equal(0, plainCode);
        Assert.Null(JsonNode.Parse(plainJson.Trim())!["unknown_fraction"]);
    }

    [Theory]
    [InlineData("--augment", "noise", "noise:SIGMA")]
    [InlineData("--augment", "noise:-1", "noise:SIGMA")]
    [InlineData("--novelty", "latent", "hidden, descriptor or none")]
    [InlineData("--early-stopping", "validation", "loss, run or none")]
    [InlineData("--ensemble", "0", "at least 1")]
    public void MalformedTrainingOptionsAreOneLineErrors(string option, string value, string expected)
    {
        var (dir, dataset) = BuildDataset();
        var (code, _, stderr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", option, value, "-o", Path.Combine(dir, "m.json"));
        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(dir, "m.json")));
    }

    [Fact]
    public void ClassifyCallsAnIdealGasUnknownInTheFractionsAndTheLabelledTrajectory()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "100", "-o", model).Code);
        var frames = DatasetTestData.Jittered(DatasetTestData.Zif4, 2, 41).Append(IdealGas(DatasetTestData.Zif4, 7))
            .Select((f, i) => new Frame(f.Positions, f.Elements, f.Cell) { Step = 10 * i });
        var traj = DatasetTestData.Write(Path.Combine(dir, "mixed.extxyz"), frames);
        string csv = Path.Combine(dir, "f.csv"), labelled = Path.Combine(dir, "l.extxyz"), dump = Path.Combine(dir, "l.lammpstrj");
        var (code, _, stderr) = CliRunner.Run("classify", model, traj, "-o", labelled, "--fractions", csv);
        Assert.True(code == 0, stderr);
        Assert.Contains("centres unknown", stderr);
        var header = File.ReadLines(csv).First();
        Assert.EndsWith(",frac_uncertain,frac_unknown", header);
        Assert.True(ZifPhase.IO.FileKinds.IsFractionsCsv(csv));
        var rows = ZifPhase.Reporting.FractionsCsv.Read(csv);
        Assert.Equal(["ZIF_4", "ZIF_4_cp_II"], ZifPhase.Reporting.FractionsCsv.Classes(rows[0]));
        Assert.Equal(["ZIF_4", "ZIF_4_cp_II"], rows[0].FractionColumns());
        Assert.All(rows.Take(2), r => Assert.True(r.Values["frac_unknown"] <= 0.25, $"a jittered ZIF-4 frame {r.Values["frac_unknown"]:P0} unknown"));
        Assert.True(rows[2].Values["frac_unknown"] >= 0.8, $"the ideal gas only {rows[2].Values["frac_unknown"]:P0} unknown");

        var back = TrajectoryReader.Read(labelled).ToList();
        var gasLabels = PhaseLabels.Read(back[2]);
        int zn = back[2].IndicesOf(Element.Zn).Length;
        Assert.Equal((int)Math.Round(rows[2].Values["frac_unknown"] * zn), gasLabels.Count(l => l == PhaseLabels.Unknown));
        Assert.Equal(["ZIF_4", "ZIF_4_cp_II"], PhaseLabels.Classes(back[2]));     // spread and novelty are not classes
        var novelty = (AtomColumn<double>)back[2].Column("novelty")!;
        var threshold = ModelFile.Load(model).Novelty!.Threshold;
        foreach (int i in back[2].IndicesOf(Element.Zn))
            Assert.Equal(gasLabels[i] == PhaseLabels.Unknown, novelty[i] > threshold);
        Assert.Equal(0.0, novelty[back[2].IndicesOf(Element.N)[0]]);
        Assert.NotNull(back[2].Column("spread"));

        Assert.Equal(0, CliRunner.Run("classify", model, traj, "-o", dump, "--frames", "2").Code);
        Assert.Contains("phase p_ZIF_4 p_ZIF_4_cp_II spread novelty", File.ReadAllText(dump));
        Assert.Contains(PhaseLabels.Read(Assert.Single(TrajectoryReader.Read(dump))), l => l == PhaseLabels.Unknown);
        // unknown is a valid target like uncertain.
        new TargetPhaseCheck(PhaseLabels.Unknown).Finish();
    }

    [Fact]
    public void ExperimentCrossTakesTheSameOptionsAndRefusesMalformedOnesBeforeBuilding()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var manifest = Path.Combine(dir, "manifest.toml");
        string bad = Path.Combine(dir, "bad"), good = Path.Combine(dir, "cross");
        var (badCode, _, badErr) = CliRunner.Run("experiment", "cross", manifest, "--preset", "paper-bpsf", "--augment", "noise:x", "-o", bad);
        Assert.NotEqual(0, badCode);
        Assert.Contains("noise:SIGMA", badErr);
        Assert.False(File.Exists(Path.Combine(bad, "dataset.h5")));
        var (code, stdout, stderr) = CliRunner.Run("experiment", "cross", manifest, "--preset", "paper-bpsf", "--epochs", "20",
            "--ensemble", "2", "--augment", "noise:0.01", "--early-stopping", "run", "--novelty", "descriptor", "-o", good);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(good, "cross.csv")));
        Assert.Contains("ffA", stdout);
    }

    [Fact]
    public void InfoShowsTheEnsembleAndTheDetector()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "5", "--ensemble", "3", "-o", model).Code);
        var (code, stdout, _) = CliRunner.Run("info", model);
        Assert.Equal(0, code);
        Assert.Contains("ensemble of 3", stdout);
        Assert.Contains("unknown answer: novelty score in the last hidden layer (24 values)", stdout);
        var json = JsonNode.Parse(CliRunner.Run("info", model, "--json").Out.Trim())!;
        Assert.Equal(3, (int)json["ensemble"]!);
        Assert.Equal("hidden", (string)json["novelty"]!["space"]!);
    }

    [Fact]
    public void SplitNoneTrainsOnEveryRowAndWritesNoTestScores()
    {
        var (dir, dataset) = BuildDataset();
        var model = Path.Combine(dir, "all.json");
        var (code, stdout, stderr) = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "30", "--split", "none", "-o", model);
        Assert.True(code == 0, stderr);
        Assert.Contains("no held-out rows (--split none)", stdout);
        var rows = Dataset.Load(dataset).Rows;
        var t = ModelFile.Load(model).Training!;
        Assert.Equal(rows, t.TrainRows);
        Assert.Equal(0, t.TestRows);
        Assert.Null(t.TestAccuracy);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "all.metrics.json")))!;
        Assert.Null(metrics["accuracy"]);
        Assert.Equal("none", (string?)metrics["split"]);
        // The recorded training accuracy is what evaluate measures on the same rows.
        var (evalCode, evalJson, _) = CliRunner.Run("evaluate", model, dataset, "--json");
        Assert.Equal(0, evalCode);
        Assert.Equal((double)metrics["train_accuracy"]!, (double)JsonNode.Parse(evalJson)!["accuracy"]!, 12);
        Assert.False(File.Exists(Path.Combine(dir, "all.confusion.png")));
    }
}
