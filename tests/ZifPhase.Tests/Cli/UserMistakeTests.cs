using ZifPhase.Analysis;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;
using ZifPhase.Structures;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Cli;

/// <summary>Mistakes users make on the command line, each answered by one line that says what to do (README's catalogue).</summary>
public class UserMistakeTests
{
    private static void AssertOneLineError((int Code, string Out, string Err) r, params string[] named) =>
        BadInputCatalogueTests.AssertOneLineError(r, named);

    /// <summary>A command-line error: exit 2 and exactly this one line.</summary>
    private static void AssertCommandLineError((int Code, string Out, string Err) r, string line)
    {
        Assert.Equal(2, r.Code);
        Assert.Equal("zifphase: error: " + line, r.Err.TrimEnd('\n'));
    }

    private static readonly Lazy<(string Dir, string Dataset, string Model)> Trained = new(() =>
    {
        var dir = TestPaths.NewTempDir();
        var dataset = Path.Combine(dir, "d.h5");
        Assert.Equal(0, CliRunner.Run("dataset", "build", Path.Combine(DatasetTestData.WriteThreeSources(), "manifest.toml"), "-o", dataset).Code);
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "3", "-o", model).Code);
        return (dir, dataset, model);
    });

    /// <summary>ZIF-4 (16 Zn) labelled as classify labels it, with classes ZIF-4 and ZIF-4-cp: every Zn ZIF-4.</summary>
    internal static string LabelledZif4(string dir)
    {
        var frame = DatasetTestData.Zif4;
        var zn = frame.IndicesOf(Element.Zn);
        var p = new float[zn.Length * 2];
        for (int i = 0; i < zn.Length; i++) (p[2 * i], p[2 * i + 1]) = (0.9f, 0.1f);
        var path = Path.Combine(dir, "labelled.extxyz");
        TrajectoryWriter.WriteAll(path, [PhaseLabels.Attach(frame, new PhaseAssignment(zn, p, ["ZIF-4", "ZIF-4-cp"]), 0.5)]);
        return path;
    }

    [Fact]
    public void APhaseTheLabelledFileDoesNotHaveIsAnErrorNamingItsPhases()
    {
        var dir = TestPaths.NewTempDir();
        var labelled = LabelledZif4(dir);
        const string answer = "no phase 'ZIF4-cp' here; its phases are ZIF-4, ZIF-4-cp (did you mean 'ZIF-4-cp'?); give one of them with --phase";
        AssertOneLineError(CliRunner.Run("analyze", "clusters", labelled, "--target", "ZIF4-cp"), "labelled.extxyz", "frame 0", answer);
        AssertOneLineError(CliRunner.Run("analyze", "rings", labelled, "--target", "ZIF4-cp"), "labelled.extxyz", "frame 0", answer);
        // The right spelling works: no ZIF-4-cp Zn, so no cluster.
        var ok = CliRunner.Run("analyze", "clusters", labelled, "--target", "ZIF-4-cp", "--json");
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Contains("\"target_zn\":0", ok.Out);

        // A labelled file with a phase column only: its labels are the phases, over all frames and files.
        var frame = DatasetTestData.Zif4;
        var phase = Enumerable.Range(0, frame.AtomCount).Select(i => frame.Elements[i] != Element.Zn ? "" : i % 2 == 0 ? "ZIF-4-cp-II" : "other").ToArray();
        var plain = Path.Combine(dir, "plain.extxyz");
        TrajectoryWriter.WriteAll(plain, [frame.WithColumns([new AtomColumn<string>(PhaseLabels.PhaseColumn, phase)])]);
        AssertOneLineError(CliRunner.Run("analyze", "clusters", plain, "--target", "ZIF4-cp-II"), "plain.extxyz",
            "no phase 'ZIF4-cp-II' here; its phases are ZIF-4-cp-II, other (did you mean 'ZIF-4-cp-II'?)");

        // analyze transition: the phases of the fractions CSV header.
        var csv = Path.Combine(dir, "fractions.csv");
        File.WriteAllText(csv, FractionsCsvWriter.Header(["ZIF-4", "glass"]).TrimEnd('\n') + "\nrun,0,0,0,10,10,10,90,90,90,1000,16,16,0,1,0,0.9,0.1,0,0\n");
        AssertOneLineError(CliRunner.Run("analyze", "transition", csv, "--phase", "Glass"), "fractions.csv", "line 1",
            "no phase 'Glass' here; its phases are ZIF-4, glass (did you mean 'glass'?): there is no column frac_Glass; give one of them with --phase");
    }

    [Fact]
    public void AManifestPhaseOutsideTheSevenIsAWarningWithTheNearestSpelling()
    {
        Assert.Null(Phases.UnknownRemark("ZIF-4-cp-II"));
        Assert.Equal("phase 'Glass' is not one of the seven known phases (ZIF-4, ZIF-4-cp, ZIF-4-cp-II, ZIF-zni, ZIF-hPT-II, glass, liquid) (did you mean 'glass'?); it is kept as a phase of its own",
            Phases.UnknownRemark("Glass"));
        Assert.DoesNotContain("did you mean", Phases.UnknownRemark("amorphous-A"));

        var dir = DatasetTestData.WriteThreeSources();
        var manifest = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("phase = \"ZIF-4-cp-II\"", "phase = \"ZIF4-cp-II\""));
        var r = CliRunner.Run("dataset", "build", manifest, "-o", Path.Combine(dir, "d.h5"));
        Assert.True(r.Code == 0, r.Err); // a warning: the build goes on, with the phase as written
        var warning = Assert.Single(r.Err.Split('\n'), l => l.StartsWith("zifphase: warning:", StringComparison.Ordinal));
        Assert.Equal($"zifphase: warning: {manifest}: [[source]] 2: phase 'ZIF4-cp-II' is not one of the seven known phases (ZIF-4, ZIF-4-cp, ZIF-4-cp-II, ZIF-zni, ZIF-hPT-II, glass, liquid) (did you mean 'ZIF-4-cp-II'?); it is kept as a phase of its own", warning);
        Assert.Equal(["ZIF-4", "ZIF4-cp-II"], Dataset.Load(Path.Combine(dir, "d.h5")).ClassNames);
    }

    [Fact]
    public void MisspeltOptionsAndCommandsNameTheNearestRealOne()
    {
        AssertCommandLineError(CliRunner.Run("classify", "m.json", "run.dump", "--ouput", "x.extxyz"),
            "unrecognized option '--ouput' (did you mean '--output'?) (see 'zifphase classify --help')");
        AssertCommandLineError(CliRunner.Run("classify", "m.json", "run.dump", "--ouput=x.extxyz"),
            "unrecognized option '--ouput' (did you mean '--output'?) (see 'zifphase classify --help')");
        AssertCommandLineError(CliRunner.Run("analyze", "clusters", "a.extxyz", "b.extxyz", "--taget", "glass"),
            "unrecognized option '--taget' (did you mean '--target'?) (see 'zifphase analyze clusters --help')");
        AssertCommandLineError(CliRunner.Run("info", "x.cif", "--jsn"),
            "unrecognized option '--jsn' (did you mean '--json'?) (see 'zifphase info --help')");
        AssertCommandLineError(CliRunner.Run("clasify", "m.json", "run.dump"),
            "unknown command 'clasify' (did you mean 'classify'?) (see 'zifphase --help')");
        AssertCommandLineError(CliRunner.Run("transition", "f.csv"),
            "unknown command 'transition' (did you mean 'analyze transition'?) (see 'zifphase --help')");
        AssertCommandLineError(CliRunner.Run("analyze", "transition", "f.csv"),
            "Option '--phase' is required. (see 'zifphase analyze transition --help')");
        AssertCommandLineError(CliRunner.Run("dataset", "biuld", "m.toml"),
            "unknown command 'biuld' (did you mean 'build'?) (see 'zifphase dataset --help')");
        // The command given to slurm after -- is checked the same way.
        var slurm = CliRunner.Run("slurm", "--shards", "2", "--dry-run", "--", "classify", "m.json", "run.dump", "--ouput", "x.extxyz");
        AssertOneLineError(slurm, "the command after --: unrecognized option '--ouput' (did you mean '--output'?) (see 'zifphase classify --help')");
    }

    [Theory]
    [InlineData("--threshold must be in (0, 1], got 0 (see 'zifphase classify --help')", "classify", "m.json", "r.dump", "--fractions", "f.csv", "--threshold", "0")]
    [InlineData("--threshold must be in (0, 1], got 1.5 (see 'zifphase classify --help')", "classify", "m.json", "r.dump", "--fractions", "f.csv", "--threshold", "1.5")]
    [InlineData("--threshold: 'abc' is not a number (see 'zifphase classify --help')", "classify", "m.json", "r.dump", "--fractions", "f.csv", "--threshold", "abc")]
    [InlineData("--idle-timeout must be a positive number of seconds, got 0 (see 'zifphase classify --help')", "classify", "m.json", "r.dump", "--follow", "--fractions", "f.csv", "--idle-timeout", "0")]
    [InlineData("--threads must be at least 1, or -1 for all cores, got 0 (see 'zifphase describe --help')", "describe", "r.dump", "--preset", "paper-bpsf", "-o", "x.npy", "--threads", "0")]
    [InlineData("--epochs must be at least 1, got 0 (see 'zifphase train --help')", "train", "d.h5", "--preset", "paper-bpsf", "-o", "m.json", "--epochs", "0")]
    [InlineData("--epochs: 'ten' is not a whole number (see 'zifphase train --help')", "train", "d.h5", "--preset", "paper-bpsf", "-o", "m.json", "--epochs", "ten")]
    [InlineData("--test-fraction must be in (0, 1), got 1 (see 'zifphase train --help')", "train", "d.h5", "--preset", "paper-bpsf", "-o", "m.json", "--test-fraction", "1")]
    [InlineData("--epochs must be at least 1, got -3 (see 'zifphase experiment cross --help')", "experiment", "cross", "m.toml", "--preset", "paper-bpsf", "--epochs", "-3")]
    [InlineData("--dt must be a positive number of ps per step, got -0.5 (see 'zifphase analyze transition --help')", "analyze", "transition", "f.csv", "--phase", "glass", "--dt", "-0.5")]
    [InlineData("--bin-width must be in (0, 90] degrees, got 0 (see 'zifphase analyze rings --help')", "analyze", "rings", "x.cif", "--bin-width", "0")]
    [InlineData("--zn-n-cutoff must be a positive distance in Å, got -1 (see 'zifphase analyze clusters --help')", "analyze", "clusters", "l.extxyz", "--target", "glass", "--zn-n-cutoff", "-1")]
    [InlineData("--perplexity must be at least 1, got 0 (see 'zifphase embed --help')", "embed", "d.h5", "--perplexity", "0")]
    [InlineData("--sample must be at least 4, got 2 (see 'zifphase embed --help')", "embed", "d.h5", "--sample", "2")]
    [InlineData("--iterations must be at least 1, got 0 (see 'zifphase embed --help')", "embed", "d.h5", "--iterations", "0")]
    [InlineData("--shards must be at least 1, got 0 (see 'zifphase slurm --help')", "slurm", "--shards", "0", "--", "describe", "r.dump", "--preset", "paper-bpsf", "-o", "x.npy")]
    [InlineData("--cpus-per-task must be at least 1, got 0 (see 'zifphase slurm --help')", "slurm", "--shards", "2", "-c", "0", "--", "describe", "r.dump", "--preset", "paper-bpsf", "-o", "x.npy")]
    [InlineData("--poll must be a positive number of seconds, got 0 (see 'zifphase slurm --help')", "slurm", "--shards", "2", "--poll", "0", "--", "describe", "r.dump", "--preset", "paper-bpsf", "-o", "x.npy")]
    [InlineData("--repeat must be at least 1, got 0 (see 'zifphase bench --help')", "bench", "--repeat", "0")]
    public void OutOfRangeNumbersNameTheOptionAndTheRange(string line, params string[] args) =>
        AssertCommandLineError(CliRunner.Run(args), line);

    [Fact]
    public void EveryCommandThatWritesCreatesAMissingOutputFolder()
    {
        var (_, dataset, model) = Trained.Value;
        var root = TestPaths.NewTempDir();
        string Out(params string[] parts) => Path.Combine([root, "new", "deeper", .. parts]);
        var traj = DatasetTestData.Write(Path.Combine(root, "run.extxyz"), DatasetTestData.Jittered(DatasetTestData.Zif4, 3, 7));
        void Ok(params string[] args)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.Code == 0, $"{string.Join(' ', args)}: {r.Err}");
        }
        Ok("convert", traj, Out("convert", "c.lammpstrj"));
        Ok("describe", traj, "--preset", "paper-bpsf", "-o", Out("describe", "d.npy"));
        Ok("dataset", "build", Path.Combine(DatasetTestData.WriteThreeSources(), "manifest.toml"), "-o", Out("dataset", "d.h5"));
        Ok("train", dataset, "--preset", "paper-bpsf", "--epochs", "2", "-o", Out("train", "m.json"));
        Ok("classify", model, traj, "-o", Out("classify", "l.extxyz"), "--fractions", Out("fractions", "f.csv"));
        Ok("classify", model, traj, "--fractions", Out("fractions-only", "f.csv"));
        Ok("predict", model, Out("describe", "d.npy"), "-o", Out("predict", "p.csv"));
        Ok("embed", dataset, "--sample", "20", "--iterations", "5", "-o", Out("embed"));
        Ok("analyze", "rings", Out("classify", "l.extxyz"), "--target", "ZIF-4", "-o", Out("rings"));
        Ok("analyze", "clusters", Out("classify", "l.extxyz"), "--target", "ZIF-4", "-o", Out("clusters"));
        Ok("analyze", "transition", Out("fractions", "f.csv"), "--phase", "ZIF-4", "-o", Out("transition"));
        for (int i = 1; i <= 2; i++) Ok("describe", traj, "--preset", "paper-bpsf", "-o", Out("parts", "s.npy"), "--shard", $"{i}/2");
        Ok("merge", Out("parts", "s.shard-1-of-2.npy"), Out("parts", "s.shard-2-of-2.npy"), "-o", Out("merge", "s.npy"));
        foreach (var file in new[] { Out("convert", "c.lammpstrj"), Out("describe", "d.npy"), Out("dataset", "d.h5"), Out("train", "m.json"),
                     Out("train", "m.metrics.json"), Out("classify", "l.extxyz"), Out("fractions", "f.csv"), Out("fractions-only", "f.csv"),
                     Out("predict", "p.csv"), Out("embed", "embedding.csv"), Out("rings", "rings.csv"), Out("clusters", "clusters.csv"),
                     Out("transition", "transition.csv"), Out("merge", "s.npy") })
            Assert.True(File.Exists(file), file);
        Assert.Equal(4, File.ReadAllLines(Out("fractions", "f.csv")).Length); // header + 3 frames
        Assert.False(File.Exists(Out("classify", "l.extxyz.resume"))); // the journal is gone after a normal end

        // A file where a folder should be is named in one line.
        var notAFolder = Path.Combine(root, "run.extxyz");
        AssertOneLineError(CliRunner.Run("describe", traj, "--preset", "paper-bpsf", "-o", Path.Combine(notAFolder, "d.npy")),
            $"{Path.Combine(notAFolder, "d.npy")}: cannot create its folder: '{notAFolder}' is a file; choose another output path");
        AssertOneLineError(CliRunner.Run("analyze", "transition", Out("fractions", "f.csv"), "--phase", "ZIF-4", "-o", Path.Combine(notAFolder, "t")),
            $"{Path.Combine(notAFolder, "t")}: cannot create this folder: '{notAFolder}' is a file; choose another output path");
    }

    [Fact]
    public void ADatasetGivenAsAModelAndTheReverseSaySo()
    {
        var (dir, dataset, model) = Trained.Value;
        AssertOneLineError(CliRunner.Run("evaluate", dataset, model),
            $"{dataset}: this is a dataset (HDF5), not a model file: train one with `zifphase train {dataset} --preset paper-bpsf -o model.json`");
        AssertOneLineError(CliRunner.Run("classify", dataset, "run.dump", "--fractions", Path.Combine(dir, "f.csv")), "this is a dataset (HDF5), not a model file");
        AssertOneLineError(CliRunner.Run("train", model, "--preset", "paper-bpsf", "-o", Path.Combine(dir, "x.json")),
            $"{model}: this is a model file (JSON), not a dataset (HDF5): build a dataset with `zifphase dataset build MANIFEST.toml -o data.h5`");
        AssertOneLineError(CliRunner.Run("embed", model, "-o", Path.Combine(dir, "e")), "this is a model file (JSON), not a dataset");
    }

    [Fact]
    public void ADescriptorMismatchNamesTheSettingsThatDiffer()
    {
        var soap = SoapSpec.PaperSoap;
        Assert.Equal("n_max 12 vs 8, r_cut 9 vs 6", DescriptorDifference.Describe(soap, soap with { RCut = 6, NMax = 8 }));
        Assert.Equal("kind acsf vs soap", DescriptorDifference.Describe(Presets.Get("paper-bpsf", "descriptor").Descriptor, soap));
        Assert.Equal("", DescriptorDifference.Describe(soap, Presets.Get("paper-soap", "descriptor").Descriptor));
    }

    [Fact]
    public void AMissingTypeMapInAManifestNamesItsTypesKey()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "typed.lammpstrj"),
            "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 2 1 1 1\n");
        var manifest = Path.Combine(dir, "my.toml");
        File.WriteAllText(manifest, "descriptor = \"paper-bpsf\"\n[[source]]\npath = \"typed.lammpstrj\"\nphase = \"ZIF-4\"\ntag = \"a\"\n");
        var r = CliRunner.Run("dataset", "build", manifest, "-o", Path.Combine(dir, "d.h5"));
        AssertOneLineError(r, "typed.lammpstrj", "frame 0", $"say which element each type is, e.g. add types = \"1=Zn,2=N,3=C,4=H\" to [[source]] 1 in {manifest}");
        Assert.DoesNotContain("--types", r.Err);
        // On the command line the hint stays --types.
        AssertOneLineError(CliRunner.Run("info", Path.Combine(dir, "typed.lammpstrj")), "e.g. --types 1=Zn,2=N,3=C,4=H");
    }

    [Fact]
    public void TypesThatContradictTheElementColumnAreWarnedAboutOncePerType()
    {
        var dir = TestPaths.NewTempDir();
        var dump = Path.Combine(dir, "both.lammpstrj");
        var frame = "ITEM: TIMESTEP\n{0}\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type element x y z\n1 1 Zn 0 0 0\n2 2 N 1 1 1\n3 2 N 2 2 2\n";
        File.WriteAllText(dump, string.Format(frame, 0) + string.Format(frame, 10));
        var r = CliRunner.Run("info", dump, "--types", "1=N,2=N", "--json");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal($"zifphase: warning: {dump}: --types says type 1 is N but the dump's element column says Zn for atoms of type 1; the element column is used",
            r.Err.TrimEnd('\n'));
        Assert.Contains("\"composition\":{\"N\":2,\"Zn\":1}", r.Out);
        var agreeing = CliRunner.Run("info", dump, "--types", "1=Zn,2=N");
        Assert.True(agreeing.Code == 0 && agreeing.Err == "", agreeing.Err);
    }

    /// <summary>train prints its split summary first; then exit 1 with exactly one "zifphase:" line, the error.</summary>
    private static string TheErrorAfterTheSummary((int Code, string Out, string Err) r)
    {
        Assert.Equal(1, r.Code);
        return Assert.Single(r.Err.Split('\n'), l => l.StartsWith("zifphase:", StringComparison.Ordinal));
    }

    /// <summary>User mistakes that once surfaced as internal errors (a bug report with a stack trace) are one line.</summary>
    [Fact]
    public void AHiddenLayerTooWideToTrainIsOneLine()
    {
        var (dir, dataset, _) = Trained.Value;
        var r = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "1", "--hidden", "100000,100000", "-o", Path.Combine(dir, "wide.json"));
        var error = TheErrorAfterTheSummary(r);
        Assert.StartsWith("zifphase: error: the network 12-100000-100000-", error);
        Assert.Contains("is too large to train", error);
        Assert.Contains("use smaller hidden layers (--hidden)", error);
    }

    [Fact]
    public void TrainingOnADatasetOfOnePhaseIsOneLine()
    {
        var dir = TestPaths.NewTempDir();
        var manifest = Path.Combine(DatasetTestData.WriteThreeSources(), "manifest.toml");
        var onePhase = Path.Combine(Path.GetDirectoryName(manifest)!, "one.toml");
        File.WriteAllText(onePhase, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(manifest), "phase = \"[^\"]*\"", "phase = \"ZIF-4\""));
        var dataset = Path.Combine(dir, "one.h5");
        Assert.Equal(0, CliRunner.Run("dataset", "build", onePhase, "-o", dataset).Code);
        var r = CliRunner.Run("train", dataset, "--preset", "paper-bpsf", "--epochs", "1", "-o", Path.Combine(dir, "m.json"));
        Assert.Equal("zifphase: error: need at least two classes to train; the dataset has only ZIF-4: give the manifest [[source]] tables of another phase",
            TheErrorAfterTheSummary(r));
    }

    [Theory]
    [InlineData("{\"kind\":\"soap\",\"species\":[\"Zn\"],\"r_cut\":1.5,\"n_max\":20,\"l_max\":9}", "soap: the GTO overlap matrix for l = 0 is not positive definite; lower n_max or raise r_cut")]
    [InlineData("{\"kind\":\"soap\",\"species\":[\"Zn\"],\"r_cut\":5,\"n_max\":100000,\"l_max\":2}", "soap: n_max 100000 is too large for the GTO basis; lower n_max")]
    public void ASoapSpecWhoseBasisCannotBeBuiltIsOneLine(string json, string line)
    {
        var dir = TestPaths.NewTempDir();
        var spec = Path.Combine(dir, "spec.json");
        File.WriteAllText(spec, json);
        var structure = DatasetTestData.Write(Path.Combine(dir, "zif4.extxyz"), [DatasetTestData.Zif4]);
        var r = CliRunner.Run("describe", structure, "--spec", spec, "-o", Path.Combine(dir, "f.npy"));
        Assert.Equal((1, "zifphase: error: " + line + "\n"), (r.Code, r.Err));
    }

    [Fact]
    public void ReplicatingAFrameWithoutACellIsOneLineNamingTheFile()
    {
        var dir = TestPaths.NewTempDir();
        var noCell = Path.Combine(dir, "nocell.extxyz");
        File.WriteAllText(noCell, "2\nProperties=species:S:1:pos:R:3\nZn 0 0 0\nN 1 1 1\n");
        var convert = CliRunner.Run("convert", noCell, Path.Combine(dir, "big.extxyz"), "--replicate", "2,2,2");
        AssertOneLineError(convert, noCell, "frame 0", "cannot replicate a frame without a cell");
        var bench = CliRunner.Run("bench", "--structure", noCell, "--supercell", "2", "--repeat", "1", "--descriptors", "paper-bpsf");
        AssertOneLineError(bench, noCell, "cannot replicate a frame without a cell");
    }
}
