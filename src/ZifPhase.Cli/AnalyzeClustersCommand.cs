using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScottPlot;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase analyze clusters LABELLED... --target PHASE [--frames SLICE] [--json] [-o DIR]`: clusters of Zn
/// labelled as the target phase in each frame, and ⟨l_x⟩, ⟨l_y⟩, ⟨l_z⟩ versus cluster size N averaged over
/// every frame of every file (SPEC §5).
/// </summary>
public static class AnalyzeClustersCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("LABELLED") { Description = "labelled trajectories (from zifphase classify), averaged together", Arity = ArgumentArity.OneOrMore };
        var target = AnalyzeOptions.Target(required: true);
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var output = new Option<string?>("--output", "-o") { Description = "folder for clusters.csv, clusters_by_size.csv and clusters_extent.png/svg", HelpName = "DIR" };
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var net = AnalyzeOptions.Network();
        var command = new Command("clusters", "Clusters of Zn labelled as the target phase (connected through bridges): size N, extents l_x, l_y, l_z, percolation; ⟨l_i⟩ versus N over frames and files.");
        command.Arguments.Add(files);
        foreach (var o in new Option[] { target, json, output, frames, types, format }) command.Options.Add(o);
        foreach (var o in net.All) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var read = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var fmt = CommonOptions.ParseFormat(parse.GetValue(format));
            var analysis = new ClusterAnalysis(parse.GetValue(target)!, net.Read(parse));
            var paths = parse.GetValue(files)!;
            foreach (var path in paths)
            {
                int before = analysis.FramesDone;
                analysis.Run(TrajectoryReader.Read(path, read, fmt), FrameRange.All);
                if (analysis.FramesDone == before) throw new InputException(path, null, null, "no frame selected");
            }
            var result = analysis.Result();
            if (parse.GetValue(output) is { } dir) Write(result, dir, context);
            if (parse.GetValue(json)) context.Out.WriteLine(ToJson(result).ToJsonString());
            else Print(result, context);
            return 0;
        }));
        return command;
    }

    public static JsonObject ToJson(ClusterAnalysisResult result) => new()
    {
        ["target"] = result.Target,
        ["frames"] = result.Frames.Length,
        ["per_frame"] = new JsonArray(result.Frames.Select(f => (JsonNode?)new JsonObject
        {
            ["file"] = f.Source,
            ["frame"] = f.FrameIndex,
            ["step"] = f.Step,
            ["time"] = f.Time,
            ["target_zn"] = f.TargetZn,
            ["clusters"] = new JsonArray(f.Clusters.Select(c => (JsonNode?)new JsonObject
            {
                ["size"] = c.Size,
                ["lx"] = c.Lx,
                ["ly"] = c.Ly,
                ["lz"] = c.Lz,
                ["percolating"] = c.Percolating,
                ["percolation_dimension"] = c.PercolationDimension,
            }).ToArray()),
        }).ToArray()),
        ["by_size"] = new JsonArray(result.BySize.Select(r => (JsonNode?)new JsonObject
        {
            ["n"] = r.Size,
            ["count"] = r.Count,
            ["percolating"] = r.Percolating,
            ["mean_lx"] = r.MeanLx,
            ["mean_ly"] = r.MeanLy,
            ["mean_lz"] = r.MeanLz,
        }).ToArray()),
    };

    private static void Print(ClusterAnalysisResult result, CliContext context)
    {
        int clusters = result.Frames.Sum(f => f.Clusters.Length);
        context.Out.WriteLine($"{clusters} clusters of {result.Target} Zn in {result.Frames.Length} frame(s); {result.Frames.Count(f => f.Clusters.Any(c => c.Percolating))} frame(s) with a percolating cluster");
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("N").RightAligned()).AddColumn(new TableColumn("clusters").RightAligned())
            .AddColumn(new TableColumn("percolating").RightAligned()).AddColumn(new TableColumn("⟨l_x⟩ (Å)").RightAligned())
            .AddColumn(new TableColumn("⟨l_y⟩ (Å)").RightAligned()).AddColumn(new TableColumn("⟨l_z⟩ (Å)").RightAligned());
        foreach (var r in result.BySize)
            table.AddRow(r.Size.ToString(CultureInfo.InvariantCulture), r.Count.ToString(CultureInfo.InvariantCulture), r.Percolating.ToString(CultureInfo.InvariantCulture),
                AnalyzeOptions.F(r.MeanLx, "F2"), AnalyzeOptions.F(r.MeanLy, "F2"), AnalyzeOptions.F(r.MeanLz, "F2"));
        context.OutConsole().Write(table);
    }

    private static void Write(ClusterAnalysisResult result, string dir, CliContext context)
    {
        Directory.CreateDirectory(dir);
        var sb = new StringBuilder("source,frame,step,time_ps,cluster,size,lx,ly,lz,percolating,percolation_dimension\n");
        foreach (var f in result.Frames)
            for (int c = 0; c < f.Clusters.Length; c++)
            {
                var k = f.Clusters[c];
                sb.Append(CultureInfo.InvariantCulture, $"{Csv(f.Source ?? "")},{f.FrameIndex},{f.Step},{(f.Time is { } t ? AnalyzeOptions.F(t) : "")},{c},{k.Size},{AnalyzeOptions.F(k.Lx)},{AnalyzeOptions.F(k.Ly)},{AnalyzeOptions.F(k.Lz)},{(k.Percolating ? 1 : 0)},{k.PercolationDimension}\n");
            }
        ZifPhase.IO.AtomicFile.WriteAllText(Path.Combine(dir, "clusters.csv"), sb.ToString());
        sb.Clear().Append("n,count,percolating,mean_lx,mean_ly,mean_lz\n");
        foreach (var r in result.BySize)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Size},{r.Count},{r.Percolating},{AnalyzeOptions.F(r.MeanLx)},{AnalyzeOptions.F(r.MeanLy)},{AnalyzeOptions.F(r.MeanLz)}\n");
        ZifPhase.IO.AtomicFile.WriteAllText(Path.Combine(dir, "clusters_by_size.csv"), sb.ToString());

        var plot = new Plot();
        var n = result.BySize.Select(r => (double)r.Size).ToArray();
        (string Name, double[] Values, int Colour)[] series =
        [
            ("⟨l_x⟩", result.BySize.Select(r => r.MeanLx).ToArray(), 0),
            ("⟨l_y⟩", result.BySize.Select(r => r.MeanLy).ToArray(), 1),
            ("⟨l_z⟩", result.BySize.Select(r => r.MeanLz).ToArray(), 2),
        ];
        foreach (var (name, values, colour) in series)
        {
            if (n.Length == 0) break;
            var s = plot.Add.Scatter(n, values);
            s.Color = ScottPlot.Color.FromHex(PhasePalette.OkabeIto[colour]);
            s.LineWidth = 1;
            s.MarkerSize = 7;
            s.LegendText = name;
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.XLabel($"cluster size N ({result.Target} Zn)");
        plot.YLabel("mean extent ⟨l_i⟩ (Å)");
        plot.Title($"{result.Target} clusters: mean extents over {result.Frames.Length} frame(s)");
        Plots.Save(plot, Path.Combine(dir, "clusters_extent"));
        context.Err.WriteLine($"wrote {Path.Combine(dir, "clusters.csv")}, clusters_by_size.csv and clusters_extent.png/svg");
    }

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
