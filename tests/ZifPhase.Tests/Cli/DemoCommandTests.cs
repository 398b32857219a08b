using ZifPhase.Structures;
using System.Text.RegularExpressions;

namespace ZifPhase.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void DemoOnTheShippedDataWritesASelfContainedReport()
    {
        var dir = Path.Combine(TestPaths.NewTempDir(), "out", "demo"); // a folder that does not exist yet, two levels deep
        var (code, stdout, stderr) = CliRunner.Run("demo", "--data", TestPaths.Data(), "--out", dir);
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (var id in new[] { "datasets", "accuracy", "per-class", "cross", "real", "shipped", "network" })
            Assert.Contains($"<table id=\"{id}\">", html);
        // Every figure is inlined: no file references, and each is a decodable PNG.
        var images = Regex.Matches(html, "<img alt=\"[^\"]*\" src=\"data:image/png;base64,([^\"]+)\"");
        Assert.True(images.Count >= 7, $"{images.Count} images");
        foreach (Match m in images)
        {
            var png = Convert.FromBase64String(m.Groups[1].Value);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        Assert.DoesNotContain("src=\"/", html);
        // Every CSV the demo writes (fractions, transition, real structures, cross, clusters, rings, t-SNE) has
        // column names NumPy keeps as written.
        var csvs = Directory.GetFiles(dir, "*.csv", SearchOption.AllDirectories);
        foreach (var name in new[] { "transition_t0.csv", "transition.csv", "real-structures.csv", "cross.csv", "clusters.csv", "clusters_by_size.csv",
                     "clusters_per_frame.csv", "rings.csv", "rings_phi_a.csv", "embedding.csv", "soap-105MPa.csv" })
            Assert.Contains(csvs, f => Path.GetFileName(f) == name);
        foreach (var csv in csvs) Tests.Structures.ColumnNamesTests.AssertNumpyKeepsHeader(csv);
        // All 28 real structures are listed with what they were classified as, by the demo's models and by the shipped ones.
        Assert.Equal(2 * 28, Regex.Matches(html, "<tr><td>[a-z0-9-]+/[^<]+</td><td>(ZIF-4|ZIF-zni|ZIF-4-cp-II|ZIF-hPT-II|glass)</td>").Count);
        // Real structures: Zn per phase and a verdict per model; ties are ties, and the count of right ones is the
        // number of "✓ right" cells (strictly more Zn in the known phase than in any other).
        // Columns: structure, known phase, Zn, SOAP per phase, SOAP uncertain, SOAP verdict, BPSF per phase, BPSF uncertain, BPSF verdict, note.
        var real = Regex.Matches(html, "<tr><td>(structures/[^<]+)</td><td>[^<]+</td><td>(\\d+)</td><td>([^<]+)</td><td>(\\d+) \\(\\d+ %\\)</td><td>([^<]+)</td><td>([^<]+)</td><td>(\\d+) \\(\\d+ %\\)</td><td>([^<]+)</td><td>([^<]*)</td></tr>");
        Assert.Equal(28, real.Count);
        foreach (Match m in real)
        {
            int zn = int.Parse(m.Groups[2].Value);
            foreach (int g in new[] { 3, 6 })
                Assert.Equal(zn, m.Groups[g].Value.Split(", ").Sum(c => int.Parse(c.Split(' ')[0])));
            foreach (int g in new[] { 4, 7 })
                Assert.InRange(int.Parse(m.Groups[g].Value), 0, zn);
            foreach (int g in new[] { 5, 8 })
                Assert.Matches("^(✓ right|✗ wrong: .+|tie: .+ / .+)$", System.Net.WebUtility.HtmlDecode(m.Groups[g].Value));
        }
        // castel-2023/ZIF4_15glass01.lmp is gaillac-2020-glass/ZIF4_15glass01.cif again: listed, said so, counted once.
        const string castel = "structures/castel-2023/ZIF4_15glass01.lmp";
        Assert.Contains("same configuration as structures/gaillac-2020-glass/ZIF4_15glass01.cif", real.Single(m => m.Groups[1].Value == castel).Groups[9].Value);
        Assert.Contains("training MD started from it: ZIF-zni MD", real.Single(m => m.Groups[1].Value == "structures/widmer-2019/ZNI-FixedCell.cif").Groups[9].Value);
        int soapRight = real.Count(m => m.Groups[1].Value != castel && System.Net.WebUtility.HtmlDecode(m.Groups[5].Value) == "✓ right");
        Assert.Contains($"Of the 27, SOAP classifies {soapRight} and BPSF", html);
        Assert.Contains("None of them is a training row", html);
        Assert.DoesNotContain("never used in training", html);
        // Per-structure fractions: named without the structure's extension (.xyz.gz too), source relative to the data folder.
        Assert.True(File.Exists(Path.Combine(dir, "real", "soap", "castel-2023", "mqgzif4_rmc_glass.csv")));
        Assert.Equal("structures/castel-2023/mqgzif4_rmc_glass.xyz.gz",
            File.ReadAllLines(Path.Combine(dir, "real", "bpsf", "castel-2023", "mqgzif4_rmc_glass.csv"))[1].Split(',')[0]);
        // The cross-force-field table: BPSF over nb-ZIF-FF and ReaxFF (3 × 3 cells), the shipped SOAP table and the
        // paper's figures beside them; the shipped models on the real structures.
        Assert.Contains("Cross-force-field table (the paper&#39;s Table 2)", html.Replace("'", "&#39;"));
        var cross = File.ReadAllLines(Path.Combine(dir, "cross", "cross.csv")).Skip(1).Select(l => l.Split(',')[0] + "->" + l.Split(',')[1]).ToList();
        Assert.Equal(["nbzif->nbzif", "nbzif->reaxff", "nbzif->all", "reaxff->nbzif", "reaxff->reaxff", "reaxff->all", "all->nbzif", "all->reaxff", "all->all"], cross);
        Assert.Contains("0.644 / 0.649", html);
        Assert.Contains("0.764 / 0.845", html);
        Assert.Contains("The pre-trained models in models/", html);
        Assert.True(File.Exists(Path.Combine(dir, "real", "shipped-soap", "widmer-2019", "ZIF-4-hPT-II.csv")));
        var realCsv = File.ReadAllLines(Path.Combine(dir, "real", "real-structures.csv"));
        Assert.Equal(1 + 2 * 28, realCsv.Length);
        Assert.StartsWith("structures/widmer-2019/ZIF-4-cp-II.cif,ZIF-4-cp-II,SOAP,16,", realCsv.Single(l => l.StartsWith("structures/widmer-2019/ZIF-4-cp-II.cif,ZIF-4-cp-II,SOAP", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(dir, "real", "soap", "widmer-2019", "ZIF-4-cp-II.csv")));
        // Transition: runs named by pressure, t0 in ps at two decimals in the legend, and the ZIF-4-cp caveat.
        var transitionSvg = File.ReadAllText(Path.Combine(dir, "transitions", "transition.svg"));
        Assert.Matches(@"105 MPa \(t0 = \d+\.\d\d ps\)", transitionSvg);
        Assert.Matches(@"20 MPa \(t0 = \d+\.\d\d ps\)", transitionSvg);
        // t0 depends on the classifier: the report and summary give the BPSF model's t0 of both runs too.
        Assert.Matches(@"by the BPSF classifier it is (\d+\.\d\d ps|never \(the fraction reaches at most 0\.\d\d\)) at 105 MPa and (\d+\.\d\d ps|never [^)]+\)) at 20 MPa", html);
        Assert.Contains("t0 of ZIF-4-cp at 105 / 20 MPa, BPSF", stdout);
        Assert.Contains("partly circular", html);
        Assert.Contains("made from the end of the same 105 MPa run", html);
        // Clusters: no percolating cluster in ⟨l_i⟩(N): the finite clusters of clusters.csv are exactly those averaged.
        var clusterRows = File.ReadAllLines(Path.Combine(dir, "clusters", "clusters.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var bySize = File.ReadAllLines(Path.Combine(dir, "clusters", "clusters_by_size.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(clusterRows.Count(c => c[^2] == "0"), bySize.Sum(r => int.Parse(r[1])));
        Assert.Equal(clusterRows.Where(c => c[^2] == "0").Select(c => int.Parse(c[5])).Distinct().Order(), bySize.Select(r => int.Parse(r[0])));
        Assert.Contains("percolate", html);
        // Rings: every non-empty panel is a probability density over degrees.
        var phi = File.ReadAllLines(Path.Combine(dir, "rings", "rings_phi_a.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        for (int k = 0; k < 5; k++)
        {
            double integral = phi.Sum(r => double.Parse(r[7 + k], System.Globalization.CultureInfo.InvariantCulture) * 5);
            int rings = phi.Sum(r => int.Parse(r[2 + k]));
            Assert.Equal(rings > 0 ? 1.0 : 0.0, integral, 1e-9);
        }
        Assert.Contains("held-out accuracy SOAP / BPSF", stdout);
        Assert.Contains("report.html", stdout);
        // The summary's held-out accuracies are real: the SOAP model separates the phases better than chance by far.
        var soapAccuracy = double.Parse(Regex.Match(html, @"<td>SOAP 780-100-7</td><td>([0-9.]+) %</td>").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // With the block split (late frames of each run, 1 ps after the last training frame) SOAP reaches 94 %.
        Assert.InRange(soapAccuracy, 90, 100);
        // Every accuracy says which split it used and carries a 95 % interval with the frames and rows it rests on.
        Assert.Matches(@"<td>SOAP 780-100-7</td><td>[0-9.]+ %</td><td>[0-9.]+ %–[0-9.]+ %</td><td>[0-9.]+ %</td><td>[0-9.]+ %–[0-9.]+ %</td><td>[0-9]+</td><td>[0-9]+</td>", html);
        Assert.Contains("split block: per run the last 20 % of its frames tested", html);
        Assert.Contains("late frames held out after a gap (block split)", html);
        Assert.Contains("<th>balanced accuracy</th>", html);
        Assert.Contains("balanced accuracy SOAP / BPSF", stdout);
        var soapMetrics = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "soap.metrics.json")))!;
        Assert.Equal("block", (string)soapMetrics["split"]!);
        Assert.Equal(2, soapMetrics["accuracy_ci95"]!.AsArray().Count);
        // The demo's SOAP dataset has one source tag: no tag map.
        Assert.False(File.Exists(Path.Combine(dir, "tsne", "tsne_tag.png")));
    }
}
