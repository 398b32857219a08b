using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;
using ZifPhase.Tests.Cli;

namespace ZifPhase.Tests.Reporting;

/// <summary>The analyses' JSON and CSV come from library calls: what the commands print is what a library user gets.</summary>
public class AnalysisReportsTests
{
    private static readonly string Zif4 = TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif");

    [Fact]
    public void NetworkJsonIsWhatTheCommandPrints()
    {
        var network = ZnNetwork.Build(TrajectoryReader.ReadFirst(Zif4), NetworkOptions.Default);
        var (code, stdout, stderr) = CliRunner.Run("analyze", "network", Zif4, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(NetworkReport.ToJson(Zif4, network).ToJsonString(), stdout.TrimEnd('\n'));
        Assert.Equal(NetworkReport.Shells, NetworkReport.CoordinationSequence(network).Length);
    }

    [Fact]
    public void RingsJsonIsWhatTheCommandPrints()
    {
        var (code, stdout, stderr) = CliRunner.Run("analyze", "rings", Zif4, "--json");
        Assert.True(code == 0, stderr);
        var result = ZifPhase.Pipeline.AnalysisRuns.Rings(Zif4, null, null, ReadOptions.Default, null, NetworkOptions.Default, 5);
        Assert.Equal(RingReport.ToJson(result).ToJsonString(), stdout.TrimEnd('\n'));
        Assert.Equal([("all rings", result.All)], result.Groups());
    }

    [Fact]
    public void PredictionCsvNamesMatrixRows()
    {
        var a = PhaseAssignment.ForRows([4, 9], [0.25f, 0.75f, 1f, 0f], ["ZIF-4", "glass"]);
        Assert.Equal("row,phase,p_ZIF_4,p_glass,spread,novelty\n4,glass,0.25,0.75,0,0\n9,ZIF-4,1,0,0,0\n", PredictionReport.Csv(a));
        Assert.Throws<ArgumentException>(() => PredictionReport.Csv(new PhaseAssignment([0], [1f], ["x"])));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    public void CsvFieldsAreQuotedOnlyWhenNeeded(string text, string field) => Assert.Equal(field, ReportText.CsvField(text));

    [Fact]
    public void NumbersAreInvariantAndNaNIsEmptyOrNull()
    {
        Assert.Equal("", ReportText.F(double.NaN));
        Assert.Equal("0.1", ReportText.F(0.1));
        Assert.Equal("1.50", ReportText.F(1.5, "F2"));
        Assert.Null(ReportText.Number(double.NaN));
        Assert.Equal("2.5", ReportText.Number(2.5)!.ToJsonString());
    }
}
