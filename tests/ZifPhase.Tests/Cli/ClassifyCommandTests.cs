using System.Text;
using System.Text.Json.Nodes;
using ZifPhase.Analysis;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Structures;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Cli;

/// <summary>Shared fixtures of the classify tests.</summary>
public static class ClassifyCommandTestsAccess
{
    public static string Model => ClassifyCommandTests.ModelPath;
    public static string MixedTrajectory(string dir) => ClassifyCommandTests.MixedTrajectoryIn(dir);
}

/// <summary>classify (files and --follow) and analyze transition through the command line.</summary>
public class ClassifyCommandTests
{
    private static readonly Lazy<string> Model = new(TrainModel);
    internal static string ModelPath => Model.Value;
    internal static string MixedTrajectoryIn(string dir) => MixedTrajectory(dir);

    /// <summary>A BPSF model telling ZIF-4 from ZIF-4-cp-II, trained on jittered copies of the real cells.</summary>
    private static string TrainModel()
    {
        var descriptor = AcsfSpec.PaperBpsf.Create();
        var rows = new List<float>();
        var labels = new List<int>();
        foreach (var (frame, label) in DatasetTestData.Jittered(DatasetTestData.Zif4, 4, 1).Select(f => (f, 0))
                     .Concat(DatasetTestData.Jittered(DatasetTestData.CpII, 4, 2).Select(f => (f, 1))))
        {
            var zn = frame.IndicesOf(Element.Zn);
            rows.AddRange(descriptor.Compute(frame, zn).Select(v => (float)v));
            labels.AddRange(Enumerable.Repeat(label, zn.Length));
        }
        var result = Trainer.Fit(rows.ToArray(), 12, labels.ToArray(), 2, Enumerable.Range(0, labels.Count).ToArray(),
            TrainingOptions.PaperBpsf with { MaxEpochs = 200 });
        var path = Path.Combine(TestPaths.NewTempDir(), "model.json");
        ModelFile.Save(new PhaseClassifier(AcsfSpec.PaperBpsf, CentreSelection.Parse("Zn"), result.Scaler, result.Network, ["ZIF-4", "ZIF-4-cp-II"]), path);
        return path;
    }

    /// <summary>3 ZIF-4 frames then 3 ZIF-4-cp-II frames (steps 0..500), as a dump.</summary>
    private static string MixedTrajectory(string dir)
    {
        var frames = DatasetTestData.Jittered(DatasetTestData.Zif4, 3, 5)
            .Concat(DatasetTestData.Jittered(DatasetTestData.CpII, 3, 6))
            .Select((f, i) => new Frame(f.Positions, f.Elements, f.Cell) { Step = 100 * i, Time = 0.05 * i });
        return DatasetTestData.Write(Path.Combine(dir, "mixed.lammpstrj"), frames);
    }

    [Fact]
    public void FractionsAndLabelledTrajectory()
    {
        var dir = TestPaths.NewTempDir();
        var traj = MixedTrajectory(dir);
        string csv = Path.Combine(dir, "fractions.csv"), labelled = Path.Combine(dir, "labelled.extxyz");
        var (code, _, stderr) = CliRunner.Run("classify", Model.Value, traj, "-o", labelled, "--fractions", csv);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(FractionsCsvHeader(["ZIF-4", "ZIF-4-cp-II"]), lines[0]);
        Assert.Equal(7, lines.Length);
        var rows = ZifPhase.Reporting.FractionsCsv.Read(csv);
        Assert.Equal([0L, 100, 200, 300, 400, 500], rows.Select(r => r.Step));
        Assert.Equal(0.15, rows[3].Time!.Value, 1e-12);
        Assert.All(rows.Take(3), r => Assert.Equal(1.0, r.Values["frac_ZIF_4"]));
        Assert.All(rows.Skip(3), r => Assert.Equal(1.0, r.Values["frac_ZIF_4_cp_II"]));
        Assert.All(rows, r => Assert.Equal(16, r.Values["n_centres"]));
        Assert.All(rows, r => Assert.Equal(1.0, r.Values["meanp_ZIF_4"] + r.Values["meanp_ZIF_4_cp_II"], 1e-6));
        Assert.Equal(DatasetTestData.CpII.Cell.LengthC, rows[4].C!.Value, 1e-9);

        var back = TrajectoryReader.Read(labelled).ToList();
        Assert.Equal(6, back.Count);
        var labels = PhaseLabels.Read(back[4]);
        for (int i = 0; i < labels.Length; i++)
            Assert.Equal(back[4].Elements[i] == Element.Zn ? "ZIF-4-cp-II" : null, labels[i]);
        var p = (AtomColumn<double>)back[0].Column("p_ZIF_4")!;
        Assert.True(p[back[0].IndicesOf(Element.Zn)[0]] > 0.5);
        Assert.Equal(0.0, p[back[0].IndicesOf(Element.N)[0]]);
    }

