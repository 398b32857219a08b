using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase analyze clusters LABELLED... --target PHASE [--frames SLICE] [--json] [-o DIR]`: clusters of Zn
/// labelled as the target phase in each frame, and ⟨l_x⟩, ⟨l_y⟩, ⟨l_z⟩ versus cluster size N averaged over
/// every frame of every file (SPEC §5).
/// </summary>
public sealed class AnalyzeClustersCommand : IAnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("LABELLED") { Description = "labelled trajectories (from zifphase classify), averaged together", Arity = ArgumentArity.OneOrMore };
        var target = AnalyzeOptions.Phase(required: true);
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var output = new Option<string?>("--output", "-o") { Description = "folder for clusters.csv, clusters_by_size.csv (finite clusters), clusters_per_frame.csv and clusters_extent.png/svg", HelpName = "DIR" };
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var net = AnalyzeOptions.Network();
        var command = new Command("clusters", "Clusters of Zn labelled as the target phase (connected through bridges): size N, extents l_x, l_y, l_z, percolation; ⟨l_i⟩ versus N over frames and files.");
        command.Arguments.Add(files);
        target.AddTo(command);
        foreach (var o in new Option[] { json, output, frames, types, format }) command.Options.Add(o);
        foreach (var o in net.All) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var read = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var fmt = CommonOptions.ParseFormat(parse.GetValue(format));
            var paths = parse.GetValue(files)!;
            if (parse.GetValue(output) is { } outDir)
                ZifPhase.IO.FilePaths.RefuseOverwrite(paths, [.. new[] { "clusters.csv", "clusters_by_size.csv", "clusters_per_frame.csv" }.Select(n => Path.Combine(outDir, n))]);
            var result = AnalysisRuns.Clusters(paths, target.Read(parse)!, read, fmt, net.Read(parse));
            if (parse.GetValue(output) is { } dir) Write(result, dir, context);
            if (parse.GetValue(json)) context.Out.WriteLine(ClusterReport.ToJson(result).ToJsonString());
            else Print(result, context);
            return 0;
        }));
        return command;
    }

    private static void Print(PhaseClusterResult result, CliContext context)
    {
        int clusters = result.Frames.Sum(f => f.Clusters.Length);
        context.Out.WriteLine($"{clusters} clusters of {result.Target} Zn in {result.Frames.Length} frame(s); {result.Frames.Count(f => f.Clusters.Any(c => c.Percolating))} frame(s) with a percolating cluster");
        context.Out.WriteLine($"⟨l_i⟩ over the {result.FiniteClusters} finite cluster(s); left out: {ClusterReport.PercolationSummary(result)}");
        static string Pm(double mean, double sem) => ReportText.F(mean, "F2") + (double.IsFinite(sem) ? " ± " + ReportText.F(sem, "F2") : "");
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("N").RightAligned()).AddColumn(new TableColumn("finite clusters").RightAligned())
            .AddColumn(new TableColumn("⟨l_x⟩ (Å)").RightAligned()).AddColumn(new TableColumn("⟨l_y⟩ (Å)").RightAligned()).AddColumn(new TableColumn("⟨l_z⟩ (Å)").RightAligned());
        foreach (var r in result.BySize)
            table.AddRow(r.Size.ToString(CultureInfo.InvariantCulture), r.Count.ToString(CultureInfo.InvariantCulture),
                Pm(r.MeanLx, r.SemLx), Pm(r.MeanLy, r.SemLy), Pm(r.MeanLz, r.SemLz));
        context.OutConsole().Write(table);
    }

    private static void Write(PhaseClusterResult result, string dir, CliContext context)
    {
        ClusterReport.Write(result, dir);
        context.Err.WriteLine($"wrote {Path.Combine(dir, "clusters.csv")}, clusters_by_size.csv, clusters_per_frame.csv and clusters_extent.png/svg");
    }
}
