using System.IO.Compression;
using System.Text;
using ZifPhase.Cli;
using ZifPhase.Descriptors;
using ZifPhase.Tests.Learning.Data;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Cli;

/// <summary>Findings of a new-user review: each mistake answered by one line that says what the file is or what to do.</summary>
public class NewUserReviewTests
{
    private static readonly Lazy<(string Dir, string Manifest, string Dataset, string Model, string Trajectory)> Trained = new(() =>
    {
        var sources = DatasetTestData.WriteThreeSources();
        var dir = TestPaths.NewTempDir();
        var manifest = Path.Combine(sources, "manifest.toml");
        var dataset = Path.Combine(dir, "d.h5");
        Assert.Equal(0, CliRunner.Run("dataset", "build", manifest, "-o", dataset).Code);
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "3", "-o", model).Code);
        var trajectory = DatasetTestData.Write(Path.Combine(dir, "one.lammpstrj"), DatasetTestData.Jittered(DatasetTestData.Zif4, 2, 7));
        return (dir, manifest, dataset, model, trajectory);
    });

    private static void AssertError((int Code, string Out, string Err) r, int code, string line)
    {
        Assert.True(r.Code == code, r.Err);
        Assert.Equal("zifphase: error: " + line, r.Err.TrimEnd('\n'));
    }

    private static string Copy(string path)
    {
        var copy = Path.Combine(TestPaths.NewTempDir(), Path.GetFileName(path));
        File.Copy(path, copy);
        return copy;
    }

    [Fact]
    public void AnOutputThatIsAnInputIsRefusedAndTheInputKept()
    {
        var t = Trained.Value;
        var dataset = Copy(t.Dataset);
        var before = File.ReadAllBytes(dataset);
        AssertError(CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "-o", dataset), 2,
            $"{dataset}: would overwrite the input {dataset}; choose another output name");
        Assert.Equal(before, File.ReadAllBytes(dataset));

        var traj = Copy(t.Trajectory);
        AssertError(CliRunner.Run("classify", t.Model, traj, "-o", traj), 2, $"{traj}: would overwrite the input {traj}; choose another output name");
        var model = Copy(t.Model);
        AssertError(CliRunner.Run("classify", model, traj, "--fractions", model), 2, $"{model}: would overwrite the input {model}; choose another output name");
        AssertError(CliRunner.Run("dataset", "build", t.Manifest, "-o", t.Manifest), 2, $"{t.Manifest}: would overwrite the input {t.Manifest}; choose another output name");
        AssertError(CliRunner.Run("convert", traj, traj), 2, $"{traj}: would overwrite the input {traj}; choose another output name");
        AssertError(CliRunner.Run("describe", traj, "--preset", "paper-bpsf", "-o", traj), 2, $"{traj}: would overwrite the input {traj}; choose another output name");

        // train's derived MODEL.metrics.json counts too.
        var metricsNamed = Path.Combine(Path.GetDirectoryName(dataset)!, "x.metrics.json");
        File.Copy(t.Dataset, metricsNamed);
        AssertError(CliRunner.Run("train", metricsNamed, "--preset", "paper-bpsf", "-o", Path.Combine(Path.GetDirectoryName(dataset)!, "x.json")), 2,
            $"{metricsNamed}: would overwrite the input {metricsNamed}; choose another output name");

        // A link to the input is the input.
        var link = Path.Combine(Path.GetDirectoryName(traj)!, "link.lammpstrj");
        File.CreateSymbolicLink(link, traj);
        AssertError(CliRunner.Run("convert", traj, link), 2, $"{link}: would overwrite the input {traj}; choose another output name");
    }

    [Fact]
    public void AFileGivenAsAModelIsNamedForWhatItIs()
    {
        var t = Trained.Value;
        AssertError(CliRunner.Run("classify", t.Trajectory, t.Model, "-o", Path.Combine(t.Dir, "x.extxyz")), 1,
            $"{t.Trajectory}: this is a trajectory (LAMMPS dump), not a model file: the model comes first (zifphase classify MODEL TRAJECTORY)");
        var empty = Path.Combine(TestPaths.NewTempDir(), "empty.json");
        File.WriteAllText(empty, "");
        AssertError(CliRunner.Run("classify", empty, t.Trajectory, "-o", Path.Combine(t.Dir, "x.extxyz")), 1, $"{empty}: the file is empty, not a model file");
        var text = Path.Combine(TestPaths.NewTempDir(), "notes.txt");
        File.WriteAllText(text, "hello\n");
        AssertError(CliRunner.Run("classify", text, t.Trajectory, "-o", Path.Combine(t.Dir, "x.extxyz")), 1,
            $"{text}: not a model file (a model is JSON written by zifphase train)");
    }

    [Fact]
    public void AModelDatasetOrManifestGivenAsATrajectoryIsNamedForWhatItIs()
    {
        var t = Trained.Value;
        AssertError(CliRunner.Run("classify", t.Model, t.Model, "-o", Path.Combine(t.Dir, "y.extxyz")), 1, $"{t.Model}: this is a model file (JSON), not a trajectory");
        AssertError(CliRunner.Run("info", t.Dataset), 1, $"{t.Dataset}: this is a dataset (HDF5), not a trajectory");
        AssertError(CliRunner.Run("info", t.Manifest), 1, $"{t.Manifest}: this is a dataset manifest (TOML), not a trajectory");
        var csv = Path.Combine(TestPaths.NewTempDir(), "f.csv");
        Assert.Equal(0, CliRunner.Run("classify", t.Model, t.Trajectory, "--fractions", csv).Code);
        AssertError(CliRunner.Run("analyze", "rings", csv), 1, $"{csv}: this is a fractions CSV (from zifphase classify --fractions), not a trajectory");
    }

    [Fact]
    public void InfoOnAModelPrintsItsClassesAndTraining()
    {
        var t = Trained.Value;
        var r = CliRunner.Run("info", t.Model);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("classes: ZIF-4, ZIF-4-cp-II", r.Out);
        Assert.Contains("trained on d.h5: preset paper-bpsf, random split", r.Out);
        var json = System.Text.Json.Nodes.JsonNode.Parse(CliRunner.Run("info", t.Model, "--json").Out)!;
        Assert.Equal("zifphase-model", (string?)json["format"]);
        Assert.Equal(["ZIF-4", "ZIF-4-cp-II"], json["classes"]!.AsArray().Select(n => (string)n!).ToArray());
        Assert.Equal("acsf", (string?)json["descriptor"]!["kind"]);
        Assert.Equal("d.h5", (string?)json["training"]!["dataset"]);
    }

    [Fact]
    public void RuntimeTextIsReplacedByWordsForUsers()
    {
        var t = Trained.Value;
        var z = Path.Combine(TestPaths.NewTempDir(), "z.json");
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bps", "-o", z), 2,
            "unknown training preset 'paper-bps' (did you mean 'paper-bpsf'?); known: paper-soap, paper-bpsf");
        AssertError(CliRunner.Run("describe", t.Trajectory, "--preset", "paper-sop", "-o", z), 2,
            "unknown descriptor preset 'paper-sop' (did you mean 'paper-soap'?); known: paper-soap, paper-bpsf");
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "--split", "block", "--gap-frames", "100", "-o", z), 1,
            $"{t.Dataset}: no training rows: --gap-frames 100 leaves no frame to train on; lower it");
        Assert.Equal("no training rows", ZifPhase.Cli.CliContext.UserText(new ArgumentException("no training rows", "rows")));
        Assert.Equal("too far", ZifPhase.Cli.CliContext.UserText(new ArgumentOutOfRangeException("cutoff", 1000003.7, "too far")));
    }

    [Fact]
    public void AFolderWhereAFileIsExpectedIsNamed()
    {
        var t = Trained.Value;
        var dir = TestPaths.NewTempDir();
        var adir = Path.Combine(dir, "adir");
        Directory.CreateDirectory(adir);
        string line = $"{adir}: is a directory, not a file";
        AssertError(CliRunner.Run("classify", adir, t.Trajectory, "-o", Path.Combine(dir, "x.extxyz")), 1, line);
        AssertError(CliRunner.Run("analyze", "transition", adir, "--phase", "ZIF-4"), 1, line);
        AssertError(CliRunner.Run("classify", t.Model, t.Trajectory, "--fractions", adir), 1, line);
        AssertError(CliRunner.Run("train", adir, "--preset", "paper-bpsf", "-o", Path.Combine(dir, "z.json")), 1, line);
        AssertError(CliRunner.Run("dataset", "build", adir, "-o", Path.Combine(dir, "z.h5")), 1, line);
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "-o", adir), 1, line);

        var manifest = Path.Combine(dir, "m.toml");
        File.WriteAllText(manifest, "descriptor = \"paper-bpsf\"\n[[source]]\npath = \"adir\"\nphase = \"ZIF-4\"\ntag = \"a\"\n");
        AssertError(CliRunner.Run("dataset", "build", manifest, "-o", Path.Combine(dir, "z.h5")), 1, $"{manifest}: [[source]] 1: 'path': adir: is a directory, not a file");
    }

    [Fact]
    public void TheWrongLearningFileIsNamedWithWhatToDo()
    {
        var t = Trained.Value;
        var dir = TestPaths.NewTempDir();
        AssertError(CliRunner.Run("dataset", "build", t.Dataset, "-o", Path.Combine(dir, "z.h5")), 1, $"{t.Dataset}: not a dataset manifest (TOML): it looks like a dataset (HDF5)");
        var gz = Path.Combine(dir, "run.lammpstrj.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            zip.Write(File.ReadAllBytes(t.Trajectory));
        AssertError(CliRunner.Run("dataset", "build", gz, "-o", Path.Combine(dir, "z.h5")), 1, $"{gz}: not a dataset manifest (TOML): it looks like a trajectory (LAMMPS dump)");
        AssertError(CliRunner.Run("train", t.Manifest, "--preset", "paper-bpsf", "-o", Path.Combine(dir, "z.json")), 1,
            $"{t.Manifest}: this is a dataset manifest, not a dataset: build one with zifphase dataset build {t.Manifest} -o data.h5");
        AssertError(CliRunner.Run("train", t.Trajectory, "--preset", "paper-bpsf", "-o", Path.Combine(dir, "z.json")), 1,
            $"{t.Trajectory}: this is a trajectory (LAMMPS dump), not a dataset (HDF5): build one with zifphase dataset build MANIFEST.toml -o data.h5");
    }

    [Fact]
    public void AnOutputThatCannotBeWrittenIsRefusedBeforeTheWork()
    {
        if (!Directory.Exists("/proc/self")) return; // Linux: /proc takes no new files
        var t = Trained.Value;
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "-o", "/proc/x.json"), 1,
            "/proc/x.json: cannot be written there (its folder does not accept new files); choose another output path");
        AssertError(CliRunner.Run("describe", t.Trajectory, "--preset", "paper-bpsf", "-o", "/proc/x.npy"), 1,
            "/proc/x.npy: cannot be written there (its folder does not accept new files); choose another output path");
    }

    [Fact]
    public void DescriptorsWithSpeciesInAnotherOrderAreTheSame()
    {
        var a = Presets.Get("paper-soap", "descriptor").Descriptor;
        var b = a with { Species = [.. a.Species.Reverse()] };
        Assert.NotEqual(a.ToJson(), b.ToJson());
        Assert.True(DescriptorDifference.Same(a, b));
        Assert.Equal("", DescriptorDifference.Describe(a, b));
    }

    [Fact]
    public void CommandLineMistakesExitWith2()
    {
        var t = Trained.Value;
        var z = Path.Combine(TestPaths.NewTempDir(), "z.json");
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "--hidden", "0", "-o", z), 2, "--hidden '0': give positive layer sizes, e.g. 100 or 100,50");
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "--split", "blocks", "-o", z), 2, "--split 'blocks': use block, random, frame, source, run, none (did you mean 'block'?)");
        AssertError(CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "--class-weights", "balance", "-o", z), 2, "--class-weights 'balance': use balanced or none");
        AssertError(CliRunner.Run("convert", t.Trajectory, z + ".extxyz", "--replicate", "0,1,1"), 2, "--replicate '0,1,1': give three positive counts, e.g. 6,6,6");
        AssertError(CliRunner.Run("describe", t.Trajectory, "--preset", "paper-bpsf", "--dtype", "float16", "-o", z + ".npy"), 2, "--dtype 'float16': use float32 or float64");
        Assert.Equal(2, CliRunner.Run("describe", t.Trajectory, "--preset", "paper-bpsf", "--centers", "Q", "-o", z + ".npy").Code);
        AssertError(CliRunner.Run("info", t.Trajectory, "--format", "pdb"), 2, "unknown format 'pdb' (use dump, extxyz, cif or data)");
        var csv = Path.Combine(TestPaths.NewTempDir(), "f.csv");
        Assert.Equal(0, CliRunner.Run("classify", t.Model, t.Trajectory, "--fractions", csv).Code);
        AssertError(CliRunner.Run("analyze", "transition", csv, "--phase", "ZIF-4", "--label", "a", "--label", "b"), 2,
            "--label was given 2 time(s) for 1 file(s): give it once per file, in the same order");
        // The analyze subcommands are discovered (IAnalyzeCommand) and listed by name: a new one joins the list.
        var analyzeNames = AnalyzeCommand.Subcommands(new CliContext(TextWriter.Null, TextWriter.Null)).Select(c => c.Name).ToArray();
        Assert.Equal(analyzeNames.Order(StringComparer.Ordinal), analyzeNames);
        Assert.Subset(analyzeNames.ToHashSet(), new HashSet<string> { "network", "rings", "clusters", "transition" });
        AssertError(CliRunner.Run("analyze"), 2, $"zifphase analyze needs a command: {string.Join(", ", analyzeNames)} (see 'zifphase analyze --help')");
        AssertError(CliRunner.Run("dataset"), 2, "zifphase dataset needs a command: build (see 'zifphase dataset --help')");
    }

    [Fact]
    public void WarningsOfTrainAndEvaluateCarryThePrefix()
    {
        var t = Trained.Value;
        var r = CliRunner.Run("evaluate", t.Model, t.Dataset, "--json");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("zifphase: warning: d.h5 is the dataset the model was trained on: these rows include its training rows", r.Err.TrimEnd('\n'));
        var train = CliRunner.Run("train", t.Dataset, "--preset", "paper-bpsf", "--epochs", "1", "-o", Path.Combine(TestPaths.NewTempDir(), "z.json"));
        Assert.DoesNotContain(train.Err.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
    }

    [Fact]
    public void ATruncatedGzipIsNamedAsSuch()
    {
        var t = Trained.Value;
        var dir = TestPaths.NewTempDir();
        var gz = Path.Combine(dir, "run.lammpstrj.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            zip.Write(File.ReadAllBytes(t.Trajectory));
        Assert.Equal(0, CliRunner.Run("info", gz).Code);
        var cut = Path.Combine(dir, "cut.gz");
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        AssertError(CliRunner.Run("info", cut), 1, $"{cut}: the gzip data ends early (the file is truncated)");
    }

    [Fact]
    public void ResumeOfAGzipOutputSaysItIsForUncompressedOutputs()
    {
        var t = Trained.Value;
        var outPath = Path.Combine(TestPaths.NewTempDir(), "x.extxyz.gz");
        AssertError(CliRunner.Run("classify", t.Model, t.Trajectory, "-o", outPath, "--resume"), 2,
            $"{outPath}: --resume works for uncompressed outputs only (a gzip output cannot be continued); write it uncompressed, e.g. -o {outPath[..^3]}, and compress it afterwards");
    }

    [Fact]
    public void AMissingTagSaysWhatATagIs()
    {
        var dir = TestPaths.NewTempDir();
        var traj = DatasetTestData.Write(Path.Combine(dir, "a.extxyz"), DatasetTestData.Jittered(DatasetTestData.Zif4, 1, 1));
        var manifest = Path.Combine(dir, "m.toml");
        File.WriteAllText(manifest, "descriptor = \"paper-bpsf\"\n[[source]]\npath = \"a.extxyz\"\nphase = \"ZIF-4\"\n");
        AssertError(CliRunner.Run("dataset", "build", manifest, "-o", Path.Combine(dir, "d.h5")), 1,
            $"{manifest}: [[source]] 1: missing 'tag' (which force field or source made this run, e.g. tag = \"nbzif\"; sources with the same tag are one group in experiment cross)");
    }
}
