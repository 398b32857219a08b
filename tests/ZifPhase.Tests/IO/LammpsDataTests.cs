using System.Text;
using ZifPhase.IO;
using ZifPhase.Structures;
using static ZifPhase.Tests.IO.CrystalChecks;

namespace ZifPhase.Tests.IO;

public class LammpsDataTests
{
    private static string Path2022 => TestPaths.Data("structures", "castel-2022", "ZIF-4_crystal_singlecell.data");

    private static long[] Ids(Frame f) => ((AtomColumn<long>)f.Column("id")!).Values;

    // ---- the shipped files ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("castel-2022", "ZIF-4_crystal_singlecell.data", 272)]
    [InlineData("castel-2023", "ZIF-4_supercell111.data", 272)]
    [InlineData("castel-2023", "ZIF4_15glass01.lmp", 272)]
    [InlineData("castel-2023", "reaxff_glass_300K.data", 2176)]
    [InlineData("castel-2024", "crystal.lmp", 272)]
    public void ShippedFilesReadWithHeaderCountsAndZnIm2Composition(string folder, string file, int atoms)
    {
        var path = TestPaths.Data("structures", folder, file);
        var warnings = new List<string>();
        var f = ReadData(path, new ReadOptions { Warn = warnings.Add });
        Assert.Equal(atoms, f.AtomCount);
        AssertZnIm2Composition(f);
        Assert.Empty(warnings);
        var ids = Ids(f);
        Assert.Equal(Enumerable.Range(1, atoms).Select(i => (long)i), ids); // sorted by id, ids 1..N in all five files
        Assert.True(f.Cell.FullyPeriodic);
        Assert.Equal(path, f.Source);
    }

    [Fact]
    public void Castel2022ChargeStyleWithTilts()
    {
        var f = ReadData(Path2022);
        Assert.Equal(new Vec3(15.4231, 0, 0), f.Cell.A);
        Assert.Equal(new Vec3(-1.8819780604e-04, 15.4041999989, 0), f.Cell.B);
        Assert.Equal(new Vec3(-5.7924371178e-04, -1.2872790167e-04, 18.4378999905), f.Cell.C);
        Assert.Equal(Vec3.Zero, f.Cell.Origin);
        Assert.Equal(16, Count(f, Element.Zn));
        var q = Assert.IsType<AtomColumn<double>>(f.Column("charge"));
        Assert.All(q.Values, v => Assert.Equal(0.0, v));
        Assert.Null(f.Column("mol"));
        // Atom 1: "1 1 0.0 13.3892398112 11.4156348744 15.7068782439", type 1 is C by "# C".
        Assert.Equal(new Vec3(13.3892398112, 11.4156348744, 15.7068782439), f.Positions[0]);
        Assert.Equal(Element.C, f.Elements[0]);
        Assert.Equal(Element.Zn, f.Elements[^1]);
    }

    [Fact]
    public void Castel2022EveryZnHasFourNitrogenNeighbours()
    {
        var counts = ZnNitrogenCounts(ReadData(Path2022));
        Assert.Equal(16, counts.Length);
        Assert.All(counts, n => Assert.Equal(4, n));
    }

    [Fact]
    public void Castel2023FullStyleWithBondsAndForceFieldComments()
    {
        // Atoms has no style comment: 7 columns make it full. Masses comments ("buck6d->...") name no element,
        // so the masses decide; Bonds, Angles, Dihedrals and Impropers are skipped.
        var f = ReadData(TestPaths.Data("structures", "castel-2023", "ZIF-4_supercell111.data"));
        var mol = Assert.IsType<AtomColumn<long>>(f.Column("mol"));
        Assert.All(mol.Values, m => Assert.Equal(1, m));
        var q = Assert.IsType<AtomColumn<double>>(f.Column("charge"));
        Assert.Equal(-0.0519, q[0]);
        Assert.Equal(0.1145, q[1]);
        Assert.Equal(0.0, q.Values.Sum(), 1e-6);
        Assert.Equal(new Vec3(13.389240, 11.415635, 15.706878), f.Positions[0]);
        Assert.Equal(new Vec3(-0.000188, 15.404200, 0), f.Cell.B);
        Assert.All(ZnNitrogenCounts(f), n => Assert.Equal(4, n));
    }

