using System.Text;
using ZifPhase.IO;
using ZifPhase.Structures;
using static ZifPhase.Tests.IO.CrystalChecks;

namespace ZifPhase.Tests.IO;

/// <summary>Hand-written CIFs: tokenizer corners, symmetry expansion and merging, errors with line numbers.</summary>
public class CifTests
{
    private static long LineOf(string text, string needle)
    {
        int at = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{needle}' not in the test text");
        return text[..at].Count(c => c == '\n') + 1;
    }

    private static void AssertClose(Vec3 expected, Vec3 actual) =>
        Assert.True((expected - actual).Length < 1e-12, $"expected {expected}, got {actual}");

    private const string Cell10 = """
        _cell_length_a 10.0
        _cell_length_b 10.0
        _cell_length_c 12.0
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90

        """;

    [Fact]
    public void TwoFoldAxisSitesMergeTheirCoincidentImages()
    {
        // 2-fold axis along c through (0,0) and, by periodicity, (1/2,1/2): sites on it have a single image.
        var text = "data_twofold\n" + Cell10 + """
            loop_
            _symmetry_equiv_pos_as_xyz
            x,y,z
            -x,-y,z
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Zn1 0.0 0.0 0.25
            Zn2 0.5 0.5 0.10
            N1  0.1 0.2 0.30
            C1  0.0 0.9999995 0.5
            """;
        var warnings = new List<string>();
        var f = Assert.Single(ReadCifText(text, new ReadOptions { Warn = warnings.Add }));
        var labels = ((AtomColumn<string>)f.Column("label")!).Values;
        Assert.Equal(["Zn1", "Zn2", "N1", "N1", "C1"], labels);
        Assert.Empty(warnings); // special positions are expected, not duplicated sites
        Assert.Equal([Element.Zn, Element.Zn, Element.N, Element.N, Element.C], f.Elements);
        // N1's second image is (-0.1, -0.2, 0.3) wrapped to (0.9, 0.8, 0.3).
        Assert.Equal(9.0, f.Positions[3].X, 1e-12);
        Assert.Equal(8.0, f.Positions[3].Y, 1e-12);
        Assert.Equal(3.6, f.Positions[3].Z, 1e-12);
        // Zn2 image -0.5 wraps onto 0.5; C1 at y = 1 - 5e-7 and its image at y = 5e-7 are 1e-5 Å apart.
        Assert.Equal(5.0, f.Positions[1].X, 1e-12);
        Assert.Equal("twofold", f.Info["name"]);
        Assert.Equal(10.0, f.Cell.LengthA, 1e-12);
    }

    [Fact]
    public void ImagesAreWrappedIntoTheCellInSiteThenOperationOrder()
    {
        var text = "data_order\n" + Cell10 + """
            _symmetry_space_group_name_H-M 'P -1'
            loop_
            _symmetry_equiv_pos_site_id
            _symmetry_equiv_pos_as_xyz
            1 'x, y, z'
            2 '-x, -y, -z'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            A1 Zn2+ -0.5 1.5 0.5
            B1 N    0.125 0.25 0.375
            """;
        var f = Assert.Single(ReadCifText(text));
        Assert.Equal(3, f.AtomCount); // A1, wrapped to (1/2, 1/2, 1/2), is its own inverse image
        var s = f.Positions.Select(f.Cell.ToFractional).ToArray();
        AssertClose(new Vec3(0.5, 0.5, 0.5), s[0]);
        AssertClose(new Vec3(0.125, 0.25, 0.375), s[1]);
        AssertClose(new Vec3(0.875, 0.75, 0.625), s[2]);
        Assert.Equal([Element.Zn, Element.N, Element.N], f.Elements);
    }

    [Fact]
    public void StandardUncertaintiesAreDropped()
    {
        var text = """
            data_su
            _cell_length_a 12.345(6)
            _cell_length_b 7.5(12)
            _cell_length_c 9.0
            _cell_angle_alpha 90.00(3)
            _cell_angle_beta 101.5(2)
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Zn1 0.1234(5) 0.5 0.25(11)
            """;
        var f = Assert.Single(ReadCifText(text));
        var (a, b, c, alpha, beta, gamma) = f.Cell.Parameters;
        Assert.Equal(12.345, a, 1e-12);
        Assert.Equal(7.5, b, 1e-12);
        Assert.Equal(9.0, c, 1e-12);
        Assert.Equal(90.0, alpha, 1e-9);
        Assert.Equal(101.5, beta, 1e-9);
        Assert.Equal(90.0, gamma, 1e-9);
        var s = f.Cell.ToFractional(f.Positions[0]);
        Assert.Equal(0.1234, s.X, 1e-12);
        Assert.Equal(0.25, s.Z, 1e-12);
    }

