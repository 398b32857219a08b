using ZifPhase.Analysis;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Analysis.Network;

public class ZnNetworkTests
{
    public static TheoryData<string, string, int> Crystals => new()
    {
        { "lewis-2009", "ZIF-4.cif", 16 },
        { "lewis-2009", "zni.cif", 16 },
        { "widmer-2019", "ZIF-4-cp-II.cif", 16 },
        { "widmer-2019", "ZIF-4-hPT-II.cif", 8 },
        { "duerholt-2019", "ZIF4.cif", 16 },
        { "widmer-2019", "ZNI-RelaxedCell.cif", 32 },
    };

    [Theory]
    [MemberData(nameof(Crystals))]
    public void EveryZnHasFourBridgedNeighbours(string folder, string file, int zn)
    {
        var net = ZnNetwork.Build(NetworkTestData.Read(folder, file));
        Assert.Equal(NetworkBondRule.Bridge, net.Rule);
        Assert.Equal(zn, net.Count);
        Assert.Equal(2 * zn, net.EdgeCount);
        Assert.All(Enumerable.Range(0, zn), v => Assert.Equal(4, net.Degree(v)));
        Assert.Equal(new SortedDictionary<int, int> { [4] = zn }, net.DegreeHistogram);
        Assert.Equal(0, net.PeriodicLigands);
        // Every bond is a real Zn···Zn distance across an imidazolate (5–6.5 Å).
        foreach (var e in net.Edges)
        {
            double d = (net.ImagePosition(e.J, e.Shift) - net.Positions[e.I]).Length;
            Assert.InRange(d, 5.0, 6.5);
        }
    }

    [Theory]
    [InlineData(1.3, 0)]     // below the ZIF-4 ring bonds (1.31–1.38 Å): no ligand holds together
    [InlineData(1.45, 32)]
    [InlineData(1.6, 32)]
    [InlineData(1.8, 32)]
    [InlineData(2.5, 32)]    // in-ring N···N and C···C contacts join atoms of the same ligand: harmless
    public void LigandBondCutoffHasAWideSafeGapOnZif4(double cutoff, int edges)
    {
        var net = ZnNetwork.Build(NetworkTestData.Zif4, new NetworkOptions { LigandBondCutoff = cutoff });
        Assert.Equal(edges, net.EdgeCount);
    }

    [Fact]
    public void DistortedHptIILigandsStillBridgeWithTheDefaultRule()
    {
        // The hPT-II refinement has ring bonds of 1.1–1.23 Å and in-ring non-bonded pairs from 1.77 Å; the
        // default 1.8 Å and the 1.6 Å rule give the same dia net.
        var frame = NetworkTestData.HptII;
        var byDefault = ZnNetwork.Build(frame);
        var at16 = ZnNetwork.Build(frame, new NetworkOptions { LigandBondCutoff = 1.6 });
        Assert.Equal(byDefault.Edges, at16.Edges);
    }

    [Theory]
    [InlineData("lewis-2009", "ZIF-4.cif", 6.5)]
    [InlineData("lewis-2009", "zni.cif", 6.5)]
    [InlineData("widmer-2019", "ZIF-4-cp-II.cif", 6.2)] // cp-II has non-bonded Zn pairs at 6.4 Å
    public void ZnOnlyFallbackReproducesTheBridgedNetwork(string folder, string file, double cutoff)
    {
        var frame = NetworkTestData.Read(folder, file);
        var bridged = ZnNetwork.Build(frame);
        var znOnly = NetworkTestData.ZnOnly(frame);
        var byDistance = ZnNetwork.Build(znOnly, new NetworkOptions { ZnZnCutoff = cutoff });
        Assert.Equal(NetworkBondRule.Distance, byDistance.Rule);
        Assert.Equal(bridged.Count, byDistance.Count);
        // Vertices are numbered by Zn order in both frames, so the edge lists compare directly.
        Assert.Equal(bridged.Edges, byDistance.Edges);
        Assert.Equal(new SortedDictionary<int, int> { [4] = bridged.Count }, byDistance.DegreeHistogram);
    }

    [Fact]
    public void ZnOnlyFallbackDefaultCutoffIsSixPointFiveAndOverbondsCpII()
    {
        Assert.Equal(6.5, NetworkOptions.Default.ZnZnCutoff);
        var net = ZnNetwork.Build(NetworkTestData.ZnOnly(NetworkTestData.CpII));
        Assert.Equal(40, net.EdgeCount); // 32 bridges + 8 non-bonded pairs at 6.4 Å
    }

    [Fact]
    public void DistanceRuleCannotFindTheHptIINet()
    {
        // At 8 GPa the shortest Zn···Zn pairs (5.1 Å) are not bridged: no distance cutoff separates the bonds.
        var frame = NetworkTestData.HptII;
        var bridged = ZnNetwork.Build(frame);
        double longestBond = bridged.Edges.Max(e => (bridged.ImagePosition(e.J, e.Shift) - bridged.Positions[e.I]).Length);
        var zn = frame.IndicesOf(Element.Zn);
        var all = NeighborList.Build(frame, zn, longestBond, [Element.Zn]);
        Assert.True(all.PairCount > 2 * bridged.EdgeCount);
    }