    [Fact]
    public void PymatgenGlassIsChargeStyleAndKeepsUnwrappedCoordinates()
    {
        var f = ReadData(TestPaths.Data("structures", "castel-2023", "ZIF4_15glass01.lmp"));
        Assert.NotNull(f.Column("charge"));
        Assert.Null(f.Column("mol"));
        Assert.Equal(new Vec3(-7.080430, 1.664310, 7.036010), f.Positions[5]); // outside the box, kept
        Assert.Equal(Element.Zn, f.Elements[^1]); // mass 65.40900 → Zn
    }

    [Fact]
    public void ReaxffGlassIsSortedByIdAndImageFlagsAreApplied()
    {
        var f = ReadData(TestPaths.Data("structures", "castel-2023", "reaxff_glass_300K.data"));
        Assert.Equal(128, Count(f, Element.Zn));
        Assert.Equal(4000000, f.Step); // "timestep = 4000000" in the write_data title
        // The file lists atom 203 first: "203 4 0.887... 4.2043315255056095 10.819484932429793 9.397658992666205 0 0 0".
        Assert.Equal(new Vec3(4.2043315255056095, 10.819484932429793, 9.397658992666205), f.Positions[202]);
        Assert.Equal(Element.Zn, f.Elements[202]);
        Assert.Equal(0.8870562569361957, ((AtomColumn<double>)f.Column("charge")!)[202]);
        // Atom 1444: "... 1.6307646774625408 3.0858973119818254 3.529357307411458 1 0 1" → x + a + c.
        var expected = new Vec3(1.6307646774625408, 3.0858973119818254, 3.529357307411458) + f.Cell.A + f.Cell.C;
        Assert.True((f.Positions[1443] - expected).Length < 1e-12);

        // Physics: with image flags applied the imidazolates are whole, so a bonded C–N pair is as close directly
        // as under the minimum image. Wrapped into the box, 66 of the 1024 bonds straddle a face; with the flags
        // only 16 do. Those 16 (one per imidazolate, all across y) are in the file: e.g. C 51 and N 776 sit
        // 1.3 Å apart in the box with image flags 0 0 0 and 0 1 0, so the run started from a configuration in
        // which these rings were already split across the y face.
        int bonds = 0, brokenRead = 0, brokenWrapped = 0;
        var wrapped = f.Positions.Select(f.Cell.Wrap).ToArray();
        foreach (int c in f.IndicesOf(Element.C))
        foreach (int n in f.IndicesOf(Element.N))
        {
            double d = f.Cell.MinimumImage(f.Positions[n] - f.Positions[c]).Length;
            if (d > 1.6) continue;
            bonds++;
            if (Math.Abs((f.Positions[n] - f.Positions[c]).Length - d) > 1e-9) brokenRead++;
            if (Math.Abs((wrapped[n] - wrapped[c]).Length - d) > 1e-9) brokenWrapped++;
        }
        Assert.Equal(1024, bonds); // 256 imidazolates × 4 C–N bonds
        Assert.Equal(66, brokenWrapped);
        Assert.Equal(16, brokenRead);
        var id = (AtomColumn<long>)f.Column("id")!;
        Assert.Equal(51, id[50]);
        Assert.Equal(f.Cell.B.Y, (f.Positions[775] - f.Positions[50]).Y - f.Cell.MinimumImage(f.Positions[775] - f.Positions[50]).Y, 1e-9);
    }

