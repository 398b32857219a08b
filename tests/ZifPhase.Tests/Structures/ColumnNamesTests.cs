using ZifPhase.Structures;
using System.Text.RegularExpressions;
using ZifPhase.Analysis;
using ZifPhase.Reporting;

namespace ZifPhase.Tests.Structures;

public class ColumnNamesTests
{
    private static readonly string[] Phases = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid"];

    // numpy.genfromtxt(names=True) deletes these characters from names and appends "_" to these words
    // (numpy.lib._iotools.NameValidator defaults); a name that avoids both comes back as written.
    private const string NumpyDeleteChars = "~!@#$%^&*()-=+~\\|]}[{';: /?.>,<";
    private static readonly string[] NumpyExclude = ["return", "file", "print"];

    /// <summary>
    /// Every name of a CSV header comes back from numpy.genfromtxt(names=True) as written: an identifier
    /// (letter or "_", then letters, digits, "_"), not a word NumPy renames, no name twice.
    /// </summary>
    internal static void AssertNumpyKeepsHeader(string csvPath)
    {
        var header = File.ReadLines(csvPath).First().Split(',');
        foreach (var name in header)
        {
            Assert.True(Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]*$"), $"{Path.GetFileName(csvPath)}: column '{name}' is not an identifier");
            Assert.False(NumpyExclude.Contains(name, StringComparer.OrdinalIgnoreCase), $"{Path.GetFileName(csvPath)}: NumPy renames column '{name}'");
        }
        Assert.Equal(header.Length, header.Distinct().Count());
    }

    [Theory]
    [InlineData("zifphase_source", true)]
    [InlineData("zn0_ZIF_4_cp_count", true)]
    [InlineData("file", false)]
    [InlineData("0_ZIF-4-cp_Zn", false)]
    [InlineData("count ZIF", false)]
    [InlineData("eta0.5", false)]
    public void HeaderCheckRejectsWhatNumpyRenames(string name, bool kept)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "h.csv");
        File.WriteAllText(path, "frame," + name + "\n0,1\n");
        if (kept) AssertNumpyKeepsHeader(path);
        else Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNumpyKeepsHeader(path));
    }

    [Fact]
    public void FractionsHeaderIsIdentifiersNumpyKeepsAsWritten()
    {
        var header = FractionsCsvWriter.Header(Phases).Split(',');
        Assert.Equal("source", header[0]);
        Assert.Contains("frac_ZIF_4_cp", header);
        Assert.Contains("count_ZIF_4_cp_II", header);
        Assert.Contains("meanp_ZIF_hPT_II", header);
        Assert.Equal("frac_uncertain", header[^2]);
        Assert.Equal("frac_unknown", header[^1]);
        foreach (var name in header)
        {
            Assert.Matches("^[A-Za-z_][A-Za-z0-9_]*$", name);
            Assert.DoesNotContain(name, NumpyExclude);
            Assert.True(name.IndexOfAny(NumpyDeleteChars.ToCharArray()) < 0, name);
        }
        Assert.Equal(header.Length, header.Distinct().Count());
    }

    [Fact]
    public void ReadersMapPhaseNamesToColumnsAndReadOldFilesToo()
    {
        var dir = TestPaths.NewTempDir();
        var now = Path.Combine(dir, "now.csv");
        File.WriteAllText(now, "source,frame,step,time,a,b,c,alpha,beta,gamma,volume,n_centres,count_ZIF_4,count_ZIF_4_cp,frac_ZIF_4,frac_ZIF_4_cp,meanp_ZIF_4,meanp_ZIF_4_cp,frac_uncertain\n" +
            "run.lammpstrj,0,0,0,10,10,10,90,90,90,1000,4,1,3,0.25,0.75,0.3,0.7,0\n");
        var row = FractionsCsv.Read(now)[0];
        Assert.Equal(0.75, row.Fraction("ZIF-4-cp"));
        Assert.Equal(0.25, row.Fraction("ZIF-4"));
        Assert.Null(row.Fraction("glass"));
        Assert.Equal(["ZIF_4", "ZIF_4_cp"], row.FractionColumns().Order());
        var old = Path.Combine(dir, "old.csv");
        File.WriteAllText(old, "file,frame,step,time,a,b,c,alpha,beta,gamma,volume,n_centres,count_ZIF-4-cp,frac_ZIF-4-cp,meanp_ZIF-4-cp,frac_uncertain\n" +
            "run.lammpstrj,0,0,0,10,10,10,90,90,90,1000,4,4,1,1,0\n");
        Assert.Equal(1.0, FractionsCsv.Read(old)[0].Fraction("ZIF-4-cp"));
    }

    [Fact]
    public void ClassesThatCollideAsIdentifiersAreAnError()
    {
        Assert.Equal("ZIF_4_cp_II", ColumnNames.Identifier("ZIF-4-cp-II"));
        var e = Assert.Throws<ZifPhaseException>(() => ColumnNames.Identifiers(["ZIF-4", "ZIF_4"]));
        Assert.Contains("'ZIF-4' and 'ZIF_4'", e.Message);
    }

    [Fact]
    public void LabelledFramesCarryIdentifierProbabilityColumns()
    {
        var frame = Tests.Learning.Data.DatasetTestData.Zif4;
        var zn = Enumerable.Range(0, frame.AtomCount).Where(i => frame.Elements[i].Symbol == "Zn").ToArray();
        var probabilities = new float[zn.Length * 2];
        for (int i = 0; i < zn.Length; i++) probabilities[2 * i + 1] = 1;
        var labelled = PhaseLabels.Attach(frame, new ZifPhase.Learning.PhaseAssignment(zn, probabilities, ["ZIF-4", "ZIF-4-cp"]));
        Assert.NotNull(labelled.Column("p_ZIF_4_cp"));
        Assert.Null(labelled.Column("p_ZIF-4-cp"));
        Assert.Equal("ZIF-4-cp", PhaseLabels.Read(labelled)[zn[0]]);
    }
}
