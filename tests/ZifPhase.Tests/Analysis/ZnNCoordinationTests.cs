using System.Text.Json;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Structures;
using ZifPhase.Tests.Analysis.Network;
using ZifPhase.Tests.Cli;

namespace ZifPhase.Tests.Analysis;

/// <summary>Zn–N coordination per phase (analyze coordination) on the shipped ZIF-4 crystal and a labelled copy.</summary>
public class ZnNCoordinationTests
{
    private static readonly string Zif4Cif = TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif");

    private static ZnNCoordinationResult Run(string path, double cutoff = ZnNCoordination.DefaultCutoff)
    {
        var stage = new AnalysisStage<ZnNCoordinationResult>(new ZnNCoordination(cutoff));
        FrameRun.ToEnd(FrameSource.Of(path), stage);
        return stage.Result();
    }

    [Fact]
    public void EveryZnOfZif4HasFourNWithin25Angstrom()
    {
        int zn = TrajectoryReader.ReadFirst(Zif4Cif).IndicesOf(Element.Zn).Length;
        var result = Run(Zif4Cif);
        Assert.Equal(1, result.Frames);
        var all = Assert.Single(result.Phases);
        Assert.Equal(ZnNCoordination.All, all.Phase);
        Assert.Equal(16, zn);
        Assert.Equal(zn, all.Zn);
        Assert.Equal(zn, all.Histogram[4]);
        Assert.Equal(zn, all.Histogram.Sum());
        Assert.Equal(4.0, all.MeanCn);
        Assert.InRange(all.MeanD4, 1.95, 2.05); // Zn–N(imidazolate) bond, ZIF-4 (Lewis et al. 2009)
    }

    [Fact]
    public void ACutoffBelowTheBondGivesNoNeighbours()
    {
        var all = Assert.Single(Run(Zif4Cif, 1.0).Phases);
        Assert.Equal(all.Zn, all.Histogram[0]);
        Assert.Equal(0.0, all.MeanCn);
        Assert.True(double.IsNaN(all.MeanD4));
    }

    [Fact]
    public void LabelledCountsSplitByPhaseAndSumToTheZnCount()
    {
        var path = NetworkTestData.WriteLabelledZif4(TestPaths.NewTempDir(), "labelled.extxyz", 0.5, "ZIF-4-cp");
        int zn = TrajectoryReader.ReadFirst(path).IndicesOf(Element.Zn).Length;
        var result = Run(path);
        Assert.Equal(["ZIF-4-cp", "other"], result.Phases.Select(p => p.Phase));
        Assert.All(result.Phases, p => Assert.True(p.Zn > 0));
        Assert.Equal(zn, result.Phases.Sum(p => p.Zn));
        Assert.Equal(zn, result.Zn);
        Assert.All(result.Phases, p => Assert.Equal(p.Zn, p.Histogram[4]));
    }

    [Fact]
    public void CommandPrintsJsonAndWritesTheCsv()
    {
        var dir = TestPaths.NewTempDir();
        var (code, stdout, stderr) = CliRunner.Run("analyze", "coordination", Zif4Cif, "--json", "-o", dir);
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2.5, json.GetProperty("cutoff").GetDouble());
        var phase = Assert.Single(json.GetProperty("phases").EnumerateArray().ToArray());
        Assert.Equal("all", phase.GetProperty("phase").GetString());
        Assert.Equal(16, phase.GetProperty("zn").GetInt64());
        Assert.Equal(16, phase.GetProperty("cn")[4].GetInt64());
        Assert.Equal(4.0, phase.GetProperty("mean_cn").GetDouble());

        var lines = File.ReadAllLines(Path.Combine(dir, "coordination.csv"));
        Assert.Equal("phase,zn,mean_cn,cn0,cn1,cn2,cn3,cn4,cn5,cn6,cn7,cn8,mean_d4", lines[0]);
        Assert.StartsWith("all,16,4,0,0,0,0,16,0,0,0,0,", lines[1]);
        Assert.Equal(2, lines.Length);
        Assert.False(File.Exists(Path.Combine(dir, "coordination.csv.tmp")));

        var tooShort = CliRunner.Run("analyze", "coordination", Zif4Cif, "--cutoff", "1.0", "--json");
        Assert.Equal(0, tooShort.Code);
        var none = JsonDocument.Parse(tooShort.Out).RootElement.GetProperty("phases")[0];
        Assert.Equal(16, none.GetProperty("cn")[0].GetInt64());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("mean_d4").ValueKind);

        var table = CliRunner.Run("analyze", "coordination", Zif4Cif);
        Assert.Equal(0, table.Code);
        Assert.Contains("16 Zn over 1 frame(s)", table.Out);
    }
}
