using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Analysis.Network;

public class ClustersTests
{
    private const string Target = "ZIF-4-cp-II";

    private static readonly Lazy<Frame> Super333 = new(() => NetworkTestData.Zif4.Replicate(3, 3, 3));

    private static double FracZ(Frame f, int atom) => f.Cell.ToFractional(f.Positions[atom]).Z;

    [Fact]
    public void SlabPercolatesInTwoDirectionsWithItsThicknessAsLz()
    {
        var frame = Super333.Value;
        var zn = frame.IndicesOf(Element.Zn);
        Assert.All(zn, i => Assert.InRange(FracZ(frame, i), 0, 1)); // stored wrapped: the slab is not cut by the box
        var slab = zn.Where(i => FracZ(frame, i) < 0.25).ToHashSet();
        var labelled = NetworkTestData.WithLabels(frame, slab.Contains, Target);
        var network = ZnNetwork.Build(labelled);
        var clusters = PhaseClusters.Find(network, PhaseLabels.Read(labelled), Target);

        var cluster = Assert.Single(clusters);
        Assert.Equal(slab.Count, cluster.Size);
        Assert.True(cluster.Percolating);
        Assert.Equal(2, cluster.PercolationDimension);
        var z = slab.Select(i => frame.Positions[i].Z).ToArray();
        Assert.Equal(z.Max() - z.Min(), cluster.Lz, 1e-9);
        Assert.InRange(z.Max() - z.Min(), 10, 0.25 * frame.Cell.C.Z);
        // The unwrapped slab spans the box in x and y (at least one period less one Zn–Zn bond).
        Assert.True(cluster.Lx > frame.Cell.A.X - 6.5, $"l_x = {cluster.Lx}");
        Assert.True(cluster.Ly > frame.Cell.B.Y - 6.5, $"l_y = {cluster.Ly}");
    }

    [Fact]
    public void CompactGroupHasItsSizeAndExtentsAndDoesNotPercolate()
    {
        var frame = Super333.Value;
        var network = ZnNetwork.Build(frame);
        // A Zn near the box corner (so the group is cut by the boundary) and its four bridged neighbours.
        int centre = Enumerable.Range(0, network.Count).MinBy(v => network.Positions[v].Length);
        var members = new HashSet<int> { centre };
        foreach (int v in network.NeighborsOf(centre)) members.Add(v);
        var flags = Enumerable.Range(0, network.Count).Select(members.Contains).ToArray();
        var cluster = Assert.Single(PhaseClusters.Find(network, flags));
        Assert.Equal(5, cluster.Size);
        Assert.False(cluster.Percolating);
        Assert.Equal(members.Order(), cluster.Members);
        // Brute force: minimum-image vectors from the centre.
        var p0 = network.Positions[centre];
        var pts = members.Select(v => p0 + frame.Cell.MinimumImage(network.Positions[v] - p0)).ToArray();
        Assert.Equal(pts.Max(p => p.X) - pts.Min(p => p.X), cluster.Lx, 1e-9);
        Assert.Equal(pts.Max(p => p.Y) - pts.Min(p => p.Y), cluster.Ly, 1e-9);
        Assert.Equal(pts.Max(p => p.Z) - pts.Min(p => p.Z), cluster.Lz, 1e-9);
        Assert.True(cluster.Images.Any(s => !s.IsZero), "the group should straddle the box boundary");
        Assert.InRange(cluster.Lx, 1, 13);
    }

    [Fact]
    public void TwoSeparateGroupsAreTwoClustersLargestFirst()
    {
        var network = ZnNetwork.Build(Super333.Value);
        int a = 0;
        var group1 = new HashSet<int> { a };
        foreach (int v in network.NeighborsOf(a)) group1.Add(v);
        // A single Zn far from the first group.
        int far = Enumerable.Range(0, network.Count).MaxBy(v => Super333.Value.Cell.MinimumImage(network.Positions[v] - network.Positions[a]).Length);
        var flags = Enumerable.Range(0, network.Count).Select(v => group1.Contains(v) || v == far).ToArray();
        var clusters = PhaseClusters.Find(network, flags);
        Assert.Equal([5, 1], clusters.Select(c => c.Size));
        Assert.Equal((0.0, 0.0, 0.0), (clusters[1].Lx, clusters[1].Ly, clusters[1].Lz));
    }

    [Fact]
    public void WholeCrystalPercolatesInThreeDirectionsAndAChainInOne()
    {
        var zif4 = ZnNetwork.Build(NetworkTestData.Zif4);
        var all = Assert.Single(PhaseClusters.Find(zif4, Enumerable.Repeat(true, zif4.Count).ToArray()));
        Assert.Equal(16, all.Size);
        Assert.Equal(3, all.PercolationDimension);
        var hpt = ZnNetwork.Build(NetworkTestData.HptII);
        // ZIF-hPT-II is two interpenetrating dia nets: two clusters of 4 Zn, each spanning the box in 3-D.
        var nets = PhaseClusters.Find(hpt, Enumerable.Repeat(true, hpt.Count).ToArray());
        Assert.Equal([4, 4], nets.Select(n => n.Size));
        Assert.All(nets, n => Assert.Equal(3, n.PercolationDimension));
        var chain = ZnNetwork.Build(ZnNetworkTests.TwoImageChain());
        var c = Assert.Single(PhaseClusters.Find(chain, [true, true]));
        Assert.Equal(1, c.PercolationDimension);
        Assert.Equal(6.0, c.Lx, 1e-12);
        // None labelled: no cluster.
        Assert.Empty(PhaseClusters.Find(zif4, new bool[zif4.Count]));
    }

