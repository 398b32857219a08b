using System.Text.Json;

namespace ZifPhase.Tests.Cli;

public class InfoCommandTests
{
    [Fact]
    public void JsonForLewisZif4HasCompositionCellAndDensities()
    {
        var (code, stdout, stderr) = CliRunner.Run("info", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "--json");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("frames").GetInt32());
        Assert.Equal(272, root.GetProperty("atoms").GetInt32());
        var comp = root.GetProperty("composition");
        Assert.Equal(16, comp.GetProperty("Zn").GetInt32());
        Assert.Equal(64, comp.GetProperty("N").GetInt32());
        Assert.Equal(96, comp.GetProperty("C").GetInt32());
        Assert.Equal(96, comp.GetProperty("H").GetInt32());
        var cell = root.GetProperty("cell");
        // The CIF's own cell: 15.4231 15.4042 18.4379 Å, 90.0004 90.0018 90.0007°.
        Assert.Equal(15.4231, cell.GetProperty("a").GetDouble(), 1e-9);
        Assert.Equal(15.4042, cell.GetProperty("b").GetDouble(), 1e-9);
        Assert.Equal(18.4379, cell.GetProperty("c").GetDouble(), 1e-9);
        Assert.Equal(90.0004, cell.GetProperty("alpha").GetDouble(), 1e-9);
        Assert.Equal(90.0018, cell.GetProperty("beta").GetDouble(), 1e-9);
        Assert.Equal(90.0007, cell.GetProperty("gamma").GetDouble(), 1e-9);
        double volume = cell.GetProperty("volume").GetDouble();
        Assert.Equal(15.4231 * 15.4042 * 18.4379, volume, 1e-3); // angles within 0.002° of 90
        // The MD manifest states 3.653 Zn/nm³ and 1.210 g/cm³ for this cell.
        Assert.Equal(3.653, root.GetProperty("density_zn_nm3").GetDouble(), 0.001);
        Assert.Equal(1.210, root.GetProperty("density_g_cm3").GetDouble(), 0.001);
        Assert.Equal(4.0, root.GetProperty("zn_n_coordination").GetDouble(), 1e-12);
    }

    [Fact]
    public void TextOutputNamesTheKeyFacts()
    {
        var (code, stdout, stderr) = CliRunner.Run("info", TestPaths.Data("structures", "castel-2023", "mqgzif4_rmc_glass.xyz.gz"));
        Assert.True(code == 0, stderr);
        Assert.Contains("8704", stdout);
        Assert.Contains("Zn512", stdout);
        Assert.Contains("47.52", stdout);
    }

    [Fact]
    public void MissingFileIsOneLineOnStderrWithNonZeroExit()
    {
        var (code, stdout, stderr) = CliRunner.Run("info", "no/such/file.lammpstrj");
        Assert.NotEqual(0, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("no/such/file.lammpstrj", lines[0]);
        Assert.StartsWith("zifphase: error:", lines[0]);
    }

    [Fact]
    public void UnknownOptionIsOneLineUsageError()
    {
        var (code, _, stderr) = CliRunner.Run("info", "x.cif", "--bogus");
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--bogus", stderr);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("convert")]
    [InlineData("bench")]
    [InlineData("describe")]
    [InlineData("classify")]
    [InlineData("embed")]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    public void EveryCommandHasHelp(string command)
    {
        var (code, stdout, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", stdout);
        Assert.Contains(command, stdout);
    }
}