    [Fact]
    public void TextFieldsAndQuotedValuesAreSingleValues()
    {
        // The text field holds words that would be tags, loops and blocks if it were tokenized; quoted values hold
        // blanks, a '#' and an apostrophe followed by a non-blank (which does not close the quote).
        var text = """
            # leading comment
            data_quoted
            _chemical_name_systematic 'catena-(tetrakis(mu2-Imidazolato-N,N')-di-zinc)'
            _publ_section_title
            ;
            loop_
            _cell_length_a 99.0
            data_fake
            ;
            _cell_length_a 10.0 # trailing comment
            _cell_length_b 10.0
            _cell_length_c 10.0
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_note
            'Zn 1' "Zn" 0.1 0.1 0.1 'has # and "quotes"'
            "N'2"  N    0.2 0.2 0.2
            ;a note over
            two lines
            ;
            ? 'C' 0.3 0.3 0.3 "?"
            """;
        var f = Assert.Single(ReadCifText(text));
        Assert.Equal("quoted", f.Info["name"]);
        Assert.Equal(10.0, f.Cell.LengthA, 1e-12);
        Assert.Equal(["Zn 1", "N'2", "C3"], ((AtomColumn<string>)f.Column("label")!).Values);
        Assert.Equal([Element.Zn, Element.N, Element.C], f.Elements);
    }

    [Fact]
    public void CartesianSitesAreConvertedToFractional()
    {
        var text = """
            data_cart
            _cell_length_a 10
            _cell_length_b 11
            _cell_length_c 12
            _cell_angle_alpha 80
            _cell_angle_beta 95
            _cell_angle_gamma 110
            loop_
            _symmetry_equiv_pos_as_xyz
            x,y,z
            -x,-y,-z
            loop_
            _atom_site_label
            _atom_site_Cartn_x
            _atom_site_Cartn_y
            _atom_site_Cartn_z
            H1 1.0 2.0 3.0
            """;
        var f = Assert.Single(ReadCifText(text));
        Assert.Equal(2, f.AtomCount);
        Assert.True((f.Positions[0] - new Vec3(1, 2, 3)).Length < 1e-10);
        // The inverted image sits at -r, wrapped: the same point under periodicity.
        Assert.True(f.Cell.MinimumImage(f.Positions[1] + new Vec3(1, 2, 3)).Length < 1e-10);
    }

    [Fact]
    public void DuplicatedSitesInP1AreMergedWithOneWarning()
    {
        var text = "data_dup\n" + Cell10 + """
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Zn1 0.5 0.5 0.5
            Zn2 0.5004 0.5 0.5
            Zn3 0.0 0.0 0.0
            Zn4 0.9995 0.0 0.0
            N1  0.6 0.5 0.5
            """;
        var warnings = new List<string>();
        var f = Assert.Single(ReadCifText(text, new ReadOptions { Warn = warnings.Add }));
        Assert.Equal(["Zn1", "Zn3", "N1"], ((AtomColumn<string>)f.Column("label")!).Values);
        var w = Assert.Single(warnings);
        Assert.Contains("2 atom(s)", w);
        Assert.Contains("Zn2 onto site Zn1", w);
        Assert.Contains("site Zn4 onto site Zn3, 0.0050 Å", w); // every pair of sites is named
    }

    [Fact]
    public void PartialOccupancyWarnsOncePerFile()
    {
        var text = "data_occ\n" + Cell10 + """
            loop_
            _atom_site_label
            _atom_site_occupancy
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Zn1 1.0 0.1 0.1 0.1
            N1 0.5 0.2 0.2 0.2
            N2 0.25(3) 0.3 0.3 0.3
            """;
        var warnings = new List<string>();
        var f = Assert.Single(ReadCifText(text, new ReadOptions { Warn = warnings.Add }));
        Assert.Equal(3, f.AtomCount);
        Assert.Equal("test.cif: site N1 has occupancy 0.5; read as fully occupied", Assert.Single(warnings));
    }

    [Fact]
    public void EveryDataBlockWithAtomsIsAFrame()
    {
        var text = "data_first\n" + Cell10 + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 0 0 0\n"
            + "data_no_atoms\n_journal_year 2009\n"
            + "data_second\n" + Cell10 + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nN1 0 0 0\nN2 0.5 0 0\n";
        var frames = ReadCifText(text);
        Assert.Equal(["first", "second"], frames.Select(f => f.Info["name"]));
        Assert.Equal([1, 2], frames.Select(f => f.AtomCount));
        Assert.Equal([0, 1], frames.Select(f => f.Index));
        var onlySecond = Assert.Single(ReadCifText(text, new ReadOptions { Frames = FrameRange.Parse("1") }));
        Assert.Equal("second", onlySecond.Info["name"]);
    }

    [Theory]
    [InlineData("_symmetry_space_group_name_H-M 'P b c a'", "space group P b c a")]
    [InlineData("_space_group_name_H-M_alt Pbca", "space group Pbca")]
    [InlineData("_symmetry_Int_Tables_number 61", "space group number 61")]
    public void MissingOperationsForANonP1GroupIsAnError(string groupLine, string named)
    {
        var text = "data_pbca\n" + Cell10 + groupLine + "\n" + """
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Zn1 0.1 0.2 0.3
            """;
        var e = Assert.Throws<InputException>(() => ReadCifText(text));
        Assert.Contains($"no symmetry operations given for {named}; cannot expand to P1", e.Message);
        Assert.Equal(LineOf(text, groupLine), e.Line);
        Assert.Equal("test.cif", e.File);
    }

