using System.CommandLine;
using System.Text.Json;
using ZifPhase.Cli;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Analysis.Network;

public class AnalyzeCommandsTests
{
    private const string Target = "ZIF-4-cp-II";

    /// <summary>Runs `analyze ...` through a root command holding the three analyze subcommands.</summary>
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr);
        var analyze = new Command("analyze", "structural analyses");
        analyze.Subcommands.Add(AnalyzeNetworkCommand.Create(context));
        analyze.Subcommands.Add(AnalyzeRingsCommand.Create(context));
        analyze.Subcommands.Add(AnalyzeClustersCommand.Create(context));
        var root = new RootCommand("test") { analyze };
        var parse = root.Parse(["analyze", .. args]);
        if (parse.Errors.Count > 0) return (2, "", parse.Errors[0].Message);
        int code = parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Json(string stdout)
    {
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>A labelled extxyz of ZIF-4 (2×2×2) with the Zn of fractional z &lt; <paramref name="zMax"/> as the target.</summary>
    private static string WriteLabelled(string dir, string name, double zMax) => NetworkTestData.WriteLabelledZif4(dir, name, zMax, Target);

    [Fact]
    public void NetworkJsonForZif4()
    {
        var (code, stdout, stderr) = Run("network", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "--json");
        Assert.True(code == 0, stderr);
        var root = Json(stdout);
        Assert.Equal(16, root.GetProperty("zn").GetInt32());
        Assert.Equal(32, root.GetProperty("edges").GetInt32());
        Assert.Equal(16, root.GetProperty("degree_histogram").GetProperty("4").GetInt32());
        Assert.Equal([4, 11, 24, 41, 63, 91], root.GetProperty("coordination_sequence_zn0").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("bridge", root.GetProperty("rule").GetString());
    }

    [Fact]
    public void NetworkTextAndDistanceRule()
    {
        var (code, stdout, stderr) = Run("network", TestPaths.Data("structures", "lewis-2009", "zni.cif"), "--bond-rule", "distance");
        Assert.True(code == 0, stderr);
        Assert.Contains("Zn–Zn distance", stdout);
        Assert.Contains("4: 16", stdout);
        var bad = Run("network", TestPaths.Data("structures", "lewis-2009", "zni.cif"), "--bond-rule", "magic");
        Assert.Equal(1, bad.Code);
        Assert.StartsWith("zifphase: error: unknown --bond-rule", bad.Err);
    }

    [Fact]
    public void RingsJsonWithoutLabels()
    {
        var (code, stdout, stderr) = Run("rings", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "--json");
        Assert.True(code == 0, stderr);
        var root = Json(stdout);
        Assert.Equal(4, root.GetProperty("rings").GetInt32());
        Assert.Equal(0.25, root.GetProperty("rings_per_zn").GetDouble(), 1e-12);
        Assert.Equal(4, root.GetProperty("phi_a").GetArrayLength());
        Assert.False(root.TryGetProperty("by_target_count", out _));
        Assert.Equal(18, root.GetProperty("all").GetProperty("histogram").GetArrayLength());
    }

    [Fact]
    public void RingsWithLabelsWriteGroupsCsvAndPlot()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var labelled = WriteLabelled(dir, "labelled.extxyz", 0.5);
            var outDir = Path.Combine(dir, "rings");
            var (code, stdout, stderr) = Run("rings", labelled, "--labels", labelled, "--target", Target, "--json", "-o", outDir);
            Assert.True(code == 0, stderr);
            var root = Json(stdout);
            Assert.Equal(32, root.GetProperty("rings").GetInt32());
            Assert.Equal(32, root.GetProperty("ring_observations").GetInt32());
            Assert.Equal(32.0 / root.GetProperty("frames").GetInt32(), root.GetProperty("rings_per_frame").GetDouble(), 12);
            var groups = root.GetProperty("by_target_count");
            Assert.Equal(["0", "1", "2", "3", "4"], groups.EnumerateObject().Select(p => p.Name));
            Assert.Equal(32, groups.EnumerateObject().Sum(p => p.Value.GetProperty("count").GetInt32()));
            Assert.True(groups.GetProperty("4").GetProperty("count").GetInt32() > 0);
            Assert.True(groups.GetProperty("0").GetProperty("count").GetInt32() > 0);
            foreach (var f in new[] { "rings.csv", "rings_phi_a.csv", "rings_phi_a.png", "rings_phi_a.svg" })
                Assert.True(File.Exists(Path.Combine(outDir, f)), f);
            Assert.Equal(33, File.ReadAllLines(Path.Combine(outDir, "rings.csv")).Length);
            var phiCsv = File.ReadAllLines(Path.Combine(outDir, "rings_phi_a.csv"));
            Assert.Equal(19, phiCsv.Length);
            // Columns: bin edges, five count columns, five density columns; every non-empty group integrates to 1.
            var header = phiCsv[0].Split(',');
            Assert.Equal(12, header.Length);
            Assert.Equal(["bin_start_deg", "bin_end_deg", "zn0_ZIF_4_cp_II_count", "zn1_ZIF_4_cp_II_count", "zn2_ZIF_4_cp_II_count", "zn3_ZIF_4_cp_II_count", "zn4_ZIF_4_cp_II_count",
                "zn0_ZIF_4_cp_II_density_per_deg", "zn1_ZIF_4_cp_II_density_per_deg", "zn2_ZIF_4_cp_II_density_per_deg", "zn3_ZIF_4_cp_II_density_per_deg", "zn4_ZIF_4_cp_II_density_per_deg"], header);
            for (int k = 0; k < 5; k++)
            {
                double integral = phiCsv.Skip(1).Sum(l => double.Parse(l.Split(',')[7 + k], System.Globalization.CultureInfo.InvariantCulture) * 5);
                int count = groups.GetProperty(k.ToString()).GetProperty("count").GetInt32();
                Assert.Equal(count > 0 ? 1.0 : 0.0, integral, 1e-9);
            }
            Assert.Contains("φa", File.ReadAllText(Path.Combine(outDir, "rings_phi_a.svg")));
            // --target alone reads FILE's own labels: same answer.
            var own = Run("rings", labelled, "--target", Target, "--json");
            Assert.Equal(stdout, own.Out);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RingsErrorsAreOneLine()
    {
        var cif = TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif");
        var (code, _, stderr) = Run("rings", cif, "--labels", cif);
        Assert.Equal(1, code);
        Assert.Equal("zifphase: error: --labels needs --phase PHASE", stderr.Trim());
        var noLabels = Run("rings", cif, "--target", Target);
        Assert.Equal(1, noLabels.Code);
        Assert.Contains("no per-atom 'phase' column", noLabels.Err);
        Assert.Single(noLabels.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ClustersOverTwoFilesWithJsonCsvAndPlot()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var slab = WriteLabelled(dir, "slab.extxyz", 0.25);
            var none = WriteLabelled(dir, "none.extxyz", -1);
            var outDir = Path.Combine(dir, "clusters");
            var (code, stdout, stderr) = Run("clusters", slab, none, "--target", Target, "--json", "-o", outDir);
            Assert.True(code == 0, stderr);
            var root = Json(stdout);
            Assert.Equal(2, root.GetProperty("frames").GetInt32());
            var first = root.GetProperty("per_frame")[0];
            var cluster = Assert.Single(first.GetProperty("clusters").EnumerateArray());
            Assert.True(cluster.GetProperty("percolating").GetBoolean());
            Assert.Equal(2, cluster.GetProperty("percolation_dimension").GetInt32());
            Assert.Equal(first.GetProperty("target_zn").GetInt32(), cluster.GetProperty("size").GetInt32());
            Assert.Empty(root.GetProperty("per_frame")[1].GetProperty("clusters").EnumerateArray());
            // The slab percolates (2-D): it is reported apart, never averaged into ⟨l_i⟩(N).
            Assert.Empty(root.GetProperty("by_size").EnumerateArray());
            var perc = root.GetProperty("percolating");
            Assert.Equal(1, perc.GetProperty("clusters").GetInt32());
            Assert.Equal(1, perc.GetProperty("frames_with").GetInt32());
            Assert.Equal(1, perc.GetProperty("by_dimension").GetProperty("2").GetInt32());
            Assert.Equal(2, first.GetProperty("percolation_dimension").GetInt32());
            Assert.Equal(0, first.GetProperty("finite_clusters").GetInt32());
            foreach (var f in new[] { "clusters.csv", "clusters_by_size.csv", "clusters_per_frame.csv", "clusters_extent.png", "clusters_extent.svg" })
                Assert.True(File.Exists(Path.Combine(outDir, f)), f);
            Assert.Equal(["n,n_clusters,mean_lx,sem_lx,mean_ly,sem_ly,mean_lz,sem_lz"], File.ReadAllLines(Path.Combine(outDir, "clusters_by_size.csv")));
            var perFrame = File.ReadAllLines(Path.Combine(outDir, "clusters_per_frame.csv"));
            Assert.Equal(3, perFrame.Length);
            Assert.EndsWith($",{cluster.GetProperty("size").GetInt32()},0,1,{cluster.GetProperty("size").GetInt32()},2", perFrame[1]);
            Assert.Contains("1 percolating cluster(s) (2D: 1) in 1 of 2 frame(s)", File.ReadAllText(Path.Combine(outDir, "clusters_extent.svg")));
            Assert.Contains("(no error bar: one cluster)", File.ReadAllText(Path.Combine(outDir, "clusters_extent.svg")));
            var text = Run("clusters", slab, "--target", Target);
            Assert.True(text.Code == 0, text.Err);
            Assert.Contains("1 clusters of ZIF-4-cp-II Zn in 1 frame(s); 1 frame(s) with a percolating cluster", text.Out);
            Assert.Contains("⟨l_i⟩ over the 0 finite cluster(s); left out: 1 percolating cluster(s) (2D: 1) in 1 of 1 frame(s)", text.Out);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ClustersNeedsATarget()
    {
        var (code, _, _) = Run("clusters", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
        Assert.Equal(2, code);
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(7, new[] { 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData(15, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 })]
    [InlineData(23, new[] { 1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22 })]
    [InlineData(64, new[] { 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60 })]
    public void ClusterSizeTicksAreWholeNumbers(int maxN, int[] ticks) =>
        Assert.Equal(ticks, ZifPhase.Reporting.ClusterReport.IntegerTicks(maxN));

    [Fact]
    public void ClusterCountAxisEndsJustAboveTheTallestBar()
    {
        Assert.Equal(11.0, ZifPhase.Reporting.ClusterReport.CountAxisTop(10), 12);
        Assert.Equal(1.1, ZifPhase.Reporting.ClusterReport.CountAxisTop(0), 12);
    }
}
