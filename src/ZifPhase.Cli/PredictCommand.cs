using System.CommandLine;
using System.Globalization;
using System.Text;
using ZifPhase.Learning;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>`zifphase predict MODEL.json FEATURES.npy [-o OUT.csv]`: phase probabilities for descriptor rows computed elsewhere.</summary>
public static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var modelArg = new Argument<string>("MODEL") { Description = "model file written by 'zifphase train', or a shipped model's name: paper-soap, paper-bpsf" };
        var featuresArg = new Argument<string>("FEATURES") { Description = ".npy of rows × features with the model's descriptor (e.g. from 'zifphase describe' or DScribe)" };
        var output = new Option<string?>("--output", "-o") { Description = "CSV to write (default: stdout): row, phase (or unknown), p_<class>..., spread, novelty", HelpName = "OUT.csv" };
        var threads = CommonOptions.Threads();
        var command = new Command("predict", "Classify descriptor rows computed elsewhere (.npy) with a model.");
        command.Arguments.Add(modelArg);
        command.Arguments.Add(featuresArg);
        command.Options.Add(output);
        command.Options.Add(threads);
        command.SetAction(context.Guard(parse =>
        {
            var model = ModelFile.Load(ShippedModels.Resolve(parse.GetValue(modelArg)!));
            var featuresPath = parse.GetValue(featuresArg)!;
            ZifPhase.IO.FilePaths.CheckOutputs([parse.GetValue(modelArg), featuresPath], parse.GetValue(output));
            var (values, rows, columns) = NpyFile.ReadFloat32(featuresPath);
            if (columns != model.FeatureCount)
                throw new InputException(featuresPath, null, null, $"rows have {columns} features but the model takes {model.FeatureCount}");
            var assignment = model.Assign(values, null, parse.GetValue(threads));
            var sb = new StringBuilder();
            sb.Append("row,phase");
            foreach (var c in ColumnNames.Identifiers(model.ClassNames)) sb.Append(",p_").Append(c);
            sb.Append(",spread,novelty\n");
            var inv = CultureInfo.InvariantCulture;
            for (int r = 0; r < rows; r++)
            {
                // No threshold here: the label is unknown (novelty detector) or the most probable class.
                sb.Append(r.ToString(inv)).Append(',').Append(ZifPhase.Analysis.PhaseLabels.LabelOf(assignment, r, 0));
                foreach (var p in assignment.Row(r)) sb.Append(',').Append(p.ToString("R", inv));
                sb.Append(',').Append(assignment.Spread[r].ToString("R", inv)).Append(',').Append(assignment.Novelty[r].ToString("R", inv));
                sb.Append('\n');
            }
            if (assignment.NoveltyThreshold is not null)
                context.Err.WriteLine(string.Create(inv, $"{assignment.UnknownCount()} of {rows} rows unknown (novelty score above {assignment.NoveltyThreshold:G4})"));
            if (parse.GetValue(output) is { } outPath)
            {
                ZifPhase.IO.AtomicFile.WriteAllText(outPath, sb.ToString());
                context.Err.WriteLine($"wrote {rows} rows to {outPath}");
            }
            else context.Out.Write(sb.ToString());
            return 0;
        }));
        return command;
    }
}