    [Fact]
    public void OneAndTwoThreadsGiveTheSameBytes()
    {
        var dir = TestPaths.NewTempDir();
        var traj = MixedTrajectory(dir);
        foreach (var t in new[] { "1", "2" })
            Assert.Equal(0, CliRunner.Run("classify", Model.Value, traj, "--threads", t, "-o", Path.Combine(dir, $"l{t}.extxyz"), "--fractions", Path.Combine(dir, $"f{t}.csv")).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "l1.extxyz")), File.ReadAllBytes(Path.Combine(dir, "l2.extxyz")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "f1.csv")), File.ReadAllBytes(Path.Combine(dir, "f2.csv")));
    }

    private static string FractionsCsvHeader(string[] classes) => ZifPhase.Reporting.FractionsCsvWriter.Header(classes);

    [Fact]
    public void LabelledDumpKeepsThePhaseColumn()
    {
        var dir = TestPaths.NewTempDir();
        var traj = MixedTrajectory(dir);
        var dump = Path.Combine(dir, "labelled.lammpstrj");
        Assert.Equal(0, CliRunner.Run("classify", Model.Value, traj, "-o", dump, "--frames", "4").Code);
        var frame = Assert.Single(TrajectoryReader.Read(dump));
        Assert.Equal(400, frame.Step);
        Assert.Equal(16, PhaseLabels.Read(frame).Count(l => l == "ZIF-4-cp-II"));
        Assert.Contains("phase p_ZIF_4 p_ZIF_4_cp_II", File.ReadAllText(dump));
    }

    [Fact]
    public async Task FollowClassifiesEveryCompleteFrameOnceAsTheWriterAppends()
    {
        var dir = TestPaths.NewTempDir();
        var source = File.ReadAllText(MixedTrajectory(dir));
        var growing = Path.Combine(dir, "growing.lammpstrj");
        File.WriteAllText(growing, "");
        // Frames start with ITEM: TIME (LAMMPS writes it before ITEM: TIMESTEP).
        var frameTexts = source.Split("ITEM: TIME\n", StringSplitOptions.RemoveEmptyEntries).Select(t => "ITEM: TIME\n" + t).ToArray();
        Assert.Equal(6, frameTexts.Length);
        // The writer runs on its own thread (not the thread pool, which a busy test run can starve).
        var writer = new Thread(() =>
        {
            using var s = new FileStream(growing, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            for (int i = 0; i < 5; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(frameTexts[i]);
                int half = bytes.Length / 2; // each frame arrives in two pieces, with a pause inside it
                s.Write(bytes, 0, half);
                s.Flush();
                Thread.Sleep(150);
                s.Write(bytes, half, bytes.Length - half);
                s.Flush();
                Thread.Sleep(150);
            }
            var last = Encoding.UTF8.GetBytes(frameTexts[5]);
            s.Write(last, 0, last.Length / 3); // the MD "stops" in the middle of frame 5
            s.Flush();
        }) { IsBackground = true };
        writer.Start();
        var csv = Path.Combine(dir, "follow.csv");
        var (code, _, stderr) = await Task.Run(() => CliRunner.Run("classify", Model.Value, growing, "--follow", "--idle-timeout", "4", "--fractions", csv));
        writer.Join();
        Assert.True(code == 0, stderr);
        Assert.Contains("incomplete", stderr);
        var rows = ZifPhase.Reporting.FractionsCsv.Read(csv);
        Assert.Equal([0L, 100, 200, 300, 400], rows.Select(r => r.Step));
        Assert.Equal(1.0, rows[4].Values["frac_ZIF_4_cp_II"]);
    }

    /// <summary>The lines of a file that another process is still writing.</summary>
    private static string[] LinesNow(string path)
    {
        if (!File.Exists(path)) return [];
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(s);
        return r.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task FollowWritesTheFractionsCsvUnderItsOwnNameRowByRowAsFramesArrive()
    {
        var dir = TestPaths.NewTempDir();
        var mixed = MixedTrajectory(dir);
        var frameTexts = File.ReadAllText(mixed).Split("ITEM: TIME\n", StringSplitOptions.RemoveEmptyEntries).Select(t => "ITEM: TIME\n" + t).ToArray();
        Assert.Equal(6, frameTexts.Length);
        var growing = Path.Combine(dir, "growing.lammpstrj");
        File.WriteAllText(growing, "");
        var csv = Path.Combine(dir, "live.csv");
        var seen = new List<int>(); // data rows on disk after each frame was appended
        string? failure = null;
        // The "MD" appends one frame, then waits (at most 60 s) until classify has put its row into live.csv.
        var writer = new Thread(() =>
        {
            using var s = new FileStream(growing, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            for (int i = 0; i < frameTexts.Length; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(frameTexts[i]);
                s.Write(bytes);
                s.Flush();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (LinesNow(csv).Length < i + 2 && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
                seen.Add(LinesNow(csv).Length - 1);
                if (File.Exists(csv + ".tmp")) failure = "a live.csv.tmp exists while following";
            }
        }) { IsBackground = true };
        writer.Start();
        var (code, _, stderr) = await Task.Run(() => CliRunner.Run("classify", Model.Value, growing, "--follow", "--idle-timeout", "3", "--fractions", csv));
        writer.Join();
        Assert.True(code == 0, stderr);
        Assert.Null(failure);
        // Row k was on disk, under its final name, before frame k + 1 existed.
        Assert.Equal([1, 2, 3, 4, 5, 6], seen);
        Assert.Equal(FractionsCsvHeader(["ZIF-4", "ZIF-4-cp-II"]), LinesNow(csv)[0]);
        // The live file is the same as a classify of the whole file afterwards (apart from the file column).
        var after = Path.Combine(dir, "after.csv");
        Assert.Equal(0, CliRunner.Run("classify", Model.Value, growing, "--fractions", after).Code);
        Assert.Equal(File.ReadAllText(after), File.ReadAllText(csv));
        // Not a terminal: a status line per frame, at most one a second, the first and the last frame always.
        Assert.Contains("following growing.lammpstrj: frame 0, step 0: ZIF-4 1.000, ZIF-4-cp-II 0.000, uncertain 0.000, unknown 0.000; 1 frames, ", stderr);
        Assert.Contains("following growing.lammpstrj: frame 5, step 500: ZIF-4 0.000, ZIF-4-cp-II 1.000, uncertain 0.000, unknown 0.000; 6 frames, ", stderr);
        Assert.Contains("classified 6 frame(s)", stderr);
    }

    [Fact]
    public void FollowDoesNotTakeAFrameWhoseLastLineIsCut()
    {
        // The writer was killed inside the last atom line of frame 1: "… 1.2345" arrived as "… 1.2" with no
        // newline. Those bytes still parse, but the frame is not complete and must not be classified.
        var dir = TestPaths.NewTempDir();
        var text = File.ReadAllText(MixedTrajectory(dir));
        var frames = text.Split("ITEM: TIME\n", StringSplitOptions.RemoveEmptyEntries).Select(t => "ITEM: TIME\n" + t).ToArray();
        var cut = frames[0] + frames[1][..^3];
        Assert.Matches(@" -?[0-9.e+-]+$", cut); // ends inside a number
        var growing = Path.Combine(dir, "cut.lammpstrj");
        File.WriteAllText(growing, cut);
        var csv = Path.Combine(dir, "cut.csv");
        var (code, _, stderr) = CliRunner.Run("classify", Model.Value, growing, "--follow", "--idle-timeout", "1", "--fractions", csv);
        Assert.True(code == 0, stderr);
        Assert.Equal([0L], ZifPhase.Reporting.FractionsCsv.Read(csv).Select(r => r.Step));
        var warning = Assert.Single(stderr.Split('\n'), l => l.Contains("warning"));
        Assert.Equal($"zifphase: warning: stopped following {growing} after {Encoding.UTF8.GetByteCount(cut)} bytes; its last frame is incomplete " +
            "and was not classified (file ends inside frame 1: expected 272 atom lines, found 271)", warning);
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, uint mode);

    [Fact]
    public async Task FollowReadsANamedPipeUntilTheWriterCloses()
    {
        Assert.True(OperatingSystem.IsLinux(), "named pipes are tested on Linux, where CI runs");
        var dir = TestPaths.NewTempDir();
        var source = File.ReadAllText(MixedTrajectory(dir));
        var fifo = Path.Combine(dir, "md.lammpstrj");
        Assert.Equal(0, mkfifo(fifo, Convert.ToUInt32("600", 8)));
        var writer = Task.Run(async () =>
        {
            // Opening a FIFO for writing waits for the reader, like LAMMPS writing 'dump ... md.lammpstrj' into a pipe.
            using var s = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            var bytes = Encoding.UTF8.GetBytes(source);
            for (int start = 0; start < bytes.Length; start += 7000)
            {
                s.Write(bytes, start, Math.Min(7000, bytes.Length - start));
                s.Flush();
                await Task.Delay(20);
            }
        });
        var csv = Path.Combine(dir, "pipe.csv");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, stderr) = await Task.Run(() => CliRunner.Run("classify", Model.Value, fifo, "--follow", "--idle-timeout", "60", "--fractions", csv));
        await writer;
        Assert.True(code == 0, stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the run must end when the pipe closes, not at the idle timeout");
        Assert.Equal([0L, 100, 200, 300, 400, 500], ZifPhase.Reporting.FractionsCsv.Read(csv).Select(r => r.Step));
    }

    [Fact]
    public void TransitionAnalysisFindsT0OfEachRun()
    {
        var dir = TestPaths.NewTempDir();
        var traj = MixedTrajectory(dir);
        var csv = Path.Combine(dir, "run1.csv");
        Assert.Equal(0, CliRunner.Run("classify", Model.Value, traj, "--fractions", csv).Code);
        var (code, stdout, stderr) = CliRunner.Run("analyze", "transition", csv, "--phase", "ZIF-4-cp-II", "--json", "-o", Path.Combine(dir, "t"));
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout.Trim())!;
        // Fractions 0, 0, 0, 1, 1, 1 at t = 0, 0.05, ..., 0.25 ps: 0.5 is crossed half way between 0.10 and 0.15.
        Assert.Equal(0.125, (double)json["runs"]![0]!["t0"]!, 1e-12);
        Assert.Equal("ps", (string)json["time_unit"]!);
        Assert.True(File.Exists(Path.Combine(dir, "t", "transition.png")));
        Assert.True(File.Exists(Path.Combine(dir, "t", "transition.svg")));
        var (bad, _, badErr) = CliRunner.Run("analyze", "transition", csv, "--phase", "glass");
        Assert.Equal(1, bad);
        Assert.Contains("frac_glass", badErr);
    }
}
