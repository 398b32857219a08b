using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase analyze rings FILE [--labels LABELLED] [--phase PHASE] [--json] [-o DIR]`: 4-membered rings of the
/// periodic Zn net, their orientation φa and, with a target phase, φa histograms grouped by how many of a
/// ring's Zn carry the target label (SPEC §5). Frames of FILE and LABELLED are taken in lockstep.
/// </summary>
public sealed class AnalyzeRingsCommand : IAnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "structure or trajectory (extxyz, dump, data, CIF)" };
        var labelsOpt = new Option<string?>("--labels") { Description = "labelled trajectory (from zifphase classify) with the same atoms and frames as FILE; default: FILE's own 'phase' column when --phase is given", HelpName = "LABELLED" };
        var target = AnalyzeOptions.Phase(required: false);
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var output = new Option<string?>("--output", "-o") { Description = "folder for rings.csv, rings_phi_a.csv and rings_phi_a.png/svg", HelpName = "DIR" };
        var binWidth = new Option<double>("--bin-width") { Description = "φa histogram bin width, degrees", DefaultValueFactory = _ => 5.0, HelpName = "DEG" }
            .Allow(v => v > 0 && v <= 90, "in (0, 90] degrees");
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var net = AnalyzeOptions.Network();
        var command = new Command("rings", "4-membered rings of the periodic Zn net (counted per cell), their normal's angle φa to lattice vector a, grouped by target-labelled Zn per ring.");
        command.Arguments.Add(file);
        command.Options.Add(labelsOpt);
        target.AddTo(command);
        foreach (var o in new Option[] { json, output, binWidth, frames, types, format }) command.Options.Add(o);
        foreach (var o in net.All) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(file)!;
            var phase = target.Read(parse);
            var labelsPath = parse.GetValue(labelsOpt);
            if (parse.GetValue(output) is { } outDir)
                ZifPhase.IO.FilePaths.RefuseOverwrite([path, labelsPath], Path.Combine(outDir, "rings.csv"), Path.Combine(outDir, "rings_phi_a.csv"));
            if (labelsPath is not null && phase is null) throw new ZifPhaseException("--labels needs --phase PHASE");
            var read = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var fmt = CommonOptions.ParseFormat(parse.GetValue(format));
            var result = AnalysisRuns.Rings(path, labelsPath, phase, read, fmt, net.Read(parse), parse.GetValue(binWidth));
            if (parse.GetValue(output) is { } dir)
            {
                RingReport.Write(result, dir);
                context.Err.WriteLine($"wrote {Path.Combine(dir, "rings.csv")}, rings_phi_a.csv and rings_phi_a.png/svg");
            }
            if (parse.GetValue(json)) context.Out.WriteLine(RingReport.ToJson(result).ToJsonString());
            else Print(result, context.Out, context.OutConsole());
            return 0;
        }));
        return command;
    }

    private static void Print(RingsResult result, TextWriter text, IAnsiConsole console)
    {
        text.WriteLine($"{RingPlots.Observations(result.Rings.Length, result.Frames)} of four-membered rings, {(result.ZnTotal > 0 ? (double)result.Rings.Length / result.ZnTotal : 0).ToString("F4", CultureInfo.InvariantCulture)} per Zn");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("group").AddColumn(new TableColumn("rings").RightAligned()).AddColumn(new TableColumn("mean φa (°)").RightAligned());
        foreach (var (name, h) in result.Groups())
            table.AddRow(Markup.Escape(name), h.Count.ToString(CultureInfo.InvariantCulture), h.Count > 0 ? h.MeanPhiA.ToString("F2", CultureInfo.InvariantCulture) : "–");
        console.Write(table);
    }
}
