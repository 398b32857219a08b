using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.Pipeline;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase analyze coordination FILE [--cutoff 2.5] [--frames SLICE] [--json] [-o DIR]`: Zn–N coordination per
/// phase (<see cref="ZnNCoordination"/>) over the selected frames, run by the frame pipeline.
/// </summary>
public sealed class AnalyzeCoordinationCommand : IAnalyzeCommand
{
    /// <summary>The file -o DIR receives.</summary>
    public const string CsvName = "coordination.csv";

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "structure or trajectory (extxyz, dump, data, CIF); a labelled one (from zifphase classify) is split by phase" };
        var cutoff = new Option<double>("--cutoff") { Description = "Zn–N cutoff, Å", DefaultValueFactory = _ => ZnNCoordination.DefaultCutoff, HelpName = "Å" }
            .Allow(CommonOptions.Positive, "a positive length in Å");
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var output = new Option<string?>("--output", "-o") { Description = $"folder for {CsvName} (phase,zn,mean_cn,cn0..cn8,mean_d4)", HelpName = "DIR" };
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var command = new Command("coordination", "Zn–N coordination per phase: N within a cutoff of each Zn (histogram 0..8, mean), mean distance of the four nearest N.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { cutoff, json, output, frames, types, format }) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(file)!;
            var csv = parse.GetValue(output) is { } dir ? Path.Combine(dir, CsvName) : null;
            if (csv is not null) ZifPhase.IO.FilePaths.RefuseOverwrite([path], csv);
            var read = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), context.Warn);
            var stage = new AnalysisStage<ZnNCoordinationResult>(new ZnNCoordination(parse.GetValue(cutoff)));
            FrameRun.ToEnd(FrameSource.Of(path, read, CommonOptions.ParseFormat(parse.GetValue(format))), stage);
            var result = stage.Result();
            if (csv is not null)
            {
                result.WriteCsv(csv);
                context.Err.WriteLine($"wrote {csv}");
            }
            if (parse.GetValue(json)) context.Out.WriteLine(result.ToJson().ToJsonString());
            else Print(result, context);
            return 0;
        }));
        return command;
    }

    private static void Print(ZnNCoordinationResult result, CliContext context)
    {
        static string F(double v, string f) => double.IsNaN(v) ? "–" : v.ToString(f, CultureInfo.InvariantCulture);
        context.Out.WriteLine($"Zn–N coordination within {F(result.Cutoff, "R")} Å: {result.Zn} Zn over {result.Frames} frame(s)");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("phase").AddColumn(new TableColumn("Zn").RightAligned())
            .AddColumn(new TableColumn("mean CN").RightAligned());
        for (int n = 0; n <= ZnNCoordinationRow.MaxCn; n++) table.AddColumn(new TableColumn(n == ZnNCoordinationRow.MaxCn ? $"{n}+" : $"{n}").RightAligned());
        table.AddColumn(new TableColumn("d4 (Å)").RightAligned());
        foreach (var p in result.Phases)
            table.AddRow([Markup.Escape(p.Phase), p.Zn.ToString(CultureInfo.InvariantCulture), F(p.MeanCn, "F3"),
                .. p.Histogram.Select(c => c.ToString(CultureInfo.InvariantCulture)), F(p.MeanD4, "F3")]);
        context.OutConsole().Write(table);
    }
}