    [Fact]
    public void AtomskCrystalIsAtomicStyleShiftedOutsideTheBox()
    {
        var f = ReadData(TestPaths.Data("structures", "castel-2024", "crystal.lmp"));
        Assert.DoesNotContain(f.Columns, c => c.Name is "charge" or "mol");
        Assert.Equal(new Vec3(16.967291680000, 11.038745780000, 28.855334560000), f.Positions[0]);
        Assert.True(f.Positions.Count(p => p.Z > 18.4379) > 100, "coordinates were wrapped");
        Assert.All(ZnNitrogenCounts(f), n => Assert.Equal(4, n));
        Assert.Equal(16, Count(f, Element.Zn));
    }

    // ---- hand-written files ------------------------------------------------------------------------------

    private static string Data(string masses, string atomsHeader, string atoms, string extraHeader = "", int types = 4, int natoms = -1)
    {
        int n = natoms >= 0 ? natoms : atoms.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var sb = new StringBuilder();
        sb.Append("test data file\n\n");
        sb.Append($"{n} atoms\n{types} atom types\n").Append(extraHeader);
        sb.Append("0.0 10.0 xlo xhi\n-1.0 11.0 ylo yhi\n2.0 14.0 zlo zhi\n\n");
        if (masses.Length > 0) sb.Append("Masses\n\n").Append(masses).Append('\n');
        sb.Append(atomsHeader).Append("\n\n").Append(atoms);
        return sb.ToString();
    }

    private const string ZnNCH = "1 65.38 # Zn\n2 14.007 # N\n3 12.011 # C\n4 1.008 # H\n";

    [Theory]
    [InlineData("1 1 1.0 2.0 3.0\n2 2 4.0 5.0 6.0\n", "atomic")]
    [InlineData("1 1 1.0 2.0 3.0 0 0 0\n2 2 4.0 5.0 6.0 0 0 0\n", "atomic")]
    [InlineData("1 1 0.5 1.0 2.0 3.0\n2 2 -0.5 4.0 5.0 6.0\n", "charge")]
    [InlineData("1 1 0.0 1.0 2.0 3.0\n2 2 0.0 4.0 5.0 6.0\n", "charge")]
    [InlineData("1 1 0 1.0 2.0 3.0 0 0 0\n2 2 0 4.0 5.0 6.0 0 0 0\n", "charge")] // q = 0 is no atom type
    [InlineData("1 7 1 1.0 2.0 3.0\n2 9 2 4.0 5.0 6.0\n", "molecular")]     // mol 7, 9 are no atom types
    [InlineData("1 7 1 1.0 2.0 3.0 0 0 0\n2 9 2 4.0 5.0 6.0 0 0 0\n", "molecular")]
    [InlineData("1 3 1 0.5 1.0 2.0 3.0\n2 3 2 -0.5 4.0 5.0 6.0\n", "full")]
    [InlineData("1 3 1 0.5 1.0 2.0 3.0 0 0 0\n2 3 2 -0.5 4.0 5.0 6.0 0 0 0\n", "full")]
    public void StyleIsInferredFromTheColumns(string atoms, string style)
    {
        var f = ReadDataText(Data(ZnNCH, "Atoms", atoms));
        Assert.Equal(2, f.AtomCount);
        Assert.Equal([Element.Zn, Element.N], f.Elements);
        Assert.Equal(new Vec3(1, 2, 3), f.Positions[0]);
        Assert.Equal(new Vec3(4, 5, 6), f.Positions[1]);
        Assert.Equal(style is "charge" or "full", f.Column("charge") is not null);
        Assert.Equal(style is "molecular" or "full", f.Column("mol") is not null);
        if (style == "molecular") Assert.Equal([7L, 9L], ((AtomColumn<long>)f.Column("mol")!).Values);
        if (style == "full") Assert.Equal([0.5, -0.5], ((AtomColumn<double>)f.Column("charge")!).Values);
        // The same lines with the style named read the same.
        var named = ReadDataText(Data(ZnNCH, $"Atoms # {(style == "molecular" ? "bond" : style)}", atoms));
        Assert.Equal(f.Positions, named.Positions);
        Assert.Equal(f.Elements, named.Elements);
    }

