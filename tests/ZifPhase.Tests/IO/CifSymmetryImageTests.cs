using System.Globalization;
using ZifPhase.IO;
using ZifPhase.Structures;
using static ZifPhase.Tests.IO.CrystalChecks;

namespace ZifPhase.Tests.IO;

/// <summary>
/// Symmetry images of one site that the CIF's rounding leaves apart are one atom (at their mean, with a warning
/// naming the site); atoms of different sites are never merged silently.
/// </summary>
public class CifSymmetryImageTests
{
    private static readonly string[] PMinus3 = ["x,y,z", "-y,x-y,z", "-x+y,-x,z", "-x,-y,-z", "y,-x+y,-z", "x-y,x,-z"];

    private static readonly string[] P213 =
    [
        "x,y,z", "-x+1/2,-y,z+1/2", "-x,y+1/2,-z+1/2", "x+1/2,-y+1/2,-z",
        "z,x,y", "z+1/2,-x+1/2,-y", "-z+1/2,-x,y+1/2", "-z,x+1/2,-y+1/2",
        "y,z,x", "-y,z+1/2,-x+1/2", "y+1/2,-z+1/2,-x", "-y+1/2,-z,x+1/2",
    ];

    private static readonly string[] P63mmc =
    [
        "x,y,z", "-y,x-y,z", "-x+y,-x,z", "-x,-y,z+1/2", "y,-x+y,z+1/2", "x-y,x,z+1/2",
        "y,x,-z", "x-y,-y,-z", "-x,-x+y,-z", "-y,-x,-z+1/2", "-x+y,y,-z+1/2", "x,x-y,-z+1/2",
        "-x,-y,-z", "y,-x+y,-z", "x-y,x,-z", "x,y,-z+1/2", "-y,x-y,-z+1/2", "-x+y,-x,-z+1/2",
        "-y,-x,z", "-x+y,y,z", "x,x-y,z", "y,x,z+1/2", "x-y,-y,z+1/2", "-x,-x+y,z+1/2",
    ];

    private static string Cif(string name, (double A, double B, double C, double Gamma) cell, string[] ops, params string[] sites)
    {
        var text = $"data_{name}\n" + FormattableString.Invariant(
            $"_cell_length_a {cell.A}\n_cell_length_b {cell.B}\n_cell_length_c {cell.C}\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma {cell.Gamma}\n");
        text += "loop_\n_symmetry_equiv_pos_as_xyz\n" + string.Concat(ops.Select(o => $"'{o}'\n"));
        text += "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n" + string.Concat(sites.Select(s => s + "\n"));
        return text;
    }

    private static (Frame Frame, List<string> Warnings) Read(string text)
    {
        var warnings = new List<string>();
        var frame = Assert.Single(ReadCifText(text, new ReadOptions { Warn = warnings.Add }));
        return (frame, warnings);
    }

    private static string[] Labels(Frame f) => ((AtomColumn<string>)f.Column("label")!).Values.ToArray();

    private static void AssertAtFractional(Frame f, int atom, double x, double y, double z)
    {
        var s = f.Cell.ToFractional(f.Positions[atom]);
        Assert.True(Math.Abs(s.X - x) < 1e-12 && Math.Abs(s.Y - y) < 1e-12 && Math.Abs(s.Z - z) < 1e-12,
            FormattableString.Invariant($"atom {atom} at ({s.X}, {s.Y}, {s.Z}), expected ({x}, {y}, {z})"));
    }

    [Fact]
    public void PMinus3WyckoffTwoDWithThreeDigitsIsTwoZnAtTheSymmetrisedPosition()
    {
        // The reported case: Zn on 2d (1/3, 2/3, z) written as 0.333 0.667 used to expand to 6 Zn 0.022 Å apart.
        var text = Cif("p3", (22, 22, 10, 120), PMinus3, "Zn1 0.333 0.667 0.100", "N1 0.1 0.2 0.3");
        var (f, warnings) = Read(text);
        Assert.Equal(["Zn1", "Zn1", "N1", "N1", "N1", "N1", "N1", "N1"], Labels(f));
        Assert.Equal(2, Count(f, Element.Zn));
        Assert.Equal(6, Count(f, Element.N));
        // each Zn is the mean of its three images: exactly on the 3-fold axis
        AssertAtFractional(f, 0, 1.0 / 3, 2.0 / 3, 0.1);
        AssertAtFractional(f, 1, 2.0 / 3, 1.0 / 3, 0.9);
        Assert.Equal("test.cif: data block 'p3': site Zn1: symmetry images up to 0.0220 Å apart were taken as one atom (6 images → 2 atoms, each at the mean of its images); its coordinates are probably rounded in the file",
            Assert.Single(warnings));
        Assert.True(MinimumDistance(f) > 0.5);
    }

