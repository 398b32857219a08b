using ZifPhase.Sharding;
using ZifPhase.Tests.Cli;

namespace ZifPhase.Tests.Sharding;

/// <summary>Sharded runs merged with `zifphase merge` give the single run's file, byte for byte; bad sets of parts are clear errors.</summary>
public class ShardMergeTests
{
    private static readonly string Zif4 = TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz");
    private static readonly string Melt = TestPaths.Data("md", "transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz");

    private static void Ok((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err);

    /// <summary>Runs every shard of <paramref name="args"/> (which writes <paramref name="target"/>), merges, and returns the merged path.</summary>
    private static string ShardAndMerge(string[] args, string target, int n, string mode, string? merged = null)
    {
        for (int i = 1; i <= n; i++) Ok(CliRunner.Run([.. args, "--shard", $"{i}/{n}", "--shard-by", mode]));
        merged ??= target + ".merged" + Path.GetExtension(target);
        var parts = Enumerable.Range(1, n).Select(i => ShardFiles.PartPath(target, new Shard(i, n))).Reverse().ToArray(); // any order
        Ok(CliRunner.Run(["merge", .. parts, "-o", merged]));
        return merged;
    }

    [Theory]
    [InlineData(".npy", "blocks", 3)]
    [InlineData(".npy", "stride", 4)]
    [InlineData(".csv", "blocks", 2)]
    [InlineData(".csv", "stride", 3)]
    [InlineData(".h5", "blocks", 3)]
    [InlineData(".h5", "stride", 5)]
    public void DescribeShardsMergeToTheSingleRunBytes(string ext, string mode, int n)
    {
        var dir = TestPaths.NewTempDir();
        var single = Path.Combine(dir, "single" + ext);
        var target = Path.Combine(dir, "sharded" + ext);
        string[] common = ["describe", Zif4, "--preset", "paper-bpsf", "--frames", "1:30:2"];
        Ok(CliRunner.Run([.. common, "-o", single]));
        var merged = ShardAndMerge([.. common, "-o", target], target, n, mode);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
        // each part is itself a file of its kind, holding its own frames only
        var record = ShardRecord.Load(ShardFiles.RecordPath(ShardFiles.PartPath(target, new Shard(1, n))));
        Assert.Equal(15, record.Total);
        Assert.Equal(mode == "blocks" ? Enumerable.Range(0, 15 / n).Select(i => 1 + 2 * i) : Enumerable.Range(0, (15 + n - 1) / n).Select(i => 1 + 2 * n * i),
            record.Frames.Select(f => f.Frame));
    }

    [Fact]
    public void MoreShardsThanFramesLeavesEmptyPartsThatMergeCleanly()
    {
        var dir = TestPaths.NewTempDir();
        foreach (var ext in new[] { ".h5", ".npy" })
        {
            var single = Path.Combine(dir, "single" + ext);
            var target = Path.Combine(dir, "sharded" + ext);
            string[] common = ["describe", Zif4, "--preset", "paper-bpsf", "--frames", "0:3"];
            Ok(CliRunner.Run([.. common, "-o", single]));
            var merged = ShardAndMerge([.. common, "-o", target], target, 5, "blocks");
            Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
        }
    }

    [Theory]
    [InlineData("blocks", 3)]
    [InlineData("stride", 4)]
    public void DatasetBuildShardsMergeToTheSingleRunBytes(string mode, int n)
    {
        var dir = TestPaths.NewTempDir();
        var manifest = Path.Combine(dir, "small.toml");
        File.WriteAllText(manifest, $"""
            descriptor = "paper-bpsf"
            centers = "Zn"

            [[source]]
            path = "{TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz").Replace("\\", "/")}"
            phase = "ZIF-4"
            tag = "nbzif"
            frames = "0:12"

            [[source]]
            path = "{TestPaths.Data("md", "ZIF-zni__NVT300K_refcell_s4301.lammpstrj.gz").Replace("\\", "/")}"
            phase = "ZIF-zni"
            tag = "nbzif"
            frames = "::5"
            """);
        var single = Path.Combine(dir, "single.h5");
        var target = Path.Combine(dir, "sharded.h5");
        Ok(CliRunner.Run(["dataset", "build", manifest, "-o", single]));
        var merged = ShardAndMerge(["dataset", "build", manifest, "-o", target], target, n, mode);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
    }

    [Theory]
    [InlineData("labelled.extxyz", "blocks")]
    [InlineData("labelled.lammpstrj.gz", "stride")]
    public void ClassifyShardsMergeToTheSingleRunBytes(string labelledName, string mode)
    {
        var dir = TestPaths.NewTempDir();
        var mixed = ClassifyCommandTests.MixedTrajectoryIn(dir);
        string[] inputs = [mixed, Zif4];
        var single = (Path.Combine(dir, "single-" + labelledName), Path.Combine(dir, "single.csv"));
        var target = (Path.Combine(dir, labelledName), Path.Combine(dir, "fractions.csv"));
        string[] common = ["classify", ClassifyCommandTests.ModelPath, .. inputs, "--frames", "0:20"];
        Ok(CliRunner.Run([.. common, "-o", single.Item1, "--fractions", single.Item2]));
        const int n = 4;
        for (int i = 1; i <= n; i++) Ok(CliRunner.Run([.. common, "-o", target.Item1, "--fractions", target.Item2, "--shard", $"{i}/{n}", "--shard-by", mode]));
        foreach (var (one, sharded) in new[] { (single.Item1, target.Item1), (single.Item2, target.Item2) })
        {
            var merged = Path.Combine(dir, "merged-" + Path.GetFileName(sharded));
            Ok(CliRunner.Run(["merge", .. Enumerable.Range(1, n).Select(i => ShardFiles.PartPath(sharded, new Shard(i, n))), "-o", merged]));
            Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(merged));
        }
    }