    public static TheoryData<string, string, int[]> Sequences => new()
    {
        { "lewis-2009", "ZIF-4.cif", [4, 11, 24, 41, 63, 91] },          // cag
        { "widmer-2019", "ZIF-4-cp-II.cif", [4, 11, 24, 41, 63, 91] },   // cag
        { "widmer-2019", "ZIF-4-hPT-II.cif", [4, 12, 24, 42, 64, 92] },  // dia
        { "lewis-2009", "zni.cif", [4, 11, 24, 47, 87, 142] },           // zni
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void CoordinationSequenceMatchesTheNet(string folder, string file, int[] expected)
    {
        var net = ZnNetwork.Build(NetworkTestData.Read(folder, file));
        for (int v = 0; v < net.Count; v++)
            Assert.Equal(expected, net.CoordinationSequence(v, expected.Length));
    }

    [Fact]
    public void SupercellHasTheSameLocalNet()
    {
        var cell = ZnNetwork.Build(NetworkTestData.Zni);
        var super = ZnNetwork.Build(NetworkTestData.Zni.Replicate(2, 1, 2));
        Assert.Equal(4 * cell.EdgeCount, super.EdgeCount);
        Assert.Equal(cell.CoordinationSequence(0, 5), super.CoordinationSequence(0, 5));
        Assert.Equal(cell.CoordinationSequence(5, 5), super.CoordinationSequence(cell.Count * 3 + 5, 5));
    }

    [Fact]
    public void NetworkIsInvariantUnderRotationAndTranslation()
    {
        var f = NetworkTestData.Zif4;
        // Rotate everything (cell too) about z by 30° and translate: same edges, same shifts.
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        Vec3 R(Vec3 v) => new(c * v.X - s * v.Y, s * v.X + c * v.Y, v.Z);
        var t = new Vec3(3.3, -1.7, 8.2);
        var cell = new Cell(R(f.Cell.A), R(f.Cell.B), R(f.Cell.C));
        var moved = new Frame(f.Positions.Select(p => R(p) + t).ToArray(), f.Elements, cell);
        Assert.Equal(ZnNetwork.Build(f).Edges, ZnNetwork.Build(moved).Edges);
    }

    /// <summary>
    /// A chain along a: Zn0 — ligand — Zn1 — ligand — Zn0(+a) in a 12 Å cell. Zn0 and Zn1 are bonded twice,
    /// once directly and once through the image at −a.
    /// </summary>
    internal static Frame TwoImageChain()
    {
        var pos = new List<Vec3>();
        var el = new List<Element>();
        void Add(Element e, double x, double y) { el.Add(e); pos.Add(new Vec3(x, y + 10, 10)); }
        Add(Element.Zn, 0.0, 0);
        Add(Element.N, 2.0, 0); Add(Element.C, 3.0, 0.9); Add(Element.N, 4.0, 0);
        Add(Element.Zn, 6.0, 0);
        Add(Element.N, 8.0, 0); Add(Element.C, 9.0, 0.9); Add(Element.N, 10.0, 0);
        return new Frame(pos.ToArray(), el.ToArray(), Cell.Orthorhombic(12, 20, 20));
    }

    [Fact]
    public void OnePairBondedThroughTwoImagesGivesTwoEdges()
    {
        var net = ZnNetwork.Build(TwoImageChain());
        Assert.Equal([0, 4], net.ZnAtoms);
        Assert.Equal([new ZnEdge(0, 1, new ImageShift(-1, 0, 0)), new ZnEdge(0, 1, ImageShift.Zero)], net.Edges);
        Assert.Equal(2, net.Degree(0));
        Assert.Equal(2, net.Degree(1));
        Assert.Equal([2, 2, 2, 2], net.CoordinationSequence(0, 4)); // an infinite chain
        // The same with only the Zn: both images at 6 Å.
        var znOnly = ZnNetwork.Build(NetworkTestData.ZnOnly(TwoImageChain()));
        Assert.Equal(net.Edges, znOnly.Edges);
    }

    [Fact]
    public void ZnBondedToItsOwnImageGivesASelfEdgePerImage()
    {
        // One Zn in a 6 Å cube, Zn-only rule: bonded to its six images, i.e. three self-edges.
        var f = new Frame([new Vec3(1, 2, 3)], [Element.Zn], Cell.Orthorhombic(6, 6, 6));
        var net = ZnNetwork.Build(f);
        Assert.Equal(3, net.EdgeCount);
        Assert.All(net.Edges, e => Assert.Equal((0, 0), (e.I, e.J)));
        Assert.Equal(6, net.Degree(0));
        Assert.Equal([6, 18, 38], net.CoordinationSequence(0, 3)); // simple cubic
    }

    [Fact]
    public void ChelatingLigandIsNotASelfBond()
    {
        // One Zn bound to both N of one ligand (N–C–N, N···N 2.0 Å).
        var pos = new[] { new Vec3(10, 10, 10), new Vec3(11.0, 11.0, 10), new Vec3(11.5, 10.2, 10), new Vec3(11.0, 9.0, 10) };
        var el = new[] { Element.Zn, Element.N, Element.C, Element.N };
        var net = ZnNetwork.Build(new Frame(pos, el, Cell.Orthorhombic(6, 6, 6)));
        Assert.Empty(net.Edges);
    }

    [Fact]
    public void TwoZnOnOneNitrogenAreNotBridged()
    {
        // Zn0 and Zn1 both bound to the first N only; the ring's other N is free.
        var pos = new[] { new Vec3(9.4, 11.6, 10), new Vec3(11.0, 11.0, 10), new Vec3(11.5, 10.2, 10), new Vec3(11.0, 9.0, 10), new Vec3(11.0, 12.4, 10) };
        var el = new[] { Element.Zn, Element.N, Element.C, Element.N, Element.Zn };
        var net = ZnNetwork.Build(new Frame(pos, el, Cell.Orthorhombic(30, 30, 30)));
        Assert.Empty(net.Edges);
        // Move Zn1 onto the other N: now the ring bridges them.
        pos[4] = new Vec3(11.0, 7.6, 10);
        var bridged = ZnNetwork.Build(new Frame(pos, el, Cell.Orthorhombic(30, 30, 30)));
        Assert.Equal([new ZnEdge(0, 1, ImageShift.Zero)], bridged.Edges);
    }
}
