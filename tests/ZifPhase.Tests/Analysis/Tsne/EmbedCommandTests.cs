using System.CommandLine;
using System.Globalization;
using ZifPhase.Cli;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Analysis.Tsne;

public class EmbedCommandTests
{
    /// <summary>Runs `embed` alone (the command is registered in CliApp separately).</summary>
    private static (int Code, string Out, string Err) RunEmbed(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr);
        var root = new RootCommand("test") { EmbedCommand.Create(context) };
        var parse = root.Parse(["embed", .. args]);
        if (parse.Errors.Count > 0) return (2, "", parse.Errors[0].Message);
        int code = parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string BuildDataset()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var path = Path.Combine(dir, "train.h5");
        DatasetBuilder.Build(DatasetManifest.Load(Path.Combine(dir, "manifest.toml")), path);
        return path;
    }

    [Fact]
    public void EmbedWritesTheCsvAndFourPlots()
    {
        var dataset = BuildDataset();
        var data = Dataset.Load(dataset);
        var outDir = Path.Combine(Path.GetDirectoryName(dataset)!, "embed");
        var (code, _, stderr) = RunEmbed(dataset, "--sample", "100", "--perplexity", "10", "--iterations", "300", "--seed", "4", "-o", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("KL divergence", stderr);
        foreach (var f in new[] { "tsne_phase.png", "tsne_phase.svg", "tsne_tag.png", "tsne_tag.svg" })
            Assert.True(new FileInfo(Path.Combine(outDir, f)).Length > 1000, f);
        Assert.Contains("t-SNE 1", File.ReadAllText(Path.Combine(outDir, "tsne_phase.svg")));

        var lines = File.ReadAllLines(Path.Combine(outDir, "embedding.csv"));
        Assert.Equal("row,x,y,phase,tag,source,frame,atom", lines[0]);
        Assert.Equal(100 + 1, lines.Length);
        var rows = new List<int>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(8, f.Length);
            int row = int.Parse(f[0], CultureInfo.InvariantCulture);
            rows.Add(row);
            Assert.True(double.IsFinite(double.Parse(f[1], CultureInfo.InvariantCulture)));
            Assert.True(double.IsFinite(double.Parse(f[2], CultureInfo.InvariantCulture)));
            Assert.Equal(data.ClassNames[data.Labels[row]], f[3]);
            Assert.Equal(data.Tag(row), f[4]);
            Assert.Equal(data.Sources[data.SourceIndex[row]].Path, f[5]);
            Assert.Equal(data.Frame[row], int.Parse(f[6], CultureInfo.InvariantCulture));
            Assert.Equal(data.Atom[row], int.Parse(f[7], CultureInfo.InvariantCulture));
        }
        Assert.Equal(rows.Order(), rows);
        Assert.Equal(100, rows.Distinct().Count());
        // Stratified: each phase keeps its share of the dataset within one row.
        foreach (var phase in data.ClassNames)
        {
            double share = data.Labels.Count(l => data.ClassNames[l] == phase) * 100.0 / data.Rows;
            Assert.InRange(lines.Skip(1).Count(l => l.Split(',')[3] == phase), share - 1, share + 1);
        }

        // The same seed gives the same file.
        var again = Path.Combine(Path.GetDirectoryName(dataset)!, "again");
        Assert.Equal(0, RunEmbed(dataset, "--sample", "100", "--perplexity", "10", "--iterations", "300", "--seed", "4", "--threads", "1", "-o", again).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, "embedding.csv")), File.ReadAllBytes(Path.Combine(again, "embedding.csv")));
    }

    [Fact]
    public void EmbedFailsWithOneLineForAMissingFileAndBadOptions()
    {
        var (code, _, stderr) = RunEmbed("no-such.h5");
        Assert.Equal(1, code);
        Assert.StartsWith("zifphase: error:", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        var dataset = BuildDataset();
        var (bad, _, badErr) = RunEmbed(dataset, "--perplexity", "0");
        Assert.Equal(2, bad); // an out-of-range number is a bad command line (exit 2), like a misspelt option
        Assert.Contains("--perplexity", badErr);
    }

    [Fact]
    public void OneSourceTagGivesNoTagMap()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var manifest = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("tag = \"ffB\"", "tag = \"ffA\""));
        var dataset = Path.Combine(dir, "one-tag.h5");
        DatasetBuilder.Build(DatasetManifest.Load(manifest), dataset);
        var outDir = Path.Combine(dir, "embed");
        var (code, _, stderr) = RunEmbed(dataset, "--sample", "60", "--perplexity", "10", "--iterations", "250", "-o", outDir);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "tsne_phase.png")));
        Assert.False(File.Exists(Path.Combine(outDir, "tsne_tag.png")));
        Assert.Contains("no tsne_tag", stderr);
    }
}