    [Fact]
    public void AmbiguousSixColumnsAskForTheStyle()
    {
        // "1 1 2 x y z": charge with q = 2, or molecule 1 of type 2? Both fit; the reader refuses to guess.
        var text = Data(ZnNCH, "Atoms", "1 1 2 1.0 2.0 3.0\n2 2 1 4.0 5.0 6.0\n");
        var e = Assert.Throws<InputException>(() => ReadDataText(text));
        Assert.Contains("Atoms # charge", e.Message);
        Assert.Equal(ReadDataText(Data(ZnNCH, "Atoms # molecular", "1 1 2 1.0 2.0 3.0\n2 2 1 4.0 5.0 6.0\n")).Elements, [Element.N, Element.Zn]);
        Assert.Equal(ReadDataText(Data(ZnNCH, "Atoms # charge", "1 1 2 1.0 2.0 3.0\n2 2 1 4.0 5.0 6.0\n")).Elements, [Element.Zn, Element.N]);
    }

    [Fact]
    public void ImageFlagsShiftByLatticeVectors()
    {
        var tilt = "1.5 -0.5 0.25 xy xz yz\n";
        var f = ReadDataText(Data(ZnNCH, "Atoms # atomic", "1 1 1.0 2.0 3.0 1 0 0\n2 1 1.0 2.0 3.0 0 -1 2\n3 1 1.0 2.0 3.0 0 0 0\n", tilt));
        var a = new Vec3(10, 0, 0);
        var b = new Vec3(1.5, 12, 0);
        var c = new Vec3(-0.5, 0.25, 12);
        Assert.Equal(a, f.Cell.A);
        Assert.Equal(b, f.Cell.B);
        Assert.Equal(c, f.Cell.C);
        Assert.Equal(new Vec3(0, -1, 2), f.Cell.Origin);
        Assert.Equal(new Vec3(11, 2, 3), f.Positions[0]);
        Assert.Equal(new Vec3(1, 2, 3) - b + 2 * c, f.Positions[1]);
        Assert.Equal(new Vec3(1, 2, 3), f.Positions[2]);
    }

    [Fact]
    public void AtomsAreSortedById()
    {
        var f = ReadDataText(Data(ZnNCH, "Atoms # atomic", "30 4 3.0 0.0 0.0\n10 1 1.0 0.0 0.0\n20 2 2.0 0.0 0.0\n"));
        Assert.Equal([10L, 20L, 30L], Ids(f));
        Assert.Equal([Element.Zn, Element.N, Element.H], f.Elements);
        Assert.Equal([1.0, 2.0, 3.0], f.Positions.Select(p => p.X));
    }

    [Fact]
    public void MassCommentsWinAndNearestMassIsTheFallback()
    {
        // 1: "# Zn1" label; 2: "# N_R" force-field type; 3: no comment → nearest mass (C);
        // 4: a comment that is no element label ("hydrogen...") → nearest mass (H);
        // 5: "# CA" with a carbon mass → C, not Ca; 6: "# Cl" → Cl.
        var masses = "1 65.38 # Zn1\n2 14.0067 # N_R\n3 12.0107\n4 1.00794 # hydrogen on C2\n5 12.011 # CA\n6 35.45 # Cl\n";
        var atoms = string.Concat(Enumerable.Range(1, 6).Select(t => $"{t} {t} {t}.0 0.0 0.0\n"));
        var warnings = new List<string>();
        var f = ReadDataText(Data(masses, "Atoms # atomic", atoms, types: 6), new ReadOptions { Warn = warnings.Add });
        Assert.Equal(["Zn", "N", "C", "H", "C", "Cl"], f.Elements.Select(e => e.Symbol));
        Assert.Empty(warnings);
    }

