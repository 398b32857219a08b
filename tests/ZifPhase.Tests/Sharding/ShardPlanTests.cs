using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZifPhase.IO;
using ZifPhase.Sharding;

namespace ZifPhase.Tests.Sharding;

public class ShardPlanTests
{
    /// <summary>Every selected frame of every input lands in exactly one shard, in order, for both modes.</summary>
    [Property(MaxTest = 300)]
    public bool ShardsPartitionTheSelectedFrames(PositiveInt shardCount, NonNegativeInt c1, NonNegativeInt c2, PositiveInt step, NonNegativeInt start, bool stride)
    {
        int n = 1 + shardCount.Get % 9;
        int[] counts = [c1.Get % 40, c2.Get % 40];
        var range = new FrameRange(start.Get % 5, null, 1 + step.Get % 3);
        var mode = stride ? ShardMode.Stride : ShardMode.Blocks;
        var expected = new List<(int, int)>();
        for (int j = 0; j < 2; j++)
            for (int f = 0; f < counts[j]; f++)
                if (range.Contains(f)) expected.Add((j, f));
        var seen = new List<(long Pos, int Input, int Frame)>();
        for (int i = 1; i <= n; i++)
        {
            var plan = new ShardPlan([range, range], counts, new Shard(i, n), mode);
            if (plan.Total != expected.Count) return false;
            long owned = 0;
            for (int j = 0; j < 2; j++)
                if (plan.Ranges[j] is { } r)
                    for (int f = 0; f < counts[j]; f++)
                        if (r.Contains(f))
                        {
                            long pos = plan.PositionOf(j, f);
                            if (Shard.Owner(pos, plan.Total, n, mode) != i) return false;
                            seen.Add((pos, j, f));
                            owned++;
                        }
            if (owned != plan.Owned) return false;
        }
        var ordered = seen.OrderBy(s => s.Pos).ToList();
        return ordered.Select(s => s.Pos).SequenceEqual(Enumerable.Range(0, expected.Count).Select(i => (long)i))
            && ordered.Select(s => (s.Input, s.Frame)).SequenceEqual(expected);
    }

    [Fact]
    public void BlocksAreContiguousAndBalanced()
    {
        // 41 frames over 4 shards: 10, 10, 10, 11 (⌊iF/n⌋ boundaries)
        var sizes = Enumerable.Range(1, 4).Select(i => new ShardPlan([FrameRange.All], [41], new Shard(i, 4), ShardMode.Blocks)).ToList();
        Assert.Equal([10L, 10, 10, 11], sizes.Select(p => p.Owned));
        Assert.Equal(new FrameRange(10, 20, 1), sizes[1].Ranges[0]);
        // a user slice is sharded after selection: frames 5, 8, 11, ... 
        var sliced = new ShardPlan([FrameRange.Parse("5::3")], [41], new Shard(2, 2), ShardMode.Blocks);
        Assert.Equal(12, sliced.Total);
        Assert.Equal(new FrameRange(23, 41, 3), sliced.Ranges[0]);
        // more shards than frames: some are empty (2 frames, 3 shards: ⌊iF/n⌋ = 0, 0, 1, 2)
        var empty = new ShardPlan([FrameRange.All], [2], new Shard(1, 3), ShardMode.Blocks);
        Assert.Null(empty.Ranges[0]);
        Assert.Equal(0, empty.Owned);
    }

    [Theory]
    [InlineData("0/4", "numbered 1 to 4")]
    [InlineData("5/4", "numbered 1 to 4")]
    [InlineData("1/0", "at least 1")]
    [InlineData("2", "expected I/N")]
    [InlineData("a/b", "expected I/N")]
    public void BadShardTextIsAClearError(string text, string message)
    {
        var e = Assert.Throws<ZifPhaseException>(() => Shard.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("soap.npy", 3, 16, "soap.shard-03-of-16.npy")]
    [InlineData("out/lab.extxyz.gz", 2, 4, "out/lab.shard-2-of-4.extxyz.gz")]
    [InlineData("noext", 1, 2, "noext.shard-1-of-2")]
    public void PartNamesKeepTheExtension(string target, int i, int n, string part) =>
        Assert.Equal(part.Replace('/', Path.DirectorySeparatorChar), ShardFiles.PartPath(target.Replace('/', Path.DirectorySeparatorChar), new Shard(i, n)));

    [Fact]
    public void FrameCountsComeFromHeadersAndAgreeWithReading()
    {
        foreach (var file in new[] { "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz", "glass__g01_NVT300K_s5001.lammpstrj.gz" })
        {
            var path = TestPaths.Data("md", file);
            Assert.Equal(TrajectoryReader.Read(path).Count(), TrajectoryReader.CountFrames(path));
        }
        var dir = TestPaths.NewTempDir();
        var xyz = Path.Combine(dir, "three.extxyz");
        TrajectoryWriter.WriteAll(xyz, TrajectoryReader.Read(TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz"), new ReadOptions { Frames = FrameRange.Parse("0:3") }));
        Assert.Equal(3, TrajectoryReader.CountFrames(xyz));
    }
}