    [Fact]
    public void AResumedShardBelongsToTheSameRun()
    {
        // --resume (which a re-run shard task passes) and --threads do not change the run's signature; with nothing
        // to resume, the shard starts afresh
        var dir = TestPaths.NewTempDir();
        var single = Path.Combine(dir, "single.csv");
        var target = Path.Combine(dir, "f.csv");
        string[] common = ["classify", ClassifyCommandTests.ModelPath, Zif4, "--frames", "0:10"];
        Ok(CliRunner.Run([.. common, "--fractions", single]));
        Ok(CliRunner.Run([.. common, "--fractions", target, "--shard", "1/2", "--resume", "--threads", "1"]));
        Ok(CliRunner.Run([.. common, "--fractions", target, "--shard", "2/2"]));
        // parts can be named by their records too; --remove-parts deletes both once the merged file is written
        Ok(CliRunner.Run(["merge", ShardFiles.RecordPath(ShardFiles.PartPath(target, new Shard(1, 2))), ShardFiles.PartPath(target, new Shard(2, 2)), "-o", target, "--remove-parts"]));
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(target));
        Assert.Equal(["f.csv", "single.csv"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    private static (string Dir, string Target) FourParts()
    {
        var dir = TestPaths.NewTempDir();
        var target = Path.Combine(dir, "soap.npy");
        for (int i = 1; i <= 4; i++)
            Ok(CliRunner.Run(["describe", Melt, "--preset", "paper-bpsf", "--frames", "0:20", "-o", target, "--shard", $"{i}/4"]));
        return (dir, target);
    }

    private static string Part(string target, int i, int n = 4) => ShardFiles.PartPath(target, new Shard(i, n));

    [Fact]
    public void MissingDuplicateAndOverlappingShardsAreNamed()
    {
        var (dir, target) = FourParts();
        var output = Path.Combine(dir, "merged.npy");

        var missing = CliRunner.Run("merge", Part(target, 1), Part(target, 2), Part(target, 4), "-o", output);
        Assert.Equal(1, missing.Code);
        Assert.Contains("shard 3/4 is missing (5 selected frames, 10–14 of 20; expected", missing.Err);
        Assert.Contains(Path.GetFileName(Part(target, 3)), missing.Err);

        var twice = CliRunner.Run("merge", Part(target, 1), Part(target, 2), Part(target, 2), Part(target, 3), Part(target, 4), "-o", output);
        Assert.Equal(1, twice.Code);
        Assert.Contains("shard 2/4 is given twice", twice.Err);

        // parts of the same run cut into 3 shards overlap parts cut into 4
        Ok(CliRunner.Run(["describe", Melt, "--preset", "paper-bpsf", "--frames", "0:20", "-o", target, "--shard", "1/3"]));
        var overlap = CliRunner.Run("merge", Part(target, 1, 3), Part(target, 2), Part(target, 3), Part(target, 4), "-o", output);
        Assert.Equal(1, overlap.Code);
        Assert.Contains("overlap: both hold frame 5 of", overlap.Err);
        Assert.Contains("(shard 1/3)", overlap.Err);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".tmp"));
    }

    [Fact]
    public void PartsOfAnotherRunOrChangedPartsAreRefused()
    {
        var (dir, target) = FourParts();
        var output = Path.Combine(dir, "merged.npy");
        var other = Path.Combine(dir, "other", "soap.npy");
        Ok(CliRunner.Run(["describe", Melt, "--preset", "paper-bpsf", "--frames", "0:20:1", "-o", other, "--shard", "4/4"]));
        var mixed = CliRunner.Run("merge", Part(target, 1), Part(target, 2), Part(target, 3), Part(other, 4), "-o", output);
        Assert.Equal(1, mixed.Code);
        Assert.Contains("come from different runs", mixed.Err);
        Assert.Contains("--frames 0:20:1", mixed.Err);

        File.AppendAllText(Part(target, 2), "x");
        var changed = CliRunner.Run("merge", Part(target, 1), Part(target, 2), Part(target, 3), Part(target, 4), "-o", output);
        Assert.Equal(1, changed.Code);
        Assert.Contains("the part changed after its shard wrote it", changed.Err);
        Assert.Contains(Path.GetFileName(Part(target, 2)), changed.Err);

        File.Delete(ShardFiles.RecordPath(Part(target, 3)));
        var noRecord = CliRunner.Run("merge", Part(target, 1), Part(target, 3), "-o", output);
        Assert.Equal(1, noRecord.Code);
        Assert.Contains(".shard.json: no such file", noRecord.Err);

        var wrongKind = CliRunner.Run("merge", Part(target, 1), Part(target, 4), Part(other, 4), "-o", Path.Combine(dir, "x.csv"));
        Assert.Equal(1, wrongKind.Code);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ShardingAFollowedFileIsRefused()
    {
        var dir = TestPaths.NewTempDir();
        var r = CliRunner.Run("classify", ClassifyCommandTests.ModelPath, Path.Combine(dir, "growing.lammpstrj"), "--follow", "--fractions", Path.Combine(dir, "f.csv"), "--shard", "1/2");
        Assert.Equal(1, r.Code);
        Assert.Contains("--follow cannot be sharded", r.Err);
    }
}
