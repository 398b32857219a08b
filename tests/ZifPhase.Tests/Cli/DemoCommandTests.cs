using System.Text.RegularExpressions;

namespace ZifPhase.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void DemoOnTheShippedDataWritesASelfContainedReport()
    {
        var dir = Path.Combine(TestPaths.NewTempDir(), "demo");
        var (code, stdout, stderr) = CliRunner.Run("demo", "--data", TestPaths.Data(), "--out", dir);
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (var id in new[] { "datasets", "accuracy", "per-class", "cross", "real", "network" })
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
        // All 28 real structures are listed with what they were classified as.
        Assert.Equal(28, Regex.Matches(html, "<tr><td>[a-z0-9-]+/[^<]+</td><td>(ZIF-4|ZIF-zni|ZIF-4-cp-II|ZIF-hPT-II|glass)</td>").Count);
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