    [Fact]
    public void MassCommentBeatsTheMassWithAWarning()
    {
        // A united-atom CH group named C: the comment decides, the mismatch is reported.
        var warnings = new List<string>();
        var f = ReadDataText(Data("1 13.019 # C\n", "Atoms # atomic", "1 1 0.0 0.0 0.0\n", types: 1), new ReadOptions { Warn = warnings.Add });
        Assert.Equal(Element.C, Assert.Single(f.Elements));
        Assert.Contains("type 1", Assert.Single(warnings));
    }

    [Fact]
    public void TypeMapOverridesMasses()
    {
        var map = TypeMap.Parse("1=Zn,2=N");
        var f = ReadDataText(Data("1 12.011 # C\n2 1.008 # H\n", "Atoms # atomic", "1 1 0.0 0.0 0.0\n2 2 1.0 0.0 0.0\n", types: 2),
            new ReadOptions { Types = map });
        Assert.Equal([Element.Zn, Element.N], f.Elements);
    }

    [Fact]
    public void TypeMapCoversTypesWithoutMasses()
    {
        var text = Data("", "Atoms # atomic", "1 1 0.0 0.0 0.0\n2 2 1.0 0.0 0.0\n", types: 2);
        var f = ReadDataText(text, new ReadOptions { Types = TypeMap.Parse("1=Zn,2=H") });
        Assert.Equal([Element.Zn, Element.H], f.Elements);
    }

    [Fact]
    public void TypeWithoutAnyMappingIsAnErrorSuggestingTypes()
    {
        // Type 2 has no Masses line and no type map entry.
        var text = Data("1 65.38\n", "Atoms # atomic", "1 1 0.0 0.0 0.0\n2 2 1.0 0.0 0.0\n", types: 2);
        var e = Assert.Throws<InputException>(() => ReadDataText(text));
        Assert.Contains("atom type 2", e.Message);
        Assert.Contains("--types", e.Message);
        Assert.Equal(LineOf(text, "2 2 1.0"), e.Line);
    }

    [Fact]
    public void MassOfNoElementIsAnErrorNamingTypeAndMass()
    {
        var text = Data("1 65.38\n2 50.0\n", "Atoms # atomic", "1 1 0.0 0.0 0.0\n2 2 1.0 0.0 0.0\n", types: 2);
        var e = Assert.Throws<InputException>(() => ReadDataText(text));
        Assert.Contains("type 2 has mass 50", e.Message);
        Assert.Equal(LineOf(text, "2 50.0"), e.Line);
        // ...unless the type map names it.
        var f = ReadDataText(text, new ReadOptions { Types = TypeMap.Parse("2=Ti") });
        Assert.Equal([Element.Zn, Element.FromSymbol("Ti")], f.Elements);
    }

    [Fact]
    public void OtherSectionsAreSkipped()
    {
        var text = """
            title line that says 5 atoms

            2 atoms
            1 bonds
            2 atom types
            1 bond types
            1 extra bond per atom
            0.0 10.0 xlo xhi
            0.0 10.0 ylo yhi
            0.0 10.0 zlo zhi

            Pair Coeffs # lj/cut

            1 0.1 3.0
            2 0.2 3.5

            Bond Coeffs

            1 300.0 1.5

            Atoms # full

            1 1 1 -0.5 1.0 1.0 1.0   # first
            2 1 2 0.5 2.0 1.0 1.0

            Velocities

            1 0.1 0.2 0.3
            2 0.1 0.2 0.3

            Bonds

            1 1 1 2

            Masses

            1 14.007
            2 1.008
            """;
        var f = ReadDataText(text);
        Assert.Equal([Element.N, Element.H], f.Elements);
        Assert.Equal([-0.5, 0.5], ((AtomColumn<double>)f.Column("charge")!).Values);
        Assert.Equal("title line that says 5 atoms", f.Info["title"]);
    }