    [Theory]
    [InlineData("_symmetry_space_group_name_H-M 'P 1'")]
    [InlineData("_space_group_name_H-M_alt P1")]
    [InlineData("_symmetry_Int_Tables_number 1")]
    [InlineData("_journal_year 2009")]
    public void MissingOperationsInP1OrUnnamedGroupIsIdentity(string groupLine)
    {
        var text = "data_p1\n" + Cell10 + groupLine + "\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 0.1 0.2 0.3\n";
        Assert.Equal(1, Assert.Single(ReadCifText(text)).AtomCount);
    }

    [Theory]
    [InlineData("_symmetry_equiv_pos_as_xyz 'x,y,z'")]
    [InlineData("_space_group_symop.operation_xyz x,y,z")] // DDLm spelling of the tag
    [InlineData("loop_\n_space_group_symop_id\n_space_group_symop_operation_xyz\n1 x,y,z\n2 'x,y,z'")] // repeated identity
    public void SingleValuedOrDottedOperationsAreRead(string ops)
    {
        // Operations, when present, are used as given; the space-group name is not consulted.
        var text = "data_single\n" + Cell10 + "_symmetry_space_group_name_H-M 'P b c a'\n" + ops
            + "\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 0.1 0.2 0.3\n";
        var warnings = new List<string>();
        Assert.Equal(1, Assert.Single(ReadCifText(text, new ReadOptions { Warn = warnings.Add })).AtomCount);
        Assert.Empty(warnings);
    }

    [Fact]
    public void UnknownElementLabelIsAnErrorWithItsLine()
    {
        var text = "data_bad\n" + Cell10 + """
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Zn1 0.1 0.2 0.3
            Qx7 0.4 0.5 0.6
            """;
        var e = Assert.Throws<InputException>(() => ReadCifText(text));
        Assert.Contains("'Qx7'", e.Message);
        Assert.Equal(LineOf(text, "Qx7"), e.Line);
        Assert.StartsWith($"test.cif, line {e.Line}: ", e.Message);
    }

    [Fact]
    public void UnknownTypeSymbolIsAnErrorNamingTheSite()
    {
        var text = "data_bad\n" + Cell10 + "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 Zn 0 0 0\nM1 Qq 0.5 0.5 0.5\n";
        var e = Assert.Throws<InputException>(() => ReadCifText(text));
        Assert.Contains("site M1", e.Message);
        Assert.Equal(LineOf(text, "M1 Qq"), e.Line);
    }

    [Theory]
    [InlineData("Zn1 0.1 0.2\n", "not a multiple of 4")]                  // short loop
    [InlineData("Zn1 0.1 abc 0.3\n", "'abc' is not a number")]
    [InlineData("Zn1 0.1 ? 0.3\n", "_atom_site_fract_y is not given")]
    public void MalformedSitesAreErrorsWithLines(string row, string reason)
    {
        var text = "data_bad\n" + Cell10 + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n" + row;
        var e = Assert.Throws<InputException>(() => ReadCifText(text));
        Assert.Contains(reason, e.Message);
        Assert.Equal(LineOf(text, row.TrimEnd()), e.Line);
    }

    [Fact]
    public void BadSymmetryOperationIsAnErrorWithItsLine()
    {
        var text = "data_bad\n" + Cell10 + "loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n'x,x,z'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 0 0 0\n";
        var e = Assert.Throws<InputException>(() => ReadCifText(text));
        Assert.Contains("x,x,z", e.Message);
        Assert.Equal(LineOf(text, "'x,x,z'"), e.Line);
    }

    [Fact]
    public void UnclosedTextFieldAndQuoteAreErrors()
    {
        var field = "data_x\n_title\n;\nnever closed\n";
        Assert.Equal(3, Assert.Throws<InputException>(() => ReadCifText(field)).Line);
        var quote = "data_x\n_title 'open\n";
        Assert.Equal(2, Assert.Throws<InputException>(() => ReadCifText(quote)).Line);
    }

    [Fact]
    public void MissingCellIsAnError()
    {
        var text = "data_nocell\n_cell_length_a 10\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZn1 0 0 0\n";
        var e = Assert.Throws<InputException>(() => ReadCifText(text));
        Assert.Contains("_cell_length_b", e.Message);
    }

    [Theory]
    [InlineData("data_ZIF-4\n_cell_length_a 1\n", true)]
    [InlineData("#####\n# CCDC\n\n  DATA_x\n", true)]
    [InlineData("\uFEFFdata_bom\n", true)]
    [InlineData("loop_\n_atom_site_label\n", true)]
    [InlineData("# comment\n_cell_length_a 10\n", true)]
    [InlineData("272\nLattice=\"1 0 0 0 1 0 0 0 1\"\n", false)]
    [InlineData("ITEM: TIMESTEP\n0\n", false)]
    [InlineData(" # File generated with Atomsk\n 272 atoms\n", false)]
    [InlineData("", false)]
    public void LooksLikeRecognisesCif(string head, bool expected) =>
        Assert.Equal(expected, Cif.LooksLike(Encoding.UTF8.GetBytes(head)));
}
