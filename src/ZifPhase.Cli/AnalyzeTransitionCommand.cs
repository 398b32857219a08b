using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>`zifphase analyze transition FRACTIONS.csv... --phase PHASE`: t0 of each run and the aligned plot.</summary>
public sealed class AnalyzeTransitionCommand : IAnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FRACTIONS") { Description = "FRACTIONS.csv files written by 'zifphase classify --fractions'", Arity = ArgumentArity.OneOrMore };
        var phase = AnalyzeOptions.Phase(required: true, "the new phase whose fraction crosses 0.5");
        var dt = new Option<double?>("--dt") { Description = "ps per MD step, for files without a time column (else the x axis is the step)", HelpName = "PS" }
            .Allow(v => v is null || CommonOptions.Positive(v.Value), "a positive number of ps per step");
        var label = new Option<string[]>("--label") { Description = "name of a run, given once per file in the same order (default: each file's path relative to the folder common to all)", HelpName = "NAME", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "print one JSON object: {\"phase\":..,\"runs\":[{\"run\":..,\"file\":..,\"t0\":..,\"max_fraction\":..},..]} (t0 null when never reached)" };
        var outDir = new Option<string?>("--output", "-o") { Description = "folder for transition_t0.csv (t0 per run), transition.csv (every frame, t and t − t0) and transition.png/svg", HelpName = "DIR" };
        var command = new Command("transition", "t0 (fraction of the new phase first reaches 0.5, linear interpolation) of each run; runs aligned on t0 with the cell parameter c.");
        command.Arguments.Add(files);
        phase.AddTo(command);
        foreach (var o in new Option[] { dt, label, json, outDir }) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var target = phase.Read(parse)!;
            double? psPerStep = parse.GetValue(dt);
            var paths = parse.GetValue(files)!;
            if (parse.GetValue(outDir) is { } dirOut)
                ZifPhase.IO.FilePaths.RefuseOverwrite(paths, Path.Combine(dirOut, "transition_t0.csv"), Path.Combine(dirOut, "transition.csv"));
            var labels = parse.GetValue(label) ?? [];
            if (labels.Length > 0 && labels.Length != paths.Length)
                throw new UsageException($"--label was given {labels.Length} time(s) for {paths.Length} file(s): give it once per file, in the same order");
            if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
                throw new ZifPhaseException($"--label names must differ: '{labels.GroupBy(l => l).First(g => g.Count() > 1).Key}' is given twice");
            var result = AnalysisRuns.Transition(paths, target, psPerStep, labels.Length > 0 ? labels : null);
            var (runs, timeLabel) = (result.Runs, result.TimeUnit);
            foreach (var r in runs.Where(r => !r.Reached))
                context.Err.WriteLine($"zifphase: notice: {TransitionReport.NeverReached(r, target, timeLabel)}");
            if (parse.GetValue(outDir) is { } dir)
            {
                TransitionReport.Write(result, dir);
                if (runs.All(r => !r.Reached))
                    context.Err.WriteLine($"zifphase: notice: no run reaches 0.5: {Path.Combine(dir, "transition.png")} shows the fractions against t, not aligned");
            }
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(TransitionReport.ToJson(result).ToJsonString());
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn(new TableColumn($"t0 ({timeLabel})").RightAligned())
                    .AddColumn(new TableColumn($"max fraction of {Markup.Escape(target)}").RightAligned());
                foreach (var r in runs)
                    table.AddRow(Markup.Escape(r.Name), r.T0 is { } t0 ? t0.ToString("G6", CultureInfo.InvariantCulture) : "never reaches 0.5",
                        r.MaxFraction.ToString("F3", CultureInfo.InvariantCulture));
                context.OutConsole().Write(table);
            }
            return 0;
        }));
        return command;
    }
}
