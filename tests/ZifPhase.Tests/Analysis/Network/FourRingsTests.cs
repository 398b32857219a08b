using ZifPhase.Analysis;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Analysis.Network;

public class FourRingsTests
{
    [Theory]
    [InlineData("lewis-2009", "ZIF-4.cif", 4)]
    [InlineData("widmer-2019", "ZIF-4-cp-II.cif", 4)]
    [InlineData("lewis-2009", "zni.cif", 4)]
    public void RingCountPerZnIsTheSameInTheCellAndA3x3x3Supercell(string folder, string file, int rings)
    {
        var frame = NetworkTestData.Read(folder, file);
        var cell = FourRings.Find(frame);
        Assert.Equal(rings, cell.Count);
        var super = FourRings.Find(frame.Replicate(3, 3, 3));
        Assert.Equal(27 * rings, super.Count);
        // Same φa values, 27 times each (the replicated cell keeps the direction of a).
        var expected = cell.PhiA.SelectMany(p => Enumerable.Repeat(p, 27)).Order().ToArray();
        var actual = super.PhiA.Order().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-9);
    }

    [Fact]
    public void SupercellRingsMatchABruteForceCountWithoutImageShifts()
    {
        // In a 3×3×3 ZIF-4 supercell (46 Å wide) no cycle that wraps the box has 4 bonds, so the 4-cycles of the
        // plain graph on Zn numbers (shifts ignored) are exactly the rings.
        var net = ZnNetwork.Build(NetworkTestData.Zif4.Replicate(3, 3, 3));
        var adj = Enumerable.Range(0, net.Count).Select(v => net.NeighborsOf(v).ToArray().ToHashSet()).ToArray();
        var cycles = new HashSet<(int, int, int, int)>();
        for (int a = 0; a < net.Count; a++)
        foreach (int b in adj[a])
        foreach (int c in adj[b])
        {
            if (c == a) continue;
            foreach (int d in adj[c])
            {
                if (d == a || d == b || !adj[d].Contains(a)) continue;
                var s = new[] { a, b, c, d }.Order().ToArray();
                cycles.Add((s[0], s[1], s[2], s[3]));
            }
        }
        Assert.Equal(cycles.Count, FourRings.Find(net).Count);
        Assert.Equal(108, cycles.Count);
    }

    [Fact]
    public void DiamondNetOfHptIIHasNoFourRings()
    {
        Assert.Equal(0, FourRings.Find(NetworkTestData.HptII).Count);
        Assert.Equal(0, FourRings.Find(NetworkTestData.HptII.Replicate(2, 2, 2)).Count);
    }

    [Fact]
    public void CycleThatClosesOnlyModuloALatticeVectorIsNotARing()
    {
        // Four Zn 6 Å apart along a in a 24 Å cell: 0→1→2→3→0 is a 4-cycle of the quotient graph that closes
        // through +a. A plain graph search would call it a ring; the periodic net is an infinite chain.
        var pos = Enumerable.Range(0, 4).Select(i => new Vec3(6.0 * i + 1, 5, 5)).ToArray();
        var frame = new Frame(pos, [Element.Zn, Element.Zn, Element.Zn, Element.Zn], Cell.Orthorhombic(24, 30, 30));
        var net = ZnNetwork.Build(frame);
        Assert.Equal(4, net.EdgeCount);
        Assert.Equal(0, FourRings.Find(net).Count);
    }

    [Fact]
    public void SmallCellWithTwoImageBondsInventsNoRing()
    {
        Assert.Equal(0, FourRings.Find(ZnNetworkTests.TwoImageChain()).Count);
        Assert.Equal(0, FourRings.Find(ZnNetworkTests.TwoImageChain().Replicate(3, 1, 1)).Count);
    }

    [Fact]
    public void SimpleCubicHasThreeSquaresPerSiteWithNormalsAlongTheAxes()
    {
        var frame = new Frame([new Vec3(1, 1, 1)], [Element.Zn], Cell.Orthorhombic(6, 6, 6));
        var rings = FourRings.Find(frame);
        Assert.Equal(3, rings.Count);
        Assert.Equal([0.0, 90.0, 90.0], rings.PhiA.Order().Select(p => Math.Round(p, 9)).ToArray());
        Assert.Equal(24, FourRings.Find(frame.Replicate(2, 2, 2)).Count);
        // Every ring is a 6 Å square through four distinct images of the one Zn.
        foreach (var r in rings.Rings)
        {
            var images = Enumerable.Range(0, 4).Select(k => r.Shift(k)).Distinct().Count();
            Assert.Equal(4, images);
        }
    }

    [Fact]
    public void NormalOfAPuckeredRingIsItsSymmetryAxis()
    {
        Vec3[] ring = [new(1, 0, 0.3), new(0, 1, -0.3), new(-1, 0, 0.3), new(0, -1, -0.3)];
        var n = FourRings.Normal(ring);
        Assert.Equal(0, n.X, 1e-12);
        Assert.Equal(0, n.Y, 1e-12);
        Assert.Equal(1, Math.Abs(n.Z), 1e-12);
        // Tilted by 30° about y: φa (to x) is 60°.
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var tilted = ring.Select(p => new Vec3(c * p.X + s * p.Z, p.Y, -s * p.X + c * p.Z)).ToArray();
        Assert.Equal(60, FourRings.FoldedAngleDeg(FourRings.Normal(tilted), new Vec3(1, 0, 0)), 1e-9);
        Assert.Equal(60, FourRings.FoldedAngleDeg(-FourRings.Normal(tilted), new Vec3(1, 0, 0)), 1e-9);
    }

    [Fact]
    public void PhiAIsInvariantUnderRotationOfFrameAndCell()
    {
        var f = NetworkTestData.Zif4;
        double c = Math.Cos(0.7), s = Math.Sin(0.7);
        Vec3 R(Vec3 v) => new(v.X, c * v.Y - s * v.Z, s * v.Y + c * v.Z);
        Vec3 Q(Vec3 v) => R(new Vec3(c * v.X - s * v.Y, s * v.X + c * v.Y, v.Z));
        var rotated = new Frame(f.Positions.Select(Q).ToArray(), f.Elements, new Cell(Q(f.Cell.A), Q(f.Cell.B), Q(f.Cell.C)));
        var before = FourRings.Find(f);
        var after = FourRings.Find(rotated);
        Assert.Equal(before.Rings, after.Rings);
        for (int i = 0; i < before.Count; i++) Assert.Equal(before.PhiA[i], after.PhiA[i], 1e-9);
        Assert.All(before.PhiA, p => Assert.InRange(p, 0, 90));
    }

    [Fact]
    public void RingsAreGroupedByTheirTargetLabelledZn()
    {
        var frame = NetworkTestData.Zif4.Replicate(2, 2, 2);
        var rings = FourRings.Find(frame);
        var zn = frame.IndicesOf(Element.Zn);
        // Label Zn with fractional x < 0.5: rings entirely inside, entirely outside and straddling.
        var labelled = zn.Where(i => Frac(frame, i) < 0.5).ToHashSet();
        var labels = NetworkTestData.WithLabels(frame, labelled.Contains, "ZIF-4-cp-II");
        var counts = rings.TargetCounts(ZifPhase.Analysis.PhaseLabels.Read(labels), "ZIF-4-cp-II");
        int expectedTotal = rings.Rings.Sum(r => Enumerable.Range(0, 4).Count(k => labelled.Contains(rings.Network.ZnAtoms[r.Vertex(k)])));
        Assert.Equal(expectedTotal, counts.Sum());
        var groups = FourRings.ByTargetCount(rings.PhiA.Zip(counts), binWidth: 5);
        Assert.Equal([0, 1, 2, 3, 4], groups.Keys);
        Assert.Equal(rings.Count, groups.Values.Sum(g => g.Count));
        Assert.True(groups[0].Count > 0 && groups[4].Count > 0);
        for (int k = 0; k <= 4; k++)
        {
            var mine = rings.PhiA.Where((_, i) => counts[i] == k).ToArray();
            Assert.Equal(mine.Length, groups[k].Count);
            Assert.Equal(18, groups[k].Histogram.Length);
            Assert.Equal(mine.Length, groups[k].Histogram.Sum());
            if (mine.Length > 0) Assert.Equal(mine.Average(), groups[k].MeanPhiA, 1e-12);
            else Assert.True(double.IsNaN(groups[k].MeanPhiA));
        }
    }

    private static double Frac(Frame f, int atom)
    {
        double x = f.Cell.ToFractional(f.Positions[atom]).X;
        return x - Math.Floor(x);
    }

    [Fact]
    public void HistogramPutsNinetyDegreesInTheLastBin()
    {
        var h = FourRings.Histogram([0, 4.999, 5, 45, 89.9, 90], 5);
        Assert.Equal(18, h.Histogram.Length);
        Assert.Equal(2, h.Histogram[0]);
        Assert.Equal(1, h.Histogram[1]);
        Assert.Equal(1, h.Histogram[9]);
        Assert.Equal(2, h.Histogram[17]);
        Assert.Equal((0 + 4.999 + 5 + 45 + 89.9 + 90) / 6, h.MeanPhiA, 1e-12);
        Assert.Throws<ArgumentException>(() => FourRings.Histogram([], 0));
    }
}
