using System.CommandLine;
using ZifPhase.Cli;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning.Data;

public class DatasetCommandTests
{
    /// <summary>Runs `zifphase dataset ...` through the command alone (as CliApp will once it registers it).</summary>
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(DatasetCommand.Create(new CliContext(stdout, stderr)));
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        int code = parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void BuildWritesTheDatasetAndASummaryTable()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var output = Path.Combine(dir, "set.h5");
        var (code, stdout, stderr) = Run("dataset", "build", Path.Combine(dir, "manifest.toml"), "-o", output, "--threads", "1");
        Assert.Equal(0, code);
        var d = Dataset.Load(output);
        Assert.Contains("ZIF-4-cp-II", stdout);
        Assert.Contains("ffB", stdout);
        Assert.Contains(d.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), stdout);
        Assert.Contains(d.Labels.Count(l => l == 1).ToString(System.Globalization.CultureInfo.InvariantCulture), stdout);
        Assert.Contains($"wrote {d.Rows} rows × 12 features", stderr);
    }

    [Fact]
    public void ErrorsAreOneLine()
    {
        var dir = DatasetTestData.WriteThreeSources();
        File.AppendAllText(Path.Combine(dir, "manifest.toml"), "\n[[source]]\npath = \"md/none.extxyz\"\nphase = \"x\"\ntag = \"t\"\n");
        var (code, stdout, stderr) = Run("dataset", "build", Path.Combine(dir, "manifest.toml"), "-o", Path.Combine(dir, "set.h5"));
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.StartsWith("zifphase: error: ", stderr);
        Assert.Contains("[[source]] 4", stderr);
        Assert.Contains("none.extxyz", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(dir, "set.h5")));
    }
}
