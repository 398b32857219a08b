using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>`zifphase analyze transition FRACTIONS.csv... --phase PHASE`: t0 of each run and the aligned plot.</summary>
public static class AnalyzeTransitionCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FRACTIONS") { Description = "FRACTIONS.csv files written by 'zifphase classify --fractions'", Arity = ArgumentArity.OneOrMore };
        var phase = new Option<string>("--phase") { Description = "the new phase whose fraction crosses 0.5", Required = true, HelpName = "PHASE" };
        var dt = new Option<double?>("--dt") { Description = "ps per MD step, for files without a time column (else the x axis is the step)", HelpName = "PS" };
        var json = new Option<bool>("--json") { Description = "print one JSON object: {\"phase\":..,\"runs\":[{\"file\":..,\"t0\":..},..]}" };
        var outDir = new Option<string?>("--output", "-o") { Description = "folder for transition.csv (aligned series) and transition.png/svg", HelpName = "DIR" };
        var command = new Command("transition", "t0 (fraction of the new phase first reaches 0.5, linear interpolation) of each run; runs aligned on t0 with the cell parameter c.");
        command.Arguments.Add(files);
        foreach (var o in new Option[] { phase, dt, json, outDir }) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var target = parse.GetValue(phase)!;
            double? psPerStep = parse.GetValue(dt);
            var runs = new List<TransitionSeries>();
            string timeLabel = "ps";
            foreach (var path in parse.GetValue(files)!)
            {
                var rows = FractionsCsv.Read(path);
                if (rows.Count == 0) throw new InputException(path, null, null, "holds no frame");
                if (rows[0].Fraction(target) is null)
                    throw new InputException(path, null, 1, $"has no column frac_{ColumnNames.Identifier(target)} for phase {target} (columns: {string.Join(", ", rows[0].FractionColumns().Select(c => "frac_" + c))})");
                double[] time = rows.All(r => r.Time is not null) ? rows.Select(r => r.Time!.Value).ToArray()
                    : psPerStep is { } d ? rows.Select(r => r.Step * d).ToArray()
                    : rows.Select(r => (double)r.Step).ToArray();
                if (rows.Any(r => r.Time is null) && psPerStep is null) timeLabel = "steps";
                runs.Add(new TransitionSeries(Path.GetFileNameWithoutExtension(path), time,
                    rows.Select(r => r.Fraction(target)!.Value).ToArray(), rows.Select(r => r.C ?? double.NaN).ToArray()));
            }
            var (aligned, never) = TransitionAlignment.Align(runs);
            foreach (var name in never) context.Err.WriteLine($"zifphase: warning: {name}: the fraction of {target} never reaches 0.5; no t0");
            if (parse.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                var csv = new StringBuilder("run,t_minus_t0,fraction,c\n");
                foreach (var (s, _) in aligned)
                    for (int i = 0; i < s.Time.Length; i++)
                        csv.Append(CultureInfo.InvariantCulture, $"{s.Name},{s.Time[i]:R},{s.Fraction[i]:R},{s.C[i]:R}\n");
                ZifPhase.IO.AtomicFile.WriteAllText(Path.Combine(dir, "transition.csv"), csv.ToString());
                if (aligned.Count > 0) Plots.Transition(aligned, target, timeLabel, Path.Combine(dir, "transition"));
            }
            if (parse.GetValue(json))
            {
                var list = new JsonArray();
                foreach (var r in runs)
                {
                    var hit = aligned.FirstOrDefault(a => a.Series.Name == r.Name);
                    list.Add(new JsonObject { ["file"] = r.Name, ["t0"] = hit.Series is null ? null : hit.T0 });
                }
                context.Out.WriteLine(new JsonObject { ["phase"] = target, ["time_unit"] = timeLabel, ["runs"] = list }.ToJsonString());
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn(new TableColumn($"t0 ({timeLabel})").RightAligned());
                foreach (var r in runs)
                {
                    var hit = aligned.FirstOrDefault(a => a.Series.Name == r.Name);
                    table.AddRow(Markup.Escape(r.Name), hit.Series is null ? "never" : hit.T0.ToString("G6", CultureInfo.InvariantCulture));
                }
                context.OutConsole().Write(table);
            }
            return 0;
        }));
        return command;
    }
}
