namespace ZifPhase.Tests.Cli;

public class BenchCommandTests
{
    [Fact]
    public void ReportsNeighbourAndDumpRatesOnASmallSupercell()
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "--structure", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"),
            "--supercell", "2", "--repeat", "1", "--descriptors", "paper-bpsf");
        Assert.True(code == 0, stderr);
        // 2×2×2 ZIF-4: 8 × 272 atoms, 128 Zn.
        Assert.Contains("2176 atoms, 128 Zn", stderr);
        Assert.Contains("centres/s", stdout);
        Assert.Contains("MB/s", stdout);
        Assert.Contains("describe paper-bpsf", stdout);
    }
}
