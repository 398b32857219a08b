using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;
using ZifPhase.Sharding;
using ZifPhase.Structures;
using ZifPhase.Tests.Cli;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Pipeline;

/// <summary>The frame run over small shipped trajectories: selection, shards, resume, cancellation.</summary>
public class FrameRunTests
{
    private static readonly string Melt = TestPaths.Data("md", "transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz");
    private static readonly RunSignature Signature = RunSignature.Of("the test's arguments", ["test"]);

    private static ReadOptions Frames(string range) => new() { Frames = FrameRange.Parse(range) };

    private static DescribeStage Describe(string output) =>
        new(output, new FrameDescriber(AcsfSpec.PaperBpsf.Create(1), CentreSelection.Of(Element.Zn), 1), FeatureDType.Float32,
            new Dictionary<string, string> { ["source"] = "melt" });

    /// <summary>The frame column of a describe CSV, one entry per frame.</summary>
    private static List<int> FramesIn(string csv) =>
        [.. File.ReadLines(csv).Skip(1).Select(l => int.Parse(l[..l.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture)).Distinct()];

    /// <summary>Progress that cancels after <paramref name="frames"/> frames of the run.</summary>
    private static InlineProgress<RunProgress> CancelAfter(int frames, CancellationTokenSource cancel)
    {
        int seen = 0;
        return new InlineProgress<RunProgress>(p =>
        {
            if (!p.InputDone && ++seen == frames) cancel.Cancel();
        });
    }

    [Fact]
    public void TheSourceReadsTheSelectedFramesAndAShardItsShareOfThem()
    {
        var dir = TestPaths.NewTempDir();
        var all = Path.Combine(dir, "all.csv");
        var result = FrameRun.ToEnd(FrameSource.Of(Melt, Frames("2:14:3")), Describe(all));
        Assert.Equal([2, 5, 8, 11], FramesIn(all));
        Assert.Equal(4, result.Frames);

        var shard = FrameSource.Of(Melt, Frames("0:20")).Sharded(new Shard(2, 4), ShardMode.Blocks);
        var stage = Describe(Path.Combine(dir, "part.csv"));
        using (var run = FrameRun.Start(shard, stage, new RunOptions { Signature = Signature, CommandLine = "describe" }))
        {
            Assert.Equal(ShardFiles.PartPath(Path.Combine(dir, "part.csv"), new Shard(2, 4)), run.OutputPaths[0]);
            Assert.Equal(5, run.Execute().Frames);
            run.Complete();
        }
        var part = ShardFiles.PartPath(Path.Combine(dir, "part.csv"), new Shard(2, 4));
        Assert.Equal([5, 6, 7, 8, 9], FramesIn(part));
        var record = ShardRecord.Load(ShardFiles.RecordPath(part));
        Assert.Equal([5L, 6, 7, 8, 9], record.Frames.Select(f => f.Position));
        Assert.Equal(Signature.Hash, record.Signature);
        Assert.Equal(new FileInfo(part).Length, record.Frames[^1].End);
    }

    [Theory]
    [InlineData("f.npy", 1)]
    [InlineData("f.csv", 4)]
    [InlineData("f.h5", 7)]
    public void ADescribeRunSuspendedAfterKFramesResumesToTheSameBytes(string name, int k)
    {
        var dir = TestPaths.NewTempDir();
        var reference = Path.Combine(dir, "ref-" + name);
        FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:10")), Describe(reference));

        var output = Path.Combine(dir, name);
        using var cancel = new CancellationTokenSource();
        var options = new RunOptions { Signature = Signature, Journal = true, Cancel = cancel.Token, OnCancel = CancelMode.Suspend, Progress = CancelAfter(k, cancel) };
        Assert.ThrowsAny<OperationCanceledException>(() => FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:10")), Describe(output), options));
        Assert.False(File.Exists(output));
        Assert.True(File.Exists(output + (name.EndsWith(".h5") ? ".rows.tmp" : ".tmp")) && File.Exists(output + ".resume"));

        var resumed = FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:10")), Describe(output), new RunOptions { Signature = Signature, Journal = true, Resume = true });
        Assert.Equal(k, resumed.ResumedFrames);
        Assert.Equal(10, resumed.Frames);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.Equal([Path.GetFileName(output), Path.GetFileName(reference)], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    /// <summary>What a kill leaves: after every frame, the checkpoint the journal records is already in the file
    /// (flushed out of the process), not only in its buffers (which a suspended run flushes, a killed one loses).</summary>
    [Theory]
    [InlineData("f.npy", ".tmp", 1)]
    [InlineData("f.csv", ".tmp", 1)]
    [InlineData("f.h5", ".index.tmp", 2 * 4)]
    public void EveryCheckpointTheJournalRecordsIsOnDisk(string name, string file, int bytesPerCheckpoint)
    {
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, name);
        int checkedFrames = 0;
        var progress = new InlineProgress<RunProgress>(p =>
        {
            if (p.InputDone) return;
            var last = File.ReadAllLines(output + ".resume")[^1].Split(' ');
            long checkpoint = long.Parse(last[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(checkpoint * bytesPerCheckpoint, new FileInfo(output + file).Length);
            checkedFrames++;
        });
        FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:4")), Describe(output), new RunOptions { Signature = Signature, Journal = true, Progress = progress });
        Assert.Equal(4, checkedFrames);
    }

    [Fact]
    public void ADatasetBuildSuspendedInItsSecondSourceResumesToTheSameBytes()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var manifest = DatasetManifest.Load(Path.Combine(dir, "manifest.toml"));
        var reference = Path.Combine(dir, "ref.h5");
        var expected = DatasetBuilder.Build(manifest, reference, maxDegreeOfParallelism: 1);

        var output = Path.Combine(dir, "set.h5");
        using var cancel = new CancellationTokenSource();
        var suspend = new RunOptions { Signature = Signature, Journal = true, Cancel = cancel.Token, OnCancel = CancelMode.Suspend, Progress = CancelAfter(5, cancel) };
        Assert.ThrowsAny<OperationCanceledException>(() => DatasetBuilder.Run(DatasetBuildStage.Source(manifest), new DatasetBuildStage(manifest, output, 1), suspend));
        Assert.True(File.Exists(output + ".rows.tmp") && File.Exists(output + ".index.tmp") && File.Exists(output + ".resume"));

        var (summary, result) = DatasetBuilder.Run(DatasetBuildStage.Source(manifest), new DatasetBuildStage(manifest, output, 1),
            new RunOptions { Signature = Signature, Journal = true, Resume = true });
        Assert.Equal(5, result.ResumedFrames);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.Equal(expected.Rows, summary.Rows);
        Assert.Equal(expected.RowsPerClass, summary.RowsPerClass);
        Assert.Equal(expected.RowsPerTag, summary.RowsPerTag);
        Assert.DoesNotContain(Directory.GetFiles(dir), f => Path.GetFileName(f).StartsWith("set.h5.", StringComparison.Ordinal));
    }

    [Fact]
    public void AClassifyRunSuspendedAfterKFramesResumesToTheSameBytes()
    {
        var dir = TestPaths.NewTempDir();
        var model = ModelFile.Load(ClassifyCommandTestsAccess.Model);
        var traj = ClassifyCommandTestsAccess.MixedTrajectory(dir);
        string Out(string name) => Path.Combine(dir, name);
        FrameRun.ToEnd(FrameSource.Of(traj), new ClassifyStage(model, 0.5, Out("ref.extxyz"), Out("ref.csv")));

        using var cancel = new CancellationTokenSource();
        var suspend = new RunOptions { Signature = Signature, Journal = true, Cancel = cancel.Token, OnCancel = CancelMode.Suspend, Progress = CancelAfter(2, cancel) };
        Assert.ThrowsAny<OperationCanceledException>(() => FrameRun.ToEnd(FrameSource.Of(traj), new ClassifyStage(model, 0.5, Out("l.extxyz"), Out("f.csv")), suspend));
        var stage = new ClassifyStage(model, 0.5, Out("l.extxyz"), Out("f.csv"));
        var result = FrameRun.ToEnd(FrameSource.Of(traj), stage, new RunOptions { Signature = Signature, Journal = true, Resume = true });
        Assert.Equal(2, result.ResumedFrames);
        Assert.Equal(File.ReadAllBytes(Out("ref.extxyz")), File.ReadAllBytes(Out("l.extxyz")));
        Assert.Equal(File.ReadAllBytes(Out("ref.csv")), File.ReadAllBytes(Out("f.csv")));
        Assert.False(File.Exists(Out("l.extxyz.resume")));
    }

    [Fact]
    public void ResumingAnotherRunOrNothingIsRefusedNamingTheJournal()
    {
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, "f.npy");
        var none = Assert.Throws<InputException>(() => FrameRun.Start(FrameSource.Of(Melt, Frames("0:3")), Describe(output), new RunOptions { Signature = Signature, Resume = true }));
        Assert.Contains("nothing to resume", none.Message);

        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:3")), Describe(output),
            new RunOptions { Signature = Signature, Journal = true, Cancel = cancel.Token, OnCancel = CancelMode.Suspend, Progress = CancelAfter(1, cancel) }));
        var other = RunSignature.Of("the test's other arguments", ["other"]);
        var e = Assert.Throws<InputException>(() => FrameRun.Start(FrameSource.Of(Melt, Frames("0:3")), Describe(output), new RunOptions { Signature = other, Resume = true }));
        Assert.Contains("other arguments (the test's other arguments)", e.Message);
        Assert.Contains("f.npy.resume", e.Message);
    }

    /// <summary>A run of three frames suspended after two, its journal and NAME.tmp left behind.</summary>
    private static string SuspendedNpy(string dir)
    {
        var output = Path.Combine(dir, "f.npy");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:3")), Describe(output),
            new RunOptions { Signature = Signature, Journal = true, Cancel = cancel.Token, OnCancel = CancelMode.Suspend, Progress = CancelAfter(2, cancel) }));
        return output;
    }

    /// <summary>A damaged resume state is one InputException naming the file (and the journal's line), and the
    /// journal and NAME.tmp are left as they are, to be fixed and resumed or replaced by a run without --resume.</summary>
    [Theory]
    [InlineData("short tmp", "f.npy.tmp", null, "holds")]
    [InlineData("missing tmp", "f.npy.tmp", null, "the temporary output of the interrupted run is missing")]
    [InlineData("tmp is a folder", "f.npy.tmp", null, "is a folder")]
    [InlineData("negative checkpoint", "f.npy.resume", 3, "a negative number")]
    [InlineData("decreasing checkpoint", "f.npy.resume", 4, "below the previous line's")]
    [InlineData("repeated frame", "f.npy.resume", 4, "does not come after frame")]
    [InlineData("unknown input", "f.npy.resume", null, "lists input 5")]
    public void ADamagedResumeStateIsRefusedAndKept(string damage, string blamed, int? line, string reason)
    {
        var dir = TestPaths.NewTempDir();
        var output = SuspendedNpy(dir);
        string tmp = output + ".tmp", journal = output + ".resume";
        var lines = File.ReadAllLines(journal);
        string[] Entry(int i) => lines[2 + i].Split(' ');
        void Rewrite(int i, string[] entry)
        {
            lines[2 + i] = string.Join(' ', entry);
            File.WriteAllLines(journal, lines);
        }
        switch (damage)
        {
            case "short tmp":
                using (var f = new FileStream(tmp, FileMode.Open)) f.SetLength(f.Length - 1);
                break;
            case "missing tmp":
                File.Delete(tmp);
                break;
            case "tmp is a folder":
                File.Delete(tmp);
                Directory.CreateDirectory(tmp);
                break;
            case "negative checkpoint":
                Rewrite(0, [.. Entry(0)[..2], "-5", Entry(0)[3]]);
                break;
            case "decreasing checkpoint":
                Rewrite(1, [.. Entry(1)[..2], "130", Entry(1)[3]]);
                break;
            case "repeated frame":
                Rewrite(1, [Entry(1)[0], Entry(0)[1], .. Entry(1)[2..]]);
                break;
            case "unknown input":
                Rewrite(1, ["5", .. Entry(1)[1..]]);
                break;
        }
        var journalBefore = File.ReadAllBytes(journal);
        bool tmpWasFile = File.Exists(tmp);
        var tmpBefore = tmpWasFile ? File.ReadAllBytes(tmp) : null;
        var e = Assert.Throws<InputException>(() => FrameRun.Start(FrameSource.Of(Melt, Frames("0:3")), Describe(output),
            new RunOptions { Signature = Signature, Journal = true, Resume = true }));
        Assert.Equal(Path.Combine(dir, blamed), e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason);
        Assert.EndsWith(ResumeJournal.Refused, e.Reason);
        Assert.Equal(journalBefore, File.ReadAllBytes(journal));
        if (tmpWasFile) Assert.Equal(tmpBefore, File.ReadAllBytes(tmp));
        Assert.Equal(damage == "tmp is a folder", Directory.Exists(tmp));
    }

    [Fact]
    public void CancellingKeepsTheCompleteFramesOrDiscardsEverything()
    {
        var dir = TestPaths.NewTempDir();
        var kept = Path.Combine(dir, "kept.csv");
        using (var cancel = new CancellationTokenSource())
        {
            var result = FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:10")), Describe(kept),
                new RunOptions { Cancel = cancel.Token, OnCancel = CancelMode.KeepComplete, Progress = CancelAfter(3, cancel) });
            Assert.True(result.Interrupted);
            Assert.Equal(3, result.Frames);
        }
        Assert.Equal([0, 1, 2], FramesIn(kept));

        var discarded = Path.Combine(dir, "discarded.csv");
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() => FrameRun.ToEnd(FrameSource.Of(Melt, Frames("0:10")), Describe(discarded),
                new RunOptions { Signature = Signature, Journal = true, Cancel = cancel.Token, Progress = CancelAfter(3, cancel) }));
        Assert.Equal([kept], Directory.GetFiles(dir));
    }

    [Fact]
    public void AFailedAtomicOutputLeavesNothingBehind()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "sub", "out.bin");
        void Fail()
        {
            using var output = new AtomicOutput(path);
            File.WriteAllText(output.TempPath, "partial");
            File.WriteAllText(output.SidePath("rows.tmp"), "spool");
            throw new InvalidOperationException("the writer failed");
        }
        Assert.Throws<InvalidOperationException>(Fail);
        Assert.Empty(Directory.GetFiles(dir, "*", SearchOption.AllDirectories));

        AtomicOutput.Write(path, temp => File.WriteAllText(temp, "whole"));
        Assert.Equal("whole", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void TheRegistryKnowsEveryOutputKindByItsExtension()
    {
        Assert.Equal(Enum.GetValues<ShardOutputKind>(), OutputFormats.All.Select(f => f.Kind));
        Assert.Equal(ShardOutputKind.FeaturesNpy, OutputFormats.FeatureKind("x/soap.NPY"));
        Assert.Equal(ShardOutputKind.FeaturesCsv, OutputFormats.FeatureKind("soap.csv"));
        Assert.Equal(ShardOutputKind.FeaturesHdf5, OutputFormats.FeatureKind("soap.hdf5"));
        Assert.True(OutputFormats.Of(ShardOutputKind.Labelled).Accepts("run.lammpstrj.gz"));
        Assert.False(OutputFormats.Of(ShardOutputKind.Dataset).Accepts("set.npy"));
        Assert.Equal("fractions-csv", OutputFormats.Of(ShardOutputKind.FractionsCsv).Name);
    }
}