    [Theory]
    [InlineData("1 1 1.0 2.0\n", "Atoms # atomic", "needs 5 columns")]
    [InlineData("1 1 1.0 2.0 3.0 4.0\n", "Atoms # atomic", "needs 5 columns")]
    [InlineData("1 1 1.0 2.0\n", "Atoms", "cannot infer the atom style from 4 columns")]
    [InlineData("1 1 x 2.0 3.0\n", "Atoms", "'x' (column 3")]
    [InlineData("1 1 1.0 2.0 3.0 0.5 0 0\n", "Atoms # atomic", "image flag 0.5 is not an integer")]
    [InlineData("1 9 1.0 2.0 3.0\n", "Atoms # atomic", "atom type 9 is outside 1..4")]
    public void MalformedAtomLinesAreErrorsWithTheirLine(string atoms, string header, string reason)
    {
        var text = Data(ZnNCH, header, atoms);
        var e = Assert.Throws<InputException>(() => ReadDataText(text));
        Assert.Contains(reason, e.Message);
        Assert.Equal(LineOf(text, atoms.TrimEnd()), e.Line);
        Assert.StartsWith($"test.data, line {e.Line}: ", e.Message);
    }

    [Fact]
    public void AtomCountMustMatchTheHeader()
    {
        var text = Data(ZnNCH, "Atoms # atomic", "1 1 0.0 0.0 0.0\n2 1 1.0 0.0 0.0\n", natoms: 3);
        var e = Assert.Throws<InputException>(() => ReadDataText(text));
        Assert.Contains("2 lines but the header says 3 atoms", e.Message);
        Assert.Equal(LineOf(text, "Atoms # atomic"), e.Line);
    }

    [Fact]
    public void MissingAtomsSectionIsAnError()
    {
        var text = "title\n\n2 atoms\n1 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n0 1 zlo zhi\n\nMasses\n\n1 1.008\n";
        Assert.Contains("no Atoms section", Assert.Throws<InputException>(() => ReadDataText(text)).Message);
    }

    [Fact]
    public void DuplicateIdsAreAnError()
    {
        var text = Data(ZnNCH, "Atoms # atomic", "1 1 0.0 0.0 0.0\n1 2 1.0 0.0 0.0\n");
        var e = Assert.Throws<InputException>(() => ReadDataText(text));
        Assert.Contains("atom id 1 appears twice", e.Message);
        Assert.Equal(LineOf(text, "1 2 1.0"), e.Line);
    }

    [Fact]
    public void FrameRangeWithoutFrameZeroYieldsNothing()
    {
        using var s = File.OpenRead(Path2022);
        Assert.Empty(LammpsData.Read(s, Path2022, new ReadOptions { Frames = FrameRange.Parse("1:") }));
    }

    [Theory]
    [InlineData("castel-2022", "ZIF-4_crystal_singlecell.data")]
    [InlineData("castel-2023", "ZIF-4_supercell111.data")]
    [InlineData("castel-2023", "ZIF4_15glass01.lmp")]
    [InlineData("castel-2023", "reaxff_glass_300K.data")]
    [InlineData("castel-2024", "crystal.lmp")]
    public void LooksLikeRecognisesShippedDataFilesAndNotCifs(string folder, string file)
    {
        var head = File.ReadAllBytes(TestPaths.Data("structures", folder, file)).AsSpan(0, 4096).ToArray();
        Assert.True(LammpsData.LooksLike(head));
        Assert.False(Cif.LooksLike(head));
        var cif = File.ReadAllBytes(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif")).AsSpan(0, 4096).ToArray();
        Assert.False(LammpsData.LooksLike(cif));
        Assert.True(Cif.LooksLike(cif));
    }

    [Theory]
    [InlineData("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n272\nITEM: BOX BOUNDS pp pp pp\n0 1\n")]
    [InlineData("272\nLattice=\"15 0 0 0 15 0 0 0 18\" Properties=species:S:1:pos:R:3\n")]
    [InlineData("272 atoms\n")]
    public void LooksLikeRejectsOtherFormats(string head) => Assert.False(LammpsData.LooksLike(Encoding.UTF8.GetBytes(head)));

    private static long LineOf(string text, string needle)
    {
        int at = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{needle}' not in the test text");
        return text[..at].Count(c => c == '\n') + 1;
    }
}
