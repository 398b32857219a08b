using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Tests.Analysis.Network;
using ZifPhase.Tests.Cli;

namespace ZifPhase.Tests.Pipeline;

/// <summary>The `analyze` commands' library calls give typed results (the counts the commands' tests see in their JSON).</summary>
public class AnalysisRunsTests
{
    private static readonly string Zif4 = TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif");
    private const string Target = "ZIF-4-cp-II";

    [Fact]
    public void NetworkOfZif4IsTheCagNet()
    {
        var network = AnalysisRuns.Network(Zif4, ReadOptions.Default, null, NetworkOptions.Default);
        Assert.Equal(NetworkBondRule.Bridge, network.Rule);
        Assert.Equal(16, network.Count);
        Assert.Equal(32, network.EdgeCount);
        Assert.Equal(16, network.DegreeHistogram[4]);
        Assert.Equal([4, 11, 24, 41, 63, 91], ZifPhase.Reporting.NetworkReport.CoordinationSequence(network));
    }

    [Fact]
    public void RingsOfZif4WithoutATarget()
    {
        var rings = AnalysisRuns.Rings(Zif4, null, null, ReadOptions.Default, null, NetworkOptions.Default, 5);
        Assert.Equal(1, rings.Frames);
        Assert.Equal(16, rings.ZnTotal);
        Assert.Equal(4, rings.Rings.Length);
        Assert.Equal(4, rings.All.Count);
        Assert.Equal(18, rings.All.Histogram.Length);
        Assert.Null(rings.ByTargetCount);
    }

    [Fact]
    public void RingsGroupedByTargetZn()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var labelled = WriteLabelled(dir, "labelled.extxyz", 0.5);
            var rings = AnalysisRuns.Rings(labelled, null, Target, ReadOptions.Default, null, NetworkOptions.Default, 5);
            Assert.Equal(32, rings.Rings.Length);
            Assert.Equal([0, 1, 2, 3, 4], rings.ByTargetCount!.Keys);
            Assert.Equal(32, rings.ByTargetCount.Values.Sum(h => h.Count));
            Assert.True(rings.ByTargetCount[0].Count > 0 && rings.ByTargetCount[4].Count > 0);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ClustersOfASlabPercolateInTwoDimensions()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var slab = WriteLabelled(dir, "slab.extxyz", 0.25);
            var none = WriteLabelled(dir, "none.extxyz", -1);
            var result = AnalysisRuns.Clusters([slab, none], Target, ReadOptions.Default, null, NetworkOptions.Default);
            Assert.Equal(Target, result.Target);
            Assert.Equal(2, result.Frames.Length);
            var cluster = Assert.Single(result.Frames[0].Clusters);
            Assert.Equal(2, cluster.PercolationDimension);
            Assert.Equal(result.Frames[0].TargetZn, cluster.Size);
            Assert.Empty(result.Frames[1].Clusters);
            Assert.Empty(result.BySize);
            Assert.Equal(0, result.FiniteClusters);
            Assert.Equal(1, result.PercolatingClusters);
            Assert.Equal(1, result.FramesWithPercolation);
            Assert.Equal(1, result.PercolatingByDimension[2]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TransitionT0PerRunFromFractionsFiles()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            // runA crosses 0.5 between 0.5 ps (0.2) and 0.75 ps (0.65); runB between 0.25 ps (0.3) and 0.5 ps (0.8).
            var a = AnalyzeTransitionCommandTests.Fractions(dir, "runA", 0, 0.1, 0.2, 0.65, 1.0);
            var b = AnalyzeTransitionCommandTests.Fractions(dir, "runB", 0, 0.3, 0.8, 0.9, 1.0);
            var result = AnalysisRuns.Transition([a, b], "ZIF-4-cp", 0.0005);
            Assert.Equal("ZIF-4-cp", result.Phase);
            Assert.Equal("ps", result.TimeUnit);
            Assert.Equal([a, b], result.Files);
            Assert.Equal(["runA/fractions.csv", "runB/fractions.csv"], result.Runs.Select(r => r.Name));
            Assert.Equal(0.5 + 0.3 / 0.45 * 0.25, result.Runs[0].T0!.Value, 1e-12);
            Assert.Equal(0.35, result.Runs[1].T0!.Value, 1e-12);
            Assert.Equal([18, 17.5, 17, 16.5, 16], result.Runs[0].Series.C);

            // Without --dt the time is the step; names given are kept.
            var steps = AnalysisRuns.Transition([a, b], "ZIF-4-cp", null, ["105 MPa", "20 MPa"]);
            Assert.Equal("steps", steps.TimeUnit);
            Assert.Equal(["105 MPa", "20 MPa"], steps.Runs.Select(r => r.Name));
            Assert.Equal(1000 + 0.3 / 0.45 * 500, steps.Runs[0].T0!.Value, 1e-9);

            var missing = Assert.Throws<InputException>(() => AnalysisRuns.Transition([a], "glass", 0.0005));
            Assert.Contains("there is no column frac_glass", missing.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static string WriteLabelled(string dir, string name, double zMax) => NetworkTestData.WriteLabelledZif4(dir, name, zMax, Target);
}
