using ZifPhase.IO;
using ZifPhase.Sharding;

namespace ZifPhase.Tests.Cli;

/// <summary>--frames with Python's negative indices on a shipped 41-frame trajectory, through the commands that take it.</summary>
public class FramesOptionTests
{
    private static readonly string Zif4 = TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz");
    private static readonly Lazy<long[]> Steps = new(() => [.. TrajectoryReader.Read(Zif4).Select(f => f.Step)]);

    private static void Ok((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err);

    private static long[] Converted(string frames)
    {
        var dst = Path.Combine(TestPaths.NewTempDir(), "out.extxyz");
        Ok(CliRunner.Run("convert", Zif4, dst, "--frames", frames));
        return [.. TrajectoryReader.Read(dst).Select(f => f.Step)];
    }

    [Fact]
    public void ConvertTakesNegativeIndicesAsPythonDoes()
    {
        var all = Steps.Value;
        Assert.Equal(41, all.Length);
        Assert.Equal([all[40]], Converted("-1"));
        Assert.Equal(all[31..], Converted("-10:"));
        Assert.Equal(all[..40], Converted(":-1"));
        Assert.Equal([all[35], all[37]], Converted("-6:-2:2"));
        Assert.Equal([all[0]], Converted("-41"));
    }

    [Theory]
    [InlineData("-42")]
    [InlineData("41")]
    public void AMissingFrameIsAnErrorNamingTheFileAndItsFrameCount(string frames)
    {
        var dst = Path.Combine(TestPaths.NewTempDir(), "out.extxyz");
        var (code, _, err) = CliRunner.Run("convert", Zif4, dst, "--frames", frames);
        Assert.Equal(1, code);
        Assert.Equal($"zifphase: error: {Zif4}: frame {frames} does not exist: the file holds 41 frame(s) (0 … 40, or -41 … -1 from the end)", err.Trim());
        Assert.False(File.Exists(dst));
    }

    [Fact]
    public void ANegativeStepIsRefusedInOneLine()
    {
        var dst = Path.Combine(TestPaths.NewTempDir(), "out.extxyz");
        var (code, _, err) = CliRunner.Run("convert", Zif4, dst, "--frames", "::-1");
        Assert.Equal(1, code);
        Assert.Equal("zifphase: error: frame range '::-1': a negative step is not supported: frames are read forward; give a positive step (e.g. '::1' for '::-1') and reverse the order afterwards", err.Trim());
    }

    [Fact]
    public void EveryReaderEntryResolvesFromTheEnd()
    {
        // analyze rings and clusters read through TrajectoryReader.Read, the dataset builder through Open
        var last = Assert.Single(TrajectoryReader.Read(Zif4, new ReadOptions { Frames = FrameRange.Parse("-1") }));
        Assert.Equal(40, last.Index);
        Assert.Equal(Steps.Value[40], last.Step);
        using var file = TrajectoryReader.Open(Zif4, new ReadOptions { Frames = FrameRange.Parse("-3:") });
        Assert.Equal(new FrameRange(38, null, 1), file.Options.Frames);
        Assert.Equal([38, 39, 40], file.Frames.Select(f => f.Index));
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("stride")]
    public void DescribeShardsOfTheLastTenMergeToTheSingleRun(string mode)
    {
        var dir = TestPaths.NewTempDir();
        var single = Path.Combine(dir, "single.npy");
        var target = Path.Combine(dir, "sharded.npy");
        Ok(CliRunner.Run("describe", Zif4, "--preset", "paper-bpsf", "--frames", "31:", "-o", single));
        const int n = 3;
        for (int i = 1; i <= n; i++)
            Ok(CliRunner.Run("describe", Zif4, "--preset", "paper-bpsf", "--frames", "-10:", "-o", target, "--shard", $"{i}/{n}", "--shard-by", mode));
        var record = ShardRecord.Load(ShardFiles.RecordPath(ShardFiles.PartPath(target, new Shard(1, n))));
        Assert.Equal(10, record.Total);
        Assert.Equal(mode == "blocks" ? [31, 32, 33] : [31, 34, 37, 40], record.Frames.Select(f => f.Frame));
        var merged = Path.Combine(dir, "merged.npy");
        Ok(CliRunner.Run(["merge", .. Enumerable.Range(1, n).Select(i => ShardFiles.PartPath(target, new Shard(i, n))), "-o", merged]));
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
    }

    [Fact]
    public void ClassifyTakesTheLastFrameAlsoWhenSharded()
    {
        var dir = TestPaths.NewTempDir();
        var csv = Path.Combine(dir, "last.csv");
        Ok(CliRunner.Run("classify", ClassifyCommandTests.ModelPath, Zif4, "--frames", "-1", "--fractions", csv));
        var rows = File.ReadAllLines(csv);
        Assert.Equal(2, rows.Length);
        var target = Path.Combine(dir, "sharded.csv");
        for (int i = 1; i <= 2; i++)
            Ok(CliRunner.Run("classify", ClassifyCommandTests.ModelPath, Zif4, "--frames", "-1", "--fractions", target, "--shard", $"{i}/2"));
        var second = ShardRecord.Load(ShardFiles.RecordPath(ShardFiles.PartPath(target, new Shard(2, 2))));
        Assert.Equal(1, second.Total);
        Assert.Equal([40], second.Frames.Select(f => f.Frame));
        var merged = Path.Combine(dir, "merged.csv");
        Ok(CliRunner.Run("merge", ShardFiles.PartPath(target, new Shard(1, 2)), ShardFiles.PartPath(target, new Shard(2, 2)), "-o", merged));
        Assert.Equal(rows, File.ReadAllLines(merged));
    }

    [Fact]
    public void ClassifyRefusesFramesFromTheEndWhenFollowing()
    {
        var dir = TestPaths.NewTempDir();
        var growing = Path.Combine(dir, "growing.lammpstrj");
        File.WriteAllText(growing, "");
        var csv = Path.Combine(dir, "f.csv");
        var (code, _, err) = CliRunner.Run("classify", ClassifyCommandTests.ModelPath, growing, "--follow", "--idle-timeout", "1", "--frames", "-5:", "--fractions", csv);
        Assert.Equal(1, code);
        Assert.Equal($"zifphase: error: {growing}: frames '-5::1' count from the end, which a followed file does not have yet; select frames from the start (e.g. '100:')", err.Trim());
        Assert.Equal([growing], Directory.GetFiles(dir));
    }
}
