using System.Globalization;
using System.Text.Json;
using ZifPhase.Analysis;

namespace ZifPhase.Tests.Cli;

public class AnalyzeTransitionCommandTests
{
    /// <summary>A minimal FRACTIONS.csv (no time column: steps of 500, 0.25 ps each with --dt 0.0005).</summary>
    internal static string Fractions(string dir, string sub, params double[] fraction)
    {
        var folder = Path.Combine(dir, sub);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "fractions.csv");
        var lines = new List<string> { "file,frame,step,time,c,frac_ZIF-4,frac_ZIF-4-cp" };
        for (int i = 0; i < fraction.Length; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"run.dump,{i},{i * 500},,{18 - i * 0.5},{1 - fraction[i]},{fraction[i]}"));
        File.WriteAllLines(path, lines);
        return path;
    }

    private static JsonElement Json(string stdout) => JsonDocument.Parse(stdout.Trim()).RootElement.Clone();

    [Fact]
    public void EachRunHasItsOwnT0AndADistinctName()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            // runA crosses 0.5 between 0.5 ps (0.2) and 0.75 ps (0.65): t0 = 0.5 + 0.3/0.45 · 0.25 = 0.6667 ps.
            // runB crosses between 0.25 ps (0.3) and 0.5 ps (0.8): t0 = 0.35 ps.
            var a = Fractions(dir, "runA", 0, 0.1, 0.2, 0.65, 1.0);
            var b = Fractions(dir, "runB", 0, 0.3, 0.8, 0.9, 1.0);
            var (code, stdout, stderr) = CliRunner.Run("analyze", "transition", a, b, "--phase", "ZIF-4-cp", "--dt", "0.0005", "--json");
            Assert.True(code == 0, stderr);
            var runs = Json(stdout).GetProperty("runs");
            Assert.Equal(["runA/fractions.csv", "runB/fractions.csv"], runs.EnumerateArray().Select(r => r.GetProperty("run").GetString()));
            Assert.Equal(0.5 + 0.3 / 0.45 * 0.25, runs[0].GetProperty("t0").GetDouble(), 1e-12);
            Assert.Equal(0.35, runs[1].GetProperty("t0").GetDouble(), 1e-12);
            Assert.Equal(b, runs[1].GetProperty("file").GetString());

            // --label once per file names the runs; the plot legend gives t0 with its unit at two decimals.
            var outDir = Path.Combine(dir, "out");
            var labelled = CliRunner.Run("analyze", "transition", a, b, "--phase", "ZIF-4-cp", "--dt", "0.0005", "--label", "105 MPa", "--label", "20 MPa", "--json", "-o", outDir);
            Assert.True(labelled.Code == 0, labelled.Err);
            Assert.Equal(["105 MPa", "20 MPa"], Json(labelled.Out).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run").GetString()));
            var svg = File.ReadAllText(Path.Combine(outDir, "transition.svg"));
            Assert.Contains("105 MPa (t0 = 0.67 ps)", svg);
            Assert.Contains("20 MPa (t0 = 0.35 ps)", svg);
            var t0Csv = File.ReadAllLines(Path.Combine(outDir, "transition_t0.csv"));
            Assert.Equal(3, t0Csv.Length);
            Assert.Equal("run,source,t0,max_fraction,time_of_max", t0Csv[0]);
            Assert.StartsWith($"105 MPa,{a},0.666", t0Csv[1]);
            Assert.StartsWith($"20 MPa,{b},0.35", t0Csv[2]);
            Assert.EndsWith(",1,1", t0Csv[2]);

            var wrong = CliRunner.Run("analyze", "transition", a, b, "--phase", "ZIF-4-cp", "--label", "only one");
            Assert.Equal(2, wrong.Code); // a command-line mistake
            Assert.Equal("zifphase: error: --label was given 1 time(s) for 2 file(s): give it once per file, in the same order", wrong.Err.Trim());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ARunThatNeverReachesOneHalfIsNamedWithItsMaximum()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var a = Fractions(dir, "runA", 0, 0.1, 0.2, 0.65, 1.0);
            var c = Fractions(dir, "runC", 0, 0.1, 0.31, 0.2, 0.25);
            var outDir = Path.Combine(dir, "out");
            var (code, stdout, stderr) = CliRunner.Run("analyze", "transition", a, c, "--phase", "ZIF-4-cp", "--dt", "0.0005", "--json", "-o", outDir);
            Assert.True(code == 0, stderr);
            Assert.Equal("zifphase: notice: runC/fractions.csv: the fraction of ZIF-4-cp never reaches 0.5 (maximum 0.310 at t = 0.50 ps): no t0 for this run",
                Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            var runs = Json(stdout).GetProperty("runs");
            Assert.Equal(JsonValueKind.Null, runs[1].GetProperty("t0").ValueKind);
            Assert.Equal(0.31, runs[1].GetProperty("max_fraction").GetDouble());
            Assert.Equal($"runC/fractions.csv,{c},,0.31,0.5", File.ReadAllLines(Path.Combine(outDir, "transition_t0.csv"))[2]);
            // Every frame of both runs is in transition.csv; runC has t but no t − t0.
            var rows = File.ReadAllLines(Path.Combine(outDir, "transition.csv"));
            Assert.Equal(11, rows.Length);
            Assert.Equal("runC/fractions.csv,0.5,,0.31,17", rows[8]);
            // runC is left out of the aligned plot, and the plot says so.
            var svg = File.ReadAllText(Path.Combine(outDir, "transition.svg"));
            Assert.Contains("runC/fractions.csv: never reaches 0.5 (maximum 0.31), not shown", svg);
            Assert.DoesNotContain("runC/fractions.csv (t0", svg);

            // Alone, it still gets its plot (fractions against t, not aligned) and says so.
            var alone = CliRunner.Run("analyze", "transition", c, "--phase", "ZIF-4-cp", "--dt", "0.0005", "-o", outDir);
            Assert.True(alone.Code == 0, alone.Err);
            var notices = alone.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, notices.Length);
            Assert.StartsWith("zifphase: notice: fractions.csv: the fraction of ZIF-4-cp never reaches 0.5 (maximum 0.310", notices[0]);
            Assert.Contains("no run reaches 0.5", notices[1]);
            Assert.Contains("never reaches 0.5 (no t0, not aligned)", File.ReadAllText(Path.Combine(outDir, "transition.svg")));
            Assert.Contains("never reaches 0.5", alone.Out);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RunNamesAreRelativeToTheCommonFolderAndDistinct()
    {
        var sep = Path.DirectorySeparatorChar;
        Assert.Equal(["a/x.csv", "b/c/x.csv"], TransitionAlignment.RunNames([$"top{sep}a{sep}x.csv", $"top{sep}b{sep}c{sep}x.csv"]));
        Assert.Equal(["x.csv"], TransitionAlignment.RunNames([$"top{sep}a{sep}x.csv"]));
        Assert.Equal(["x.csv", "x.csv (2)"], TransitionAlignment.RunNames(["x.csv", "x.csv"]));
        // Analyse keeps the input order and never matches runs by name: equal names keep their own t0.
        var runs = TransitionAlignment.Analyse([new TransitionSeries("same", [0, 1], [0, 1], [1, 1]), new TransitionSeries("same", [0, 1, 2], [0, 0, 1], [1, 1, 1])]);
        Assert.Equal([0.5, 1.5], runs.Select(r => r.T0!.Value));
    }
}