    [Fact]
    public void AGeneralPositionWrittenInFullIsNeverMerged()
    {
        // Near the 3-fold axis but not on it: the images are 1.3 Å apart, six distinct atoms, no warning.
        var text = Cif("p3general", (22, 22, 10, 120), PMinus3, "Zn1 0.3612345 0.6512345 0.1234567");
        var (f, warnings) = Read(text);
        Assert.Equal(6, f.AtomCount);
        Assert.Empty(warnings);
        AssertAtFractional(f, 0, 0.3612345, 0.6512345, 0.1234567);
    }

    [Theory]
    [InlineData("0.3333 0.3334 0.3333", false)] // 4 digits: images 0.0034 Å apart, merged as an exact special position
    [InlineData("0.333 0.334 0.333", true)] // 3 digits: images 0.034 Å apart, merged with a warning
    [InlineData("0.33 0.34 0.33", true)] // 2 digits: images 0.34 Å apart, still one atom
    public void CubicThreeFoldAxisSiteIsFourAtomsAtAnyPrecision(string xyz, bool warned)
    {
        // P2_13 (198): 4a (x, x, x) on the 3-fold axis; written with x, y, z that rounding made unequal.
        var text = Cif("p213", (24, 24, 24, 90), P213, "Zn1 " + xyz, "N1 0.1 0.2 0.4");
        var (f, warnings) = Read(text);
        Assert.Equal(4, Count(f, Element.Zn));
        Assert.Equal(12, Count(f, Element.N));
        var written = xyz.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // on the axis, at the mean of the written coordinates
        AssertAtFractional(f, 0, written.Average(), written.Average(), written.Average());
        if (warned) Assert.StartsWith("test.cif: data block 'p213': site Zn1: symmetry images up to ", Assert.Single(warnings));
        else Assert.Empty(warnings);
        Assert.True(MinimumDistance(f) > 0.5);
    }

    [Fact]
    public void HexagonalP63mmcSpecialPositionsHaveTheirMultiplicities()
    {
        var text = Cif("p63mmc", (20, 20, 15, 120), P63mmc,
            "Zn1 0.3333 0.6667 0.2500", // 2c, 4 digits
            "Zn2 0.333 0.667 0.0620",   // 4f, 3 digits
            "N1 0.450 0.900 0.25",       // 6h (x, 2x, 1/4), exact
            "N2 0.2 0.4 0.1",             // 12k (x, 2x, z)
            "C1 0.1 0.3 0.05");           // 24l, general
        var (f, warnings) = Read(text);
        string[] expected = [.. Enumerable.Repeat("Zn1", 2), .. Enumerable.Repeat("Zn2", 4), .. Enumerable.Repeat("N1", 6), .. Enumerable.Repeat("N2", 12), .. Enumerable.Repeat("C1", 24)];
        Assert.Equal(expected, Labels(f));
        AssertAtFractional(f, 0, 1.0 / 3, 2.0 / 3, 0.25);
        AssertAtFractional(f, 2, 1.0 / 3, 2.0 / 3, 0.062);
        // only the 3-digit site warns: the 4-digit one is within the 0.01 Å of an exact special position
        Assert.StartsWith("test.cif: data block 'p63mmc': site Zn2: symmetry images up to 0.0200 Å apart were taken as one atom (24 images → 4 atoms",
            Assert.Single(warnings));
        Assert.True(MinimumDistance(f) > 0.5);
    }

    [Fact]
    public void DistinctSitesCloserThanHalfAnAngstromAreBothKeptWithAWarningNamingBoth()
    {
        var text = Cif("two", (10, 10, 10, 90), ["x,y,z"], "Zn1 0.5 0.5 0.5", "Zn2 0.53 0.5 0.5", "N1 0.7 0.5 0.5");
        var (f, warnings) = Read(text);
        Assert.Equal(["Zn1", "Zn2", "N1"], Labels(f));
        AssertAtFractional(f, 1, 0.53, 0.5, 0.5);
        Assert.Equal("test.cif: data block 'two': atoms of different sites lie closer than 0.5 Å, which no two atoms can, and were both kept (site Zn2 and site Zn1, 0.3000 Å); disorder alternatives or an error in the file: remove one of each pair",
            Assert.Single(warnings));
    }

    [Fact]
    public void ImagesOfDistinctSitesThatOverlapAreNamedOncePerPairOfSites()
    {
        // N1 and N2 are 0.3 Å apart, and so are their images under the inversion: one entry for the pair of sites
        var text = Cif("inv", (10, 10, 10, 90), ["x,y,z", "-x,-y,-z"], "N1 0.2 0.2 0.2", "N2 0.23 0.2 0.2");
        var (f, warnings) = Read(text);
        Assert.Equal(4, f.AtomCount);
        Assert.Contains("(site N2 and site N1, 0.3000 Å)", Assert.Single(warnings));
    }
}
