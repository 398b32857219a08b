using ZifPhase.Analysis;
using ZifPhase.Reporting;

namespace ZifPhase.Tests.Reporting;

public class RingPlotsTests
{
    private static double Integral(PhiHistogram h) => h.Density().Select((d, b) => d * (h.BinEnd(b) - h.BinStart(b))).Sum();

    [Fact]
    public void EachGroupIsAProbabilityDensityOverDegrees()
    {
        // Group 1 holds one ring, group 4 holds 30: each integrates to 1 alone; the lone ring is a 1/5 per degree
        // bar in its 5° bin, not a spike to 1.0.
        var rings = new List<(double, int)> { (12.0, 1) };
        for (int i = 0; i < 30; i++) rings.Add((i * 3.0, 4));
        var groups = FourRings.ByTargetCount(rings);
        Assert.Equal(1.0, Integral(groups[1]), 1e-12);
        Assert.Equal(1.0, Integral(groups[4]), 1e-12);
        Assert.Equal(0.2, groups[1].Density()[2], 1e-15);
        Assert.Equal(0.2, groups[1].Density().Max(), 1e-15);
        Assert.All(groups[0].Density(), d => Assert.Equal(0.0, d));
        // A bin width that does not divide 90°: the last bin is narrower and the integral is still 1.
        var seven = FourRings.Histogram([1.0, 85.0, 89.9, 90.0, 44.0], binWidth: 7);
        Assert.Equal(13, seven.Histogram.Length);
        Assert.Equal(6.0, seven.BinEnd(12) - seven.BinStart(12), 1e-12);
        Assert.Equal(1.0, Integral(seven), 1e-12);
        Assert.Equal(3 / (5.0 * 6), seven.Density()[12], 1e-15);
    }

    [Fact]
    public void OnePanelPerNumberOfTargetZnWithTheRingCountInItsLegend()
    {
        var rings = new List<(double, int)> { (12.0, 1), (40, 0), (50, 0), (80, 4) };
        var groups = FourRings.ByTargetCount(rings);
        var all = FourRings.Histogram(rings.Select(r => r.Item1));
        var panels = RingPlots.Panels(all, groups, "ZIF-4-cp");
        Assert.Equal([0, 1, 2, 3, 4], panels.Select(p => p.TargetCount!.Value));
        Assert.Equal([2, 1, 0, 0, 1], panels.Select(p => p.Count));
        Assert.Equal("0 ZIF-4-cp Zn in the ring: 2 rings, mean φa 45.0°", RingPlots.Legend(panels[0]));
        Assert.Equal("1 ZIF-4-cp Zn in the ring: 1 ring, mean φa 12.0°", RingPlots.Legend(panels[1]));
        Assert.Equal("2 ZIF-4-cp Zn in the ring: no ring", RingPlots.Legend(panels[2]));
        var single = Assert.Single(RingPlots.Panels(all, null, null));
        Assert.Equal(4, single.Count);

        var dir = TestPaths.NewTempDir();
        try
        {
            var basePath = Path.Combine(dir, "rings_phi_a");
            RingPlots.Write(panels, RingPlots.Title("ZIF-4-cp", 4, 1), basePath);
            var svg = File.ReadAllText(basePath + ".svg");
            foreach (var p in panels) Assert.Contains(RingPlots.Legend(p), svg);
            Assert.Contains("∫ density dφa = 1", svg);
            Assert.Contains("four-membered Zn rings: 4 ring observations (about 4.0 rings per frame over 1 frame)", svg);
            Assert.Contains("by number of ZIF-4-cp Zn in the ring", svg);
            Assert.Contains("density (1/°)", svg);
            Assert.True(new FileInfo(basePath + ".png").Length > 1000);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RingCountsOverFramesAreObservations()
    {
        Assert.Equal("63 ring observations (about 12.6 rings per frame over 5 frames)", RingPlots.Observations(63, 5));
        Assert.Equal("1 ring observation (about 1.0 ring per frame over 1 frame)", RingPlots.Observations(1, 1));
    }
}