    [Fact]
    public void RankOfWindingVectors()
    {
        Assert.Equal(0, PhaseClusters.Rank([]));
        Assert.Equal(1, PhaseClusters.Rank([new ImageShift(1, 0, 0), new ImageShift(-2, 0, 0)]));
        Assert.Equal(2, PhaseClusters.Rank([new ImageShift(1, 1, 0), new ImageShift(1, -1, 0), new ImageShift(2, 0, 0)]));
        Assert.Equal(3, PhaseClusters.Rank([new ImageShift(1, 1, 0), new ImageShift(0, 1, 1), new ImageShift(1, 0, 1)]));
        Assert.Equal(2, PhaseClusters.Rank([new ImageShift(1, 2, 3), new ImageShift(2, 4, 6), new ImageShift(0, 0, 1)]));
    }

    [Fact]
    public void ClusterAnalysisAveragesExtentsPerSizeOverFrames()
    {
        var frame = Super333.Value;
        var network = ZnNetwork.Build(frame);
        var zn = network.ZnAtoms;
        // Frame 0: one 5-Zn star; frame 1: skipped by the range; frame 2: two 5-Zn stars far apart.
        HashSet<int> Star(int v) => [zn[v], .. network.NeighborsOf(v).ToArray().Select(w => zn[w])];
        var s0 = Star(0);
        int far = Enumerable.Range(0, network.Count).MaxBy(v => frame.Cell.MinimumImage(network.Positions[v] - network.Positions[0]).Length);
        var s1 = Star(far);
        var frames = new[]
        {
            NetworkTestData.WithLabels(frame, s0.Contains, Target),
            NetworkTestData.WithLabels(frame, _ => true, Target),
            NetworkTestData.WithLabels(frame, i => s0.Contains(i) || s1.Contains(i), Target),
        };
        var analysis = new PhaseClusterAnalysis(Target);
        var progress = new List<FrameProgress>();
        var result = analysis.Run(frames, new FrameRange(0, null, 2), new InlineProgress(progress.Add));
        Assert.Equal(2, analysis.FramesDone);
        Assert.Equal([1, 2], progress.Select(p => p.FramesDone));
        Assert.Equal(2, result.Frames.Length);
        Assert.Equal([5, 10], result.Frames.Select(f => f.TargetZn));
        var row = Assert.Single(result.BySize);
        Assert.Equal((5, 3), (row.Size, row.Count));
        var c0 = PhaseClusters.Find(network, PhaseLabels.Read(frames[0]), Target)[0];
        var c1 = PhaseClusters.Find(network, PhaseLabels.Read(frames[2]), Target);
        Assert.Equal((c0.Lx + c1[0].Lx + c1[1].Lx) / 3, row.MeanLx, 1e-12);
        Assert.Equal((c0.Lz + c1[0].Lz + c1[1].Lz) / 3, row.MeanLz, 1e-12);
        // Standard error of the mean over the three clusters: sample standard deviation / √3.
        double[] lx = [c0.Lx, c1[0].Lx, c1[1].Lx];
        double m = lx.Average();
        Assert.Equal(Math.Sqrt(lx.Sum(x => (x - m) * (x - m)) / 2 / 3), row.SemLx, 1e-12);
        Assert.Equal(0, result.PercolatingClusters);
        // A second trajectory adds to the same analysis; its one cluster (the whole crystal) percolates in 3-D:
        // it is counted apart and never averaged with the finite ones (its extent is a box length, not a size).
        var more = analysis.Run([frames[1]], FrameRange.All);
        var only = Assert.Single(more.BySize);
        Assert.Equal((5, 3), (only.Size, only.Count));
        Assert.Equal(1, more.PercolatingClusters);
        Assert.Equal(1, more.FramesWithPercolation);
        Assert.Equal([0, 0, 0, 1], more.PercolatingByDimension);
        Assert.Equal((0, 1, 3, network.Count), (more.Frames[^1].Finite, more.Frames[^1].Percolating, more.Frames[^1].PercolationDimension, more.Frames[^1].PercolatingZn));
        // One cluster of a size: no standard error.
        var single = PhaseClusterResult.Of(Target, [result.Frames[0]]);
        Assert.True(double.IsNaN(Assert.Single(single.BySize).SemLx));
    }

    private sealed class InlineProgress(Action<FrameProgress> report) : IProgress<FrameProgress>
    {
        public void Report(FrameProgress value) => report(value);
    }
}
