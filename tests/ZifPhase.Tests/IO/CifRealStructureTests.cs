using ZifPhase.Structures;
using static ZifPhase.Tests.IO.CrystalChecks;

namespace ZifPhase.Tests.IO;

/// <summary>The CIFs shipped under data/structures (see SOURCES.md), read and expanded to P1.</summary>
public class CifRealStructureTests
{
    private static readonly string[] Folders = ["lewis-2009", "widmer-2019", "duerholt-2019", "gaillac-2020-glass"];

    public static TheoryData<string, string> AllCifs()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Folders)
            foreach (var path in Directory.GetFiles(TestPaths.Data("structures", folder), "*.cif").Order(StringComparer.Ordinal))
                data.Add(folder, Path.GetFileName(path));
        return data;
    }

    /// <summary>Atom counts after expansion stated in SOURCES.md.</summary>
    private static readonly Dictionary<string, int> ExpectedAtoms = new()
    {
        ["lewis-2009/ZIF-4.cif"] = 272,
        ["lewis-2009/zni.cif"] = 272,
        ["widmer-2019/ZIF-4-cp-II.cif"] = 272,
        ["widmer-2019/ZIF-4-hPT-II.cif"] = 136,
        ["widmer-2019/ZNI-FixedCell.cif"] = 544,
        ["widmer-2019/ZNI-RelaxedCell.cif"] = 544,
    };

    [Fact]
    public void AllShippedCifsAreFound() => Assert.Equal(31, AllCifs().Count());

    [Theory]
    [MemberData(nameof(AllCifs))]
    public void ReadsWithZnIm2CompositionAndNoOverlaps(string folder, string file)
    {
        var path = TestPaths.Data("structures", folder, file);
        var warnings = new List<string>();
        var frame = Assert.Single(ReadCif(path, new() { Warn = warnings.Add }));
        AssertZnIm2Composition(frame);
        if (ExpectedAtoms.TryGetValue($"{folder}/{file}", out int n)) Assert.Equal(n, frame.AtomCount);
        if (folder == "gaillac-2020-glass") Assert.Equal(272, frame.AtomCount);
        Assert.True(frame.Cell.FullyPeriodic);
        Assert.True(MinimumDistance(frame) > 0.5, $"atoms closer than 0.5 Å in {file}");
        Assert.Empty(warnings);
        Assert.Equal(frame.AtomCount, frame.Column("label")!.AtomCount);
        // Every position is inside the cell: fractional coordinates were wrapped to [0, 1).
        foreach (var r in frame.Positions)
        {
            var s = frame.Cell.ToFractional(r);
            Assert.InRange(s.X, -1e-12, 1 + 1e-12);
            Assert.InRange(s.Y, -1e-12, 1 + 1e-12);
            Assert.InRange(s.Z, -1e-12, 1 + 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(AllCifs))]
    public void ContentIsRecognisedAsCif(string folder, string file)
    {
        var bytes = File.ReadAllBytes(TestPaths.Data("structures", folder, file));
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 4096));
        Assert.True(ZifPhase.IO.Cif.LooksLike(head));
        Assert.False(ZifPhase.IO.LammpsData.LooksLike(head));
    }

    [Fact]
    public void LewisZif4CellAndCounts()
    {
        var f = Assert.Single(ReadCif(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif")));
        Assert.Equal("ZIF-4", f.Info["name"]);
        Assert.Equal(272, f.AtomCount);
        Assert.Equal(16, Count(f, Element.Zn));
        var (a, b, c, alpha, beta, gamma) = f.Cell.Parameters;
        Assert.Equal(15.4231, a, 1e-9);
        Assert.Equal(15.4042, b, 1e-9);
        Assert.Equal(18.4379, c, 1e-9);
        Assert.Equal(90.0004, alpha, 1e-9);
        Assert.Equal(90.0018, beta, 1e-9);
        Assert.Equal(90.0007, gamma, 1e-9);
        // First site C1 at fractional (0.86817, 0.74108, 0.85188).
        Assert.Equal("C1", ((AtomColumn<string>)f.Column("label")!)[0]);
        var s = f.Cell.ToFractional(f.Positions[0]);
        Assert.Equal(0.86817, s.X, 1e-12);
        Assert.Equal(0.74108, s.Y, 1e-12);
        Assert.Equal(0.85188, s.Z, 1e-12);
    }

    [Theory]
    [InlineData("lewis-2009", "ZIF-4.cif", 16)]
    [InlineData("lewis-2009", "zni.cif", 16)]
    [InlineData("widmer-2019", "ZIF-4-cp-II.cif", 16)]
    public void EveryZnHasFourNitrogenNeighbours(string folder, string file, int zinc)
    {
        var f = Assert.Single(ReadCif(TestPaths.Data("structures", folder, file)));
        var counts = ZnNitrogenCounts(f);
        Assert.Equal(zinc, counts.Length);
        Assert.All(counts, n => Assert.Equal(4, n));
    }

    [Fact]
    public void PbcaExpansionOfZif4CpII()
    {
        // 34 sites in general positions of Pbca (8 operations): 272 atoms, each site 8 times in operation order.
        var f = Assert.Single(ReadCif(TestPaths.Data("structures", "widmer-2019", "ZIF-4-cp-II.cif")));
        var labels = ((AtomColumn<string>)f.Column("label")!).Values;
        Assert.Equal(272, labels.Length);
        Assert.All(labels[..8], l => Assert.Equal("Zn1", l));
        Assert.All(labels[8..16], l => Assert.Equal("Zn2", l));
        Assert.Equal("H3D", labels[^1]);
        // Zn2 at (-0.02246, 0.09192, 0.21685) wraps to x = 0.97754; its image under -x,1/2+y,1/2-z is at
        // (0.02246, 0.59192, 0.28315).
        var zn2 = f.Cell.ToFractional(f.Positions[8]);
        Assert.Equal(0.97754, zn2.X, 1e-12);
        var image = f.Cell.ToFractional(f.Positions[9]);
        Assert.Equal(0.02246, image.X, 1e-12);
        Assert.Equal(0.59192, image.Y, 1e-12);
        Assert.Equal(0.28315, image.Z, 1e-12);
        Assert.Equal(14.56659, f.Cell.LengthA, 1e-9);
    }
}
